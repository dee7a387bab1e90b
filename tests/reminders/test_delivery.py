"""Delivery through a real SMTP server, and through a real Celery worker on Redis."""

import email
import email.policy
import time

import pytest

from reminders.enums import ReminderStatus
from reminders.models import Reminder
from reminders.tasks import task_scan_deadlines

from .conftest import add_members


def received_by(sink) -> list[str]:
    return sorted(address for envelope in sink.received for address in envelope.rcpt_tos)


def test_smtp_failure_on_first_try_delivers_once_on_retry(meeting, smtp_server, eager_retries):
    smtp_server.fail_first = 1
    (member,) = add_members(meeting.group, 1)

    task_scan_deadlines.delay()
    task_scan_deadlines.delay()

    assert smtp_server.refused == 1
    assert received_by(smtp_server) == [member.email]
    row = Reminder.objects.get(recipient=member, status=ReminderStatus.SENT)
    assert row.attempts == 2
    message = email.message_from_bytes(smtp_server.received[0].content, policy=email.policy.default)
    subject = message["Subject"].strip()
    assert subject.startswith("[Action requise] Réunion à préparer : Évaluation des solutions")
    assert message["List-Unsubscribe"].strip().startswith("<http")
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]


def test_one_batch_uses_one_smtp_connection(meeting, smtp_server, settings):
    add_members(meeting.group, 5)
    sessions = []
    original = smtp_server.handle_DATA

    async def counting(server, session, envelope):
        sessions.append(id(session))
        return await original(server, session, envelope)

    smtp_server.handle_DATA = counting

    task_scan_deadlines.delay()

    assert len(smtp_server.received) == 5
    assert len(set(sessions)) == 1


@pytest.mark.django_db(transaction=True)
def test_real_worker_on_redis_sends_reminders_over_smtp(default_rules, smtp_server, real_worker):
    from .factories import MeetingFactory

    meeting = MeetingFactory()
    members = add_members(meeting.group, 4)

    task_scan_deadlines.delay()
    deadline = time.monotonic() + 30
    while len(smtp_server.received) < 4 and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)  # let anything extra (a duplicate would be a bug) arrive

    assert received_by(smtp_server) == sorted(user.email for user in members)
    assert Reminder.objects.filter(status=ReminderStatus.SENT).count() == 4
