"""How long the reminder ledger is kept (``LEDGER_RETENTION_DAYS``), run by the retention task.

A row is deleted once both its deadline and its creation are older than the period. The scan only
looks ``REMINDERS_SKIP_LOOKBACK_HOURS`` back, so a deleted row is never inserted and sent again;
the period is never shorter than that look-back plus a day.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from . import conf
from .models import Reminder

# Read at call time like the engine's settings (reminders.conf).
DEFAULT_LEDGER_RETENTION_DAYS = 365


def ledger_retention() -> timedelta:
    days = getattr(settings, "LEDGER_RETENTION_DAYS", DEFAULT_LEDGER_RETENTION_DAYS)
    return max(timedelta(days=days), conf.skip_lookback() + timedelta(days=1))


def purge_ledger(*, now: datetime | None = None) -> int:
    """Delete the ledger rows older than the retention period; returns how many."""
    cutoff = (now or timezone.now()) - ledger_retention()
    deleted, _ = Reminder.objects.filter(deadline_at__lt=cutoff, created_at__lt=cutoff).delete()
    return deleted
