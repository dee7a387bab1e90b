"""Settings of the groups app, each read from the Django settings at call time with its default.

Read on each call, so that ``override_settings`` and a changed deployment setting apply.
"""

from django.conf import settings


def company_search_rate() -> str:
    """How often an anonymous caller may search member companies by name (``COMPANY_SEARCH_RATE_LIMIT``,
    in Django REST framework's notation: ``30/min``). Signed-in callers are not limited."""
    return getattr(settings, "COMPANY_SEARCH_RATE_LIMIT", "30/min")


def meeting_page_panels() -> list[str]:
    """Dotted paths of functions ``(request, meeting) -> list[Panel]`` shown on a meeting's page."""
    return list(getattr(settings, "MEETING_PAGE_PANELS", []))
