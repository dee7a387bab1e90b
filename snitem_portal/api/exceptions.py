"""API errors in the shape of the public contract: ``{"detail": ...}`` or field errors."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from snitem_portal.exceptions import Conflict


class ConflictError(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflict."
    default_code = "conflict"


def _validation_error_data(error: DjangoValidationError):
    if hasattr(error, "error_dict"):
        return {
            field if field != "__all__" else "detail": [str(m) for e in errors for m in e.messages]
            for field, errors in error.error_dict.items()
        }
    return {"detail": " ".join(error.messages)}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_validation_error_data(exc))
    elif isinstance(exc, Conflict):
        exc = ConflictError(str(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = _contract_shape(response.data)
    return response


def _contract_shape(data):
    """Errors as the contract writes them: ``{"detail": "..."}`` or ``{"field": ["..."]}``.

    DRF also answers with a bare list (a filter's error) or ``non_field_errors`` (a body that is
    not an object); both become ``detail``.
    """
    if isinstance(data, list):
        return {"detail": " ".join(str(item) for item in data)}
    if isinstance(data, dict) and "non_field_errors" in data:
        data = dict(data)
        data["detail"] = " ".join(str(item) for item in data.pop("non_field_errors"))
    return data
