"""How long the portal keeps what it no longer needs: each period a setting, each job a function
``purge(*, now=None) -> int`` listed in ``RETENTION_JOBS`` and run daily by
``snitem_portal.users.tasks.task_enforce_retention`` (the beat schedule is in the database, created
by this app's migrations and editable in admin). The privacy page states the same periods.

This module's jobs: expired sessions (what ``clearsessions`` does), expired API tokens
(``API_TOKEN_TTL_DAYS``), and signups whose address was never verified
(``UNVERIFIED_SIGNUP_RETENTION_DAYS``). Other apps add theirs (``reminders.retention.purge_ledger``).
"""

import logging
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db.models import Exists, OuterRef, ProtectedError
from django.utils import timezone
from django.utils.module_loading import import_string
from rest_framework.authtoken.models import Token

from snitem_portal.tokens import token_ttl

logger = logging.getLogger(__name__)

DEFAULT_UNVERIFIED_SIGNUP_RETENTION_DAYS = 30


def unverified_signup_retention() -> timedelta:
    return timedelta(
        days=getattr(settings, "UNVERIFIED_SIGNUP_RETENTION_DAYS", DEFAULT_UNVERIFIED_SIGNUP_RETENTION_DAYS)
    )


def purge_expired_sessions(*, now: datetime | None = None) -> int:
    """Delete the sessions past their expiry (the database side of ``cached_db``; the cache expires its own)."""
    deleted, _ = Session.objects.filter(expire_date__lt=now or timezone.now()).delete()
    return deleted


def purge_expired_tokens(*, now: datetime | None = None) -> int:
    """Delete the API tokens older than ``API_TOKEN_TTL_DAYS``: they no longer authenticate anyway."""
    deleted, _ = Token.objects.filter(created__lte=(now or timezone.now()) - token_ttl()).delete()
    return deleted


def purge_unverified_signups(*, now: datetime | None = None) -> int:
    """Delete accounts whose address was never verified, older than ``UNVERIFIED_SIGNUP_RETENTION_DAYS``.

    Such an account never signed in (verification is mandatory), so it holds nothing of anyone
    else's; staff and superusers (created from the command line, without an address row) are kept,
    and so is an account something still refers to (a jury, for instance).
    """
    cutoff = (now or timezone.now()) - unverified_signup_retention()
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    stale = get_user_model().objects.filter(
        ~Exists(verified),
        date_joined__lt=cutoff,
        last_login__isnull=True,
        is_staff=False,
        is_superuser=False,
        erased_at__isnull=True,
    )
    deleted = 0
    for user in stale.iterator():
        try:
            user.delete()
        except ProtectedError:
            logger.info("Unverified account %s kept: other rows refer to it", user.pk)
            continue
        deleted += 1
    return deleted


def retention_jobs() -> list[str]:
    return list(getattr(settings, "RETENTION_JOBS", []))


def enforce_retention(*, now: datetime | None = None) -> dict[str, int]:
    """Run every retention job; returns how many rows each deleted."""
    now = now or timezone.now()
    done = {}
    for path in retention_jobs():
        done[path] = import_string(path)(now=now)
        logger.info("Retention: %s deleted %d rows", path, done[path])
    return done
