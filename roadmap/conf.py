"""Settings of the roadmap app, with their defaults (override them in the project settings)."""

from django.conf import settings

DEFAULT_STALE_DAYS = 30


def stale_days() -> int:
    """An action with no update for this many days is flagged "stale" (``ROADMAP_STALE_DAYS``).

    Read on each call so that ``override_settings`` applies.
    """
    return int(getattr(settings, "ROADMAP_STALE_DAYS", DEFAULT_STALE_DAYS))
