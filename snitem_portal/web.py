"""Service errors on pages: the mirror of ``snitem_portal/api/exceptions.py`` for views.

A view calls one service through ``run_service``. A ``ValidationError`` or a ``Conflict`` becomes
form errors when the view shows a form again (on the field the error names when the form has it,
else a non-field error), or error messages when it redirects (one per text, as for an invalid
form). ``PermissionDenied`` is not caught: Django answers 403, as the API does.
"""

from collections.abc import Callable
from typing import Generic, NamedTuple, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest

from .exceptions import Conflict

T = TypeVar("T")


class ServiceOutcome(NamedTuple, Generic[T]):
    """``ok`` and the service's return value (None when it refused)."""

    ok: bool
    result: T | None


def error_messages(error: ValidationError | Conflict) -> list[str]:
    """The texts the user reads, in order (every field's messages for a ``ValidationError`` with fields)."""
    if isinstance(error, ValidationError):
        return [str(message) for message in error.messages]
    return [str(error)]


def add_form_errors(form: BaseForm, error: ValidationError | Conflict) -> None:
    """Show ``error`` on ``form``: a field's messages on that field when the form has it, else above the form."""
    if isinstance(error, Conflict):
        form.add_error(None, str(error))
    elif hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def form_error_messages(request: HttpRequest, form: BaseForm) -> None:
    """An invalid form the view does not show again: one error message per error, in field order."""
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


def run_service(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    form: BaseForm | None = None,
    conflict_level: int = messages.ERROR,
) -> ServiceOutcome[T]:
    """Run ``call`` (a service call) and report its refusal to the user.

    With ``form``, the refusal goes on the form (the user's input stays); without, it becomes one
    message per text. ``conflict_level`` is the message level of a ``Conflict`` (a
    warning where someone else already did what the user asked).
    """
    try:
        return ServiceOutcome(True, call())
    except (ValidationError, Conflict) as error:
        if form is not None:
            add_form_errors(form, error)
        else:
            level = conflict_level if isinstance(error, Conflict) else messages.ERROR
            for message in error_messages(error):
                messages.add_message(request, level, message)
        return ServiceOutcome(False, None)
