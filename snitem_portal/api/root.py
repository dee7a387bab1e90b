"""``GET /api/v1/``: an index of the API's collections, so that the root answers instead of a 404."""

from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from snitem_portal.http import absolute_url

PREFIX = "/api/v1/"


def _plain_paths(patterns, prefix: str = "") -> list[str]:
    """The paths of ``patterns`` that take no argument (collections, not single objects)."""
    paths = []
    for entry in patterns:
        route = str(entry.pattern).lstrip("^").rstrip("$").replace("\\", "")
        if isinstance(entry, URLResolver):
            paths += _plain_paths(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern) and "(" not in route and "<" not in route and route:
            paths.append(prefix + route)
    return paths


def api_paths() -> list[str]:
    resolver = next(
        entry
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver) and str(entry.pattern) == "api/v1/"
    )
    return sorted(dict.fromkeys(_plain_paths(resolver.url_patterns)))


class ApiRootView(APIView):
    """Every collection of the API, with the schema and the browsable documentation."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(exclude=True)
    def get(self, request):
        return Response(
            {
                "endpoints": {path.rstrip("/"): absolute_url(PREFIX + path) for path in api_paths()},
                "schema": absolute_url(PREFIX + "schema/"),
                "docs": absolute_url(PREFIX + "docs/"),
            }
        )
