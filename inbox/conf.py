"""Settings of the notification centre, read at call time (``override_settings`` applies)."""

from datetime import timedelta

from django.conf import settings


def retention() -> timedelta:
    """How long a read notification is kept (``NOTIFICATIONS_RETENTION_DAYS``, default 180)."""
    return timedelta(days=getattr(settings, "NOTIFICATIONS_RETENTION_DAYS", 180))


def page_size() -> int:
    """Notifications per page of ``/notifications/``."""
    return getattr(settings, "NOTIFICATIONS_PAGE_SIZE", 20)
