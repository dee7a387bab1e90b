"""Settings of the reminder engine, with defaults (override in the Django settings)."""

from datetime import timedelta

from django.conf import settings

# Reminders sent by one task, over one SMTP connection.
BATCH_SIZE = getattr(settings, "REMINDERS_BATCH_SIZE", 200)
# How far back the scan looks for deadlines that passed, to record their missed reminders as skipped.
SKIP_LOOKBACK = timedelta(hours=getattr(settings, "REMINDERS_SKIP_LOOKBACK_HOURS", 48))
# Delivery attempts before a reminder is recorded as failed.
MAX_ATTEMPTS = getattr(settings, "REMINDERS_MAX_ATTEMPTS", 6)
# First retry delay after an SMTP failure; doubles on each retry.
RETRY_BASE_SECONDS = getattr(settings, "REMINDERS_RETRY_BASE_SECONDS", 30)
# A running batch renews its claim on its rows this often (between two messages).
LEASE_RENEW = timedelta(seconds=getattr(settings, "REMINDERS_LEASE_RENEW_SECONDS", 60))
# A row claimed or queued longer ago than this was lost with its worker: it is queued again. Never
# shorter than the longest wait for a retry (a row waiting for it is not lost) nor than a claim
# renewal plus one message at the SMTP timeout (on connect and on send).
STALE_AFTER = max(
    timedelta(minutes=getattr(settings, "REMINDERS_STALE_MINUTES", 15)),
    timedelta(seconds=RETRY_BASE_SECONDS * 2**MAX_ATTEMPTS),
    LEASE_RENEW + timedelta(seconds=4 * (getattr(settings, "EMAIL_TIMEOUT", None) or 60)),
)
# How long the preferences link in an email's footer works without logging in.
PREFERENCES_LINK_MAX_AGE = timedelta(days=getattr(settings, "REMINDERS_PREFERENCES_LINK_DAYS", 90))
# The dashboard panel's horizon and how much of the past the calendar feed keeps.
DASHBOARD_HORIZON = timedelta(days=getattr(settings, "REMINDERS_DASHBOARD_DAYS", 14))
CALENDAR_PAST = timedelta(days=getattr(settings, "REMINDERS_CALENDAR_PAST_DAYS", 60))
# Default rules created by the initial data migration: days before the deadline.
DEFAULT_OFFSETS_DAYS = (7, 1)
