from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(OpenApiTypes.URI)
class WebUrlField(serializers.Field):
    """``web_url``: the absolute URL (settings.SITE_URL) of the object's page."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return f"{settings.SITE_URL}{value.get_absolute_url()}"
