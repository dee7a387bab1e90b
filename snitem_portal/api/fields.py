from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from snitem_portal.forms import EXPLICIT_TIME, FIRST_YEAR, LAST_YEAR
from snitem_portal.http import absolute_url


@extend_schema_field(OpenApiTypes.URI)
class WebUrlField(serializers.Field):
    """``web_url``: the absolute URL (settings.SITE_URL) of the object's page."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return absolute_url(value.get_absolute_url())


class ExplicitDateTimeField(serializers.DateTimeField):
    """ISO 8601 date and time; a bare date (no time) is refused."""

    default_error_messages = {
        "missing_time": _("Précisez l'heure (par exemple 2020-06-01T12:00:00+02:00)."),
        # DRF fills messages with str.format: {first}, not %(first)s.
        "out_of_range": _("Saisissez une date entre {first} et {last}."),
    }

    def to_internal_value(self, value):
        if isinstance(value, str) and not EXPLICIT_TIME.search(value.strip()):
            self.fail("missing_time")
        result = super().to_internal_value(value)
        if not FIRST_YEAR <= result.year <= LAST_YEAR:
            self.fail("out_of_range", first=FIRST_YEAR, last=LAST_YEAR)
        return result
