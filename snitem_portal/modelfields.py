"""Model field shapes every app repeats."""

from django.conf import settings
from django.db import models


def person_field(verbose_name, **kwargs) -> models.ForeignKey:
    """Who did something (decided, submitted, uploaded…): kept as history, emptied if the account is deleted."""
    options = {"on_delete": models.SET_NULL, "null": True, "blank": True, "related_name": "+", **kwargs}
    return models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=verbose_name, **options)
