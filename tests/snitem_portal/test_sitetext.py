import pytest
from django.test import override_settings
from django.utils import translation

from snitem_portal.models import SiteText
from snitem_portal.sitetext import get_text

pytestmark = pytest.mark.django_db


def test_get_text_returns_the_staff_text_in_the_active_language():
    SiteText.objects.create(key="notice", text_fr="Texte français", text_en="English text")

    with translation.override("fr"):
        french = get_text("notice")
    with translation.override("en"):
        english = get_text("notice")

    assert (french, english) == ("Texte français", "English text")


def test_get_text_falls_back_to_french_when_the_english_text_is_empty():
    SiteText.objects.create(key="notice", text_fr="Texte français", text_en="  ")

    with translation.override("en"):
        text = get_text("notice")

    assert text == "Texte français"


def test_get_text_without_a_stored_text_renders_the_default_template(tmp_path):
    (tmp_path / "default.txt").write_text("Valeur {{ name }}\n")

    with override_settings(
        TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [tmp_path]}]
    ):
        text = get_text("absent", default_template="default.txt", context={"name": "par défaut"})

    assert text == "Valeur par défaut"


def test_get_text_with_an_empty_stored_text_uses_the_default_and_no_default_is_empty(tmp_path):
    SiteText.objects.create(key="notice", text_fr="", text_en="")
    (tmp_path / "default.txt").write_text("Par défaut")

    with override_settings(
        TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [tmp_path]}]
    ):
        assert get_text("notice", default_template="default.txt") == "Par défaut"
    assert get_text("notice") == ""


def test_site_text_keeps_its_history():
    text = SiteText.objects.create(key="notice", text_fr="v1")

    text.text_fr = "v2"
    text.save()

    assert [row.text_fr for row in text.history.order_by("history_date")] == ["v1", "v2"]
