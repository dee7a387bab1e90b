"""A delivery worker lost mid-batch: accepted messages are recorded as the batch goes, the rest is
picked up once its short lease lapses, and a retry's wait is not taken for a loss."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import timezone

from reminders import conf
from reminders.engine import scan_deadlines, send_reminder_batch
from reminders.enums import ReminderStatus
from reminders.models import Reminder
from tests.conftest import SmtpSink, _free_port

from .conftest import add_members
from .test_engine import HookBackend

ROOT = Path(__file__).resolve().parents[2]
QUEUE = "lost-worker-test"
RECORD_EVERY = 5  # as in tests/reminders/lost_worker_settings.py


def test_scan_in_small_chunks_records_the_same_ledger(meeting, monkeypatch):
    from reminders import scan

    members = add_members(meeting.group, 7)
    monkeypatch.setattr(scan, "SCAN_CHUNK", 3)

    ids = scan_deadlines()

    rows = Reminder.objects.filter(object_id=meeting.pk)
    assert len(ids) == 7
    assert sorted(rows.filter(pk__in=ids).values_list("recipient_id", flat=True)) == sorted(u.pk for u in members)
    assert rows.filter(status=ReminderStatus.MERGED).count() == 7
    assert scan_deadlines() == []


def test_the_scan_commits_each_chunk_before_scanning_the_next(default_rules, meeting, monkeypatch):
    """Delivery of a large audience starts while the scan goes on: a chunk's rows are committed,
    so another connection (a delivery worker) reads them, before the next chunk is built."""
    from reminders import scan

    members = add_members(meeting.group, 7)
    monkeypatch.setattr(scan, "SCAN_CHUNK", 3)
    chunks = scan.scan_in_chunks()

    first = next(chunks)
    seen = []

    def count_from_another_connection():
        seen.append(Reminder.objects.filter(pk__in=first, status=ReminderStatus.PENDING).count())
        connection.close()

    worker = threading.Thread(target=count_from_another_connection)
    worker.start()
    worker.join()
    rest = [pk for ids in chunks for pk in ids]

    assert len(first) == 3
    assert seen == [3]
    recipients = Reminder.objects.filter(pk__in=first + rest).values_list("recipient_id", flat=True)
    assert sorted(recipients) == sorted(member.pk for member in members)


def test_accepted_messages_are_recorded_as_the_batch_goes(meeting, mailoutbox, settings):
    add_members(meeting.group, 7)
    ids = scan_deadlines()
    settings.REMINDERS_RECORD_EVERY = 2
    settings.EMAIL_BACKEND = "tests.reminders.test_engine.HookBackend"
    recorded_before_each = []

    def count_recorded(sent_so_far):
        recorded_before_each.append(Reminder.objects.filter(pk__in=ids, status=ReminderStatus.SENT).count())

    HookBackend.on_send = count_recorded
    try:
        send_reminder_batch(reminder_ids=ids)
    finally:
        HookBackend.on_send = None

    # Before each message, at most two accepted messages are not yet recorded.
    assert recorded_before_each == [0, 0, 2, 2, 4, 4, 6]
    assert Reminder.objects.filter(pk__in=ids, status=ReminderStatus.SENT).count() == 7


def test_a_row_waiting_for_its_retry_is_not_taken_for_lost(meeting, smtp_server):
    add_members(meeting.group, 1)
    ids = scan_deadlines()
    smtp_server.fail_first = 1
    wait = timedelta(minutes=30)

    outcome = send_reminder_batch(reminder_ids=ids, retry_in=wait)
    before_retry = scan_deadlines(now=timezone.now() + conf.lease() + timedelta(minutes=1))
    after_retry_lost = scan_deadlines(now=timezone.now() + wait + conf.requeue_after() + timedelta(minutes=1))

    assert outcome.retry_ids == ids
    assert before_retry == []
    assert after_retry_lost == ids


def test_a_claimed_row_is_lost_once_its_lease_lapses(meeting):
    add_members(meeting.group, 1)
    ids = scan_deadlines()
    claimed_at = timezone.now()
    Reminder.objects.filter(pk__in=ids).update(status=ReminderStatus.SENDING, claimed_at=claimed_at, attempts=1)

    within = scan_deadlines(now=claimed_at + conf.lease() - timedelta(seconds=1))
    after = scan_deadlines(now=claimed_at + conf.lease() + timedelta(seconds=1))

    assert within == []
    assert after == ids
    assert conf.lease() <= timedelta(minutes=5)


class SlowSink(SmtpSink):
    """Takes a little time over each message, so that a batch is still running when its worker dies."""

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.02)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_smtp_server(settings):
    sink = SlowSink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    sink.port = controller.port
    yield sink
    controller.stop()


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return f"postgres://{quote(db['USER'])}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_worker(broker_url: str, smtp_port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.reminders.lost_worker_settings",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
    }
    command = [sys.executable, "-m", "celery", "-A", "snitem_portal", "worker", "--pool", "solo", "-Q", QUEUE]
    command += ["--loglevel", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603 (our own worker)


def _wait_for(condition, seconds: float) -> None:
    give_up = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > give_up:
            raise AssertionError("timed out")
        time.sleep(0.02)


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_batch_every_recipient_gets_the_reminder(
    default_rules, slow_smtp_server, redis_broker_url, postgres_only
):
    from reminders.tasks import task_send_reminder_batch
    from snitem_portal.celery import app

    from .factories import MeetingFactory

    members = add_members(MeetingFactory().group, 60)
    ids = scan_deadlines()
    app.conf.task_always_eager = False
    worker = _start_worker(redis_broker_url, slow_smtp_server.port)
    try:
        task_send_reminder_batch.apply_async(kwargs={"reminder_ids": ids}, queue=QUEUE)
        _wait_for(lambda: len(slow_smtp_server.received) >= 20, 60)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        killed_at = timezone.now()
    finally:
        app.conf.task_always_eager = True
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
        with app.connection_for_write() as conn:
            conn.default_channel.client.delete(QUEUE)
    accepted_before_kill = len(slow_smtp_server.received)
    recorded = Reminder.objects.filter(pk__in=ids, status=ReminderStatus.SENT).count()
    unsent = set(Reminder.objects.filter(pk__in=ids, status=ReminderStatus.SENDING).values_list("pk", flat=True))

    with time_machine.travel(killed_at + conf.lease() + timedelta(seconds=1)):
        recovered = scan_deadlines()
        send_reminder_batch(reminder_ids=recovered)

    per_recipient = {}
    for envelope in slow_smtp_server.received:
        for address in envelope.rcpt_tos:
            per_recipient[address] = per_recipient.get(address, 0) + 1
    assert 20 <= accepted_before_kill < 60
    assert 0 <= accepted_before_kill - recorded <= RECORD_EVERY
    assert set(recovered) == unsent
    assert sorted(per_recipient) == sorted(user.email for user in members)
    assert sum(count - 1 for count in per_recipient.values()) <= RECORD_EVERY
    assert Reminder.objects.filter(pk__in=ids, status=ReminderStatus.SENT).count() == 60
