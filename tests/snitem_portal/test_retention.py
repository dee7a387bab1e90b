"""Retention jobs delete exactly what is older than each period, and the daily task runs them all."""

import uuid
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from rest_framework.authtoken.models import Token

from groups.models import Meeting
from projects.models import Review
from reminders.enums import DeliveryMode, ReminderStatus
from reminders.models import Reminder, ReminderRule
from reminders.retention import purge_ledger
from snitem_portal.users.retention import (
    purge_expired_sessions,
    purge_expired_tokens,
    purge_unverified_signups,
)
from snitem_portal.users.tasks import task_enforce_retention
from tests.factories import UserFactory
from tests.groups.factories import MeetingFactory
from tests.projects.factories import SubmissionFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now().replace(microsecond=0)
MINE = {
    "snitem_portal.users.retention.purge_expired_sessions",
    "snitem_portal.users.retention.purge_expired_tokens",
    "snitem_portal.users.retention.purge_unverified_signups",
    "reminders.retention.purge_ledger",
}


def _reminder(recipient, *, deadline_at, created_at) -> Reminder:
    meeting = MeetingFactory()
    return Reminder.objects.create(
        content_type=ContentType.objects.get_for_model(Meeting),
        object_id=meeting.pk,
        kind="meeting",
        rule=ReminderRule.objects.filter(kind="meeting").first(),
        recipient=recipient,
        deadline_at=deadline_at,
        due_at=deadline_at - timedelta(days=1),
        mode=DeliveryMode.IMMEDIATE,
        status=ReminderStatus.SENT,
        scan_id=uuid.uuid4(),
        created_at=created_at,
    )


def test_ledger_rows_older_than_the_period_are_deleted_and_no_other(settings, member):
    settings.LEDGER_RETENTION_DAYS = 30
    old = _reminder(member, deadline_at=NOW - timedelta(days=31), created_at=NOW - timedelta(days=32))
    just_inside = _reminder(member, deadline_at=NOW - timedelta(days=29), created_at=NOW - timedelta(days=30))
    old_row_of_a_far_deadline = _reminder(
        member, deadline_at=NOW + timedelta(days=5), created_at=NOW - timedelta(days=40)
    )

    deleted = purge_ledger(now=NOW)

    assert deleted == 1
    assert sorted(Reminder.objects.values_list("pk", flat=True)) == sorted(
        [just_inside.pk, old_row_of_a_far_deadline.pk]
    )
    assert not Reminder.objects.filter(pk=old.pk).exists()


def test_ledger_period_never_shorter_than_the_scan_look_back(settings, member):
    settings.LEDGER_RETENTION_DAYS = 0
    recent = _reminder(member, deadline_at=NOW - timedelta(hours=30), created_at=NOW - timedelta(hours=40))

    assert purge_ledger(now=NOW) == 0
    assert Reminder.objects.filter(pk=recent.pk).exists()


def test_expired_sessions_are_deleted_and_live_ones_kept(db):
    Session.objects.create(session_key="expired", session_data="x", expire_date=NOW - timedelta(seconds=1))
    Session.objects.create(session_key="live", session_data="x", expire_date=NOW + timedelta(hours=1))

    assert purge_expired_sessions(now=NOW) == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]


def test_expired_api_tokens_are_deleted_and_others_kept(settings, member, referent):
    settings.API_TOKEN_TTL_DAYS = 90
    expired = Token.objects.create(user=member)
    Token.objects.filter(pk=expired.pk).update(created=NOW - timedelta(days=90, seconds=1))
    fresh = Token.objects.create(user=referent)
    Token.objects.filter(pk=fresh.pk).update(created=NOW - timedelta(days=89))

    assert purge_expired_tokens(now=NOW) == 1
    assert list(Token.objects.values_list("user_id", flat=True)) == [referent.pk]


def test_unverified_signups_older_than_the_period_are_deleted(settings, member):
    settings.UNVERIFIED_SIGNUP_RETENTION_DAYS = 30
    stale = UserFactory(verified=False, date_joined=NOW - timedelta(days=31))
    EmailAddress.objects.create(user=stale, email=stale.email, verified=False, primary=True)
    recent = UserFactory(verified=False, date_joined=NOW - timedelta(days=29))
    verified_old = UserFactory(date_joined=NOW - timedelta(days=400))
    admin_without_address = UserFactory(verified=False, is_staff=True, date_joined=NOW - timedelta(days=400))
    # An evaluation refers to its juror (PROTECT): that account is kept.
    juror = UserFactory(verified=False, date_joined=NOW - timedelta(days=400))
    Review.objects.create(submission=SubmissionFactory(), juror=juror)

    deleted = purge_unverified_signups(now=NOW)

    assert deleted == 1
    remaining = set(get_user_model().objects.values_list("pk", flat=True))
    assert stale.pk not in remaining
    assert {recent.pk, verified_old.pk, admin_without_address.pk, juror.pk, member.pk} <= remaining


def test_the_daily_task_runs_every_job_and_is_scheduled(settings, member):
    settings.LEDGER_RETENTION_DAYS = 30
    _reminder(member, deadline_at=NOW - timedelta(days=60), created_at=NOW - timedelta(days=60))
    Session.objects.create(session_key="expired", session_data="x", expire_date=NOW - timedelta(days=1))

    done = task_enforce_retention()

    assert {path: count for path, count in done.items() if path in MINE} == {
        "snitem_portal.users.retention.purge_expired_sessions": 1,
        "snitem_portal.users.retention.purge_expired_tokens": 0,
        "snitem_portal.users.retention.purge_unverified_signups": 0,
        "reminders.retention.purge_ledger": 1,
    }
    scheduled = PeriodicTask.objects.get(task="snitem_portal.users.tasks.task_enforce_retention")
    assert (scheduled.enabled, scheduled.crontab.hour, scheduled.crontab.minute) == (True, "3", "30")
