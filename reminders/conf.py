"""Settings of the reminder engine, each read from the Django settings at call time with its default.

Read on each call, so that ``override_settings`` and a changed deployment setting apply.
"""

from datetime import timedelta

from django.conf import settings

# Default rules created by the initial data migration: days before the deadline (not a setting).
DEFAULT_OFFSETS_DAYS = (7, 1)


def deadline_sources() -> list[str]:
    """Dotted paths of the functions returning each app's deadline sources (``DEADLINE_SOURCES``)."""
    return list(getattr(settings, "DEADLINE_SOURCES", []))


def deadline_signers() -> str:
    """Dotted path of the function telling who signs off for a company (``DEADLINE_SIGNERS``), or empty."""
    return getattr(settings, "DEADLINE_SIGNERS", "")


def digest_sections() -> list[str]:
    """Dotted paths of functions ``claim(now)`` adding other apps' items to the daily digest (``DIGEST_SECTIONS``)."""
    return list(getattr(settings, "DIGEST_SECTIONS", []))


def preference_sections() -> list[str]:
    """Dotted paths of the classes adding their part to the preferences page (``PREFERENCE_SECTIONS``):
    built as ``Section(user=, data=, is_referent=)``, with ``title``, ``intro``, ``form`` and ``save()``."""
    return list(getattr(settings, "PREFERENCE_SECTIONS", []))


def batch_size() -> int:
    """Reminders sent by one task, over one SMTP connection."""
    return getattr(settings, "REMINDERS_BATCH_SIZE", 200)


def skip_lookback() -> timedelta:
    """How far back the scan looks for deadlines that passed, to record their missed reminders as skipped."""
    return timedelta(hours=getattr(settings, "REMINDERS_SKIP_LOOKBACK_HOURS", 48))


def max_attempts() -> int:
    """Delivery attempts before a reminder is recorded as failed."""
    return getattr(settings, "REMINDERS_MAX_ATTEMPTS", 6)


def retry_base_seconds() -> int:
    """First retry delay after an SMTP failure; doubles on each retry."""
    return getattr(settings, "REMINDERS_RETRY_BASE_SECONDS", 30)


def record_every() -> int:
    """A running batch records its accepted messages as sent every this many messages: at most this
    many go out twice when its worker is lost (one update per that many messages)."""
    return max(1, getattr(settings, "REMINDERS_RECORD_EVERY", 10))


def lease_renew() -> timedelta:
    """A running batch renews its claim on its rows at least this often (between two messages)."""
    return timedelta(seconds=getattr(settings, "REMINDERS_LEASE_RENEW_SECONDS", 30))


def lease() -> timedelta:
    """A row claimed longer ago than this (its claim not renewed) was lost with its worker: the next
    scan queues it again.

    Never shorter than a renewal plus one message at the SMTP timeout (on connect and on send).
    A row waiting for a retry is queued for the time of the retry, so the retry backoff does not
    lengthen the lease.
    """
    return max(
        timedelta(seconds=getattr(settings, "REMINDERS_LEASE_SECONDS", 180)),
        lease_renew() + timedelta(seconds=4 * (getattr(settings, "EMAIL_TIMEOUT", None) or 60)),
    )


def requeue_after() -> timedelta:
    """A row queued longer ago than this and never claimed lost its queued message (or the queue is
    that far behind): the next scan queues it again, without counting an attempt. Never shorter than
    the lease."""
    return max(timedelta(minutes=getattr(settings, "REMINDERS_REQUEUE_AFTER_MINUTES", 30)), lease())


def preferences_link_max_age() -> timedelta:
    """How long the preferences link in an email's footer works without logging in."""
    return timedelta(days=getattr(settings, "REMINDERS_PREFERENCES_LINK_DAYS", 90))


def dashboard_horizon() -> timedelta:
    """How far ahead the dashboard panel lists deadlines."""
    return timedelta(days=getattr(settings, "REMINDERS_DASHBOARD_DAYS", 14))


def calendar_past() -> timedelta:
    """How much of the past the calendar feed keeps."""
    return timedelta(days=getattr(settings, "REMINDERS_CALENDAR_PAST_DAYS", 60))
