"""Settings of mailings, read at call time. Delivery reuses the reminder engine's batch, lease and
retry settings (``reminders.conf``): one tuning for every ledger of the portal."""

from django.conf import settings

from reminders.conf import batch_size, lease, lease_renew, max_attempts, record_every, retry_base_seconds

__all__ = ["batch_size", "lease", "lease_renew", "max_attempts", "page_size", "record_every", "retry_base_seconds"]


def page_size() -> int:
    """Mailings or recipients per page."""
    return getattr(settings, "MAILINGS_PAGE_SIZE", 25)


def insert_chunk() -> int:
    """Ledger rows inserted per statement when a mailing starts."""
    return getattr(settings, "MAILINGS_INSERT_CHUNK", 2000)
