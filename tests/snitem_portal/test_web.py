"""The web-error helper: a service's refusal becomes form errors or messages; PermissionDenied is a 403."""

import pytest
from django import forms
from django.contrib import messages
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied, ValidationError

from snitem_portal.exceptions import Conflict
from snitem_portal.web import error_messages, form_error_messages, run_service


class NoteForm(forms.Form):
    title = forms.CharField(max_length=10, error_messages={"max_length": "Titre trop long."})
    body = forms.CharField(required=False)


def _request(rf):
    request = rf.post("/")
    request._messages = CookieStorage(request)
    return request


def _valid_form() -> NoteForm:
    form = NoteForm({"title": "Note", "body": ""})
    assert form.is_valid()
    return form


def _raise(error: Exception):
    def call():
        raise error

    return call


def _messages(request) -> list[tuple[int, str]]:
    return [(message.level, message.message) for message in get_messages(request)]


def test_run_service_returns_the_result_and_says_nothing_on_success(rf):
    request = _request(rf)
    form = _valid_form()

    outcome = run_service(request, lambda: 42, form=form)

    assert (outcome.ok, outcome.result) == (True, 42)
    assert form.errors == {}
    assert _messages(request) == []


def test_run_service_without_form_turns_a_validation_error_into_one_message_per_text(rf):
    request = _request(rf)

    ok, result = run_service(request, _raise(ValidationError(["Trop tard.", "Appel clos."])))

    assert (ok, result) == (False, None)
    assert _messages(request) == [(messages.ERROR, "Trop tard."), (messages.ERROR, "Appel clos.")]


def test_run_service_without_form_reports_every_field_of_a_validation_error(rf):
    request = _request(rf)

    outcome = run_service(request, _raise(ValidationError({"file": ["Le fichier est vide."]})))

    assert outcome.ok is False
    assert _messages(request) == [(messages.ERROR, "Le fichier est vide.")]


def test_run_service_puts_field_errors_on_the_fields_the_form_has(rf):
    request = _request(rf)
    form = _valid_form()
    error = ValidationError({"title": ["Titre pris."], "budget": ["Budget trop élevé."], "__all__": ["Refusé."]})

    outcome = run_service(request, _raise(error), form=form)

    assert outcome.ok is False
    assert form.errors == {"title": ["Titre pris."], "__all__": ["Budget trop élevé.", "Refusé."]}
    assert _messages(request) == []


def test_run_service_puts_a_plain_validation_error_above_the_form(rf):
    request = _request(rf)
    form = _valid_form()

    outcome = run_service(request, _raise(ValidationError("La réunion finit avant de commencer.")), form=form)

    assert outcome.ok is False
    assert form.non_field_errors() == ["La réunion finit avant de commencer."]
    assert _messages(request) == []


def test_run_service_keeps_the_params_of_a_validation_error(rf):
    request = _request(rf)

    run_service(request, _raise(ValidationError("Date limite : %(date)s.", params={"date": "1er mai"})))

    assert _messages(request) == [(messages.ERROR, "Date limite : 1er mai.")]


def test_run_service_puts_a_conflict_above_the_form(rf):
    request = _request(rf)
    form = _valid_form()

    outcome = run_service(request, _raise(Conflict("Modifiée entre-temps.")), form=form)

    assert outcome.ok is False
    assert form.non_field_errors() == ["Modifiée entre-temps."]
    assert form.cleaned_data["title"] == "Note"  # what the user typed stays
    assert _messages(request) == []


def test_run_service_without_form_reports_a_conflict_as_an_error_or_at_the_level_asked(rf):
    request = _request(rf)

    run_service(request, _raise(Conflict("Déjà traitée.")))
    run_service(request, _raise(Conflict("Déjà annulée.")), conflict_level=messages.WARNING)

    assert _messages(request) == [(messages.ERROR, "Déjà traitée."), (messages.WARNING, "Déjà annulée.")]


def test_conflict_level_leaves_validation_errors_as_errors(rf):
    request = _request(rf)

    run_service(request, _raise(ValidationError("Réunion passée.")), conflict_level=messages.WARNING)

    assert _messages(request) == [(messages.ERROR, "Réunion passée.")]


def test_run_service_lets_permission_denied_through_for_the_403_page(rf):
    request = _request(rf)
    form = _valid_form()

    with pytest.raises(PermissionDenied, match=r"Réservé au référent\."):
        run_service(request, _raise(PermissionDenied("Réservé au référent.")), form=form)

    assert form.errors == {}
    assert _messages(request) == []


def test_error_messages_lists_the_texts_of_each_kind():
    assert error_messages(ValidationError("Un.")) == ["Un."]
    assert error_messages(ValidationError({"a": ["Un."], "b": ["Deux.", "Trois."]})) == ["Un.", "Deux.", "Trois."]
    assert error_messages(Conflict("Déjà fait.")) == ["Déjà fait."]


def test_form_error_messages_reports_each_error_of_an_invalid_form(rf):
    request = _request(rf)
    form = NoteForm({"title": "Beaucoup trop long"})
    form.is_valid()
    form.add_error(None, "Refusé.")

    form_error_messages(request, form)

    assert _messages(request) == [
        (messages.ERROR, "Titre trop long."),
        (messages.ERROR, "Refusé."),
    ]
