from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from snitem_portal.http import absolute_url


@extend_schema_field(OpenApiTypes.URI)
class WebUrlField(serializers.Field):
    """``web_url``: the absolute URL (settings.SITE_URL) of the object's page."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return absolute_url(value.get_absolute_url())
