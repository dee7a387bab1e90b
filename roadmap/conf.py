"""Settings of the roadmap app, each read from the Django settings at call time with its default.

Read on each call, so that ``override_settings`` and a changed deployment setting apply.
"""

from django.conf import settings


def stale_days() -> int:
    """An action with no update for this many days is flagged "stale" (``ROADMAP_STALE_DAYS``)."""
    return int(getattr(settings, "ROADMAP_STALE_DAYS", 30))


def action_page_panels() -> list[str]:
    """Dotted paths of functions ``(request, action) -> list[Panel]`` shown on an action's page."""
    return list(getattr(settings, "ACTION_PAGE_PANELS", []))


def synthesis_min_group() -> int:
    """Below this many companies, a count is shown to members as « moins de N » (``SYNTHESIS_MIN_GROUP``)."""
    return max(1, int(getattr(settings, "SYNTHESIS_MIN_GROUP", 3)))
