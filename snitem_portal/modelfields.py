"""Model field shapes every app repeats."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Most texts people type: long enough for any real use, bounded so that no request stores megabytes.
LONG_TEXT = 20_000
SHORT_TEXT = 2_000

# Links people click: web addresses only (never javascript:, data: or file:).
WEB_URL = URLValidator(schemes=["http", "https"], message=_("Saisissez une adresse web (http:// ou https://)."))


def validate_url_lines(value: str) -> None:
    """Each non-empty line is a web address (http or https)."""
    for number, line in enumerate(value.splitlines(), start=1):
        if line.strip():
            try:
                WEB_URL(line.strip())
            except ValidationError:
                raise ValidationError(
                    _("Ligne %(number)d : saisissez une adresse web (http:// ou https://)."),
                    params={"number": number},
                    code="invalid",
                ) from None


def web_urls(value: str) -> list[str]:
    """The web addresses among the lines of ``value`` (rows stored before validation existed included)."""
    found = []
    for line in value.splitlines():
        try:
            WEB_URL(line.strip())
        except ValidationError:
            continue
        found.append(line.strip())
    return found


def person_field(verbose_name, **kwargs) -> models.ForeignKey:
    """Who did something (decided, submitted, uploaded…): kept as history, emptied if the account is deleted."""
    options = {"on_delete": models.SET_NULL, "null": True, "blank": True, "related_name": "+", **kwargs}
    return models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=verbose_name, **options)
