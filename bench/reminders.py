"""Benchmark of the reminder engine (not a test).

10,000 recipients due for one deadline, on a scratch PostgreSQL database: the scan task goes
through a real Celery worker (2 processes) on Redis, which delivers to a local aiosmtpd sink.
Prints the time from enqueuing the scan to the last message accepted by the SMTP server, and
the SQL queries of one delivery batch (measured in-process at two batch sizes).

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/snitem_reminders_bench,
dropped and re-created), BENCH_BROKER_URL (default redis://127.0.0.1:6379/6, flushed),
BENCH_RECIPIENTS (default 10000; documented runs: 10000 and 100000), BENCH_CONCURRENCY (default 2).

Also prints the raw floor (smtplib sending the same number of multipart messages, one reminder's
bytes, over one connection to the same kind of sink) and the engine's ratio to it, and the scan's
time, queries and peak Python memory (tracemalloc, on a separate deadline so the timing is not
slowed by the tracing).
"""

import os
import subprocess
import sys
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

from scratch import Sink, free_port, recreate_database, smtp_floor

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/snitem_reminders_bench")
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/6")
RECIPIENTS = int(os.environ.get("BENCH_RECIPIENTS", "10000"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "2"))


def main() -> None:
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "snitem_portal.settings",
        "DJANGO_SECRET_KEY": "benchmark-only",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": DATABASE_URL,
        "CELERY_BROKER_URL": BROKER_URL,
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    recreate_database(DATABASE_URL)

    import django

    django.setup()
    from aiosmtpd.controller import Controller
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from groups.enums import AffiliationStatus, MembershipStatus
    from groups.models import Affiliation, Company, Meeting, Membership, WorkingGroup
    from reminders.engine import scan_deadlines, send_reminder_batch
    from reminders.tasks import task_scan_deadlines
    from snitem_portal.celery import app
    from snitem_portal.management.commands.seed_demo import demo_siren
    from snitem_portal.users.models import User

    call_command("migrate", verbosity=0)
    print(f"Creating {RECIPIENTS} recipients…", flush=True)
    users = User.objects.bulk_create(
        [User(email=f"bench{i}@bench.example", full_name=f"Bench {i}") for i in range(RECIPIENTS)],
        batch_size=2000,
    )
    for user in users:
        user.set_unusable_password()
    # Seats count only for people of active member companies: 100 companies of 100 people.
    companies = Company.objects.bulk_create(
        Company(name=f"Bench Company {i}", siren=demo_siren(i)) for i in range(1, RECIPIENTS // 100 + 2)
    )
    Affiliation.objects.bulk_create(
        [
            Affiliation(user=user, company=companies[index // 100], status=AffiliationStatus.APPROVED)
            for index, user in enumerate(users)
        ],
        batch_size=2000,
    )
    group = WorkingGroup.objects.create(name="Benchmark", slug="benchmark")
    Membership.objects.bulk_create(
        [Membership(user=user, group=group, status=MembershipStatus.ACTIVE) for user in users], batch_size=2000
    )
    starts_at = timezone.now() + timedelta(hours=12)
    Meeting.objects.create(group=group, title="Plénière", starts_at=starts_at, ends_at=starts_at + timedelta(hours=2))
    with connection.cursor() as cursor:
        # Planner statistics of the rows just created, as autovacuum keeps them in production (without
        # them, PostgreSQL takes the 100,000 memberships for one row and joins them in nested loops).
        cursor.execute("ANALYZE")

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    app.connection_for_write().default_channel.client.flushdb()
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "snitem_portal",
            "worker",
            "--concurrency",
            str(CONCURRENCY),
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        while not app.control.ping(timeout=1.0):
            if worker.poll() is not None:
                raise SystemExit("The worker did not start.")
        print(f"Worker ready ({CONCURRENCY} processes). Scanning…", flush=True)
        started = time.perf_counter()
        task_scan_deadlines.delay()
        give_up = started + 600
        while sink.count < RECIPIENTS and time.perf_counter() < give_up:
            time.sleep(0.05)
        elapsed = sink.last_at - started
        print(f"Messages accepted by the SMTP sink: {sink.count} / {RECIPIENTS}")
        print(
            f"Time from scan to last message accepted: {elapsed:.1f} s ({1000 * elapsed / RECIPIENTS:.2f} ms a message)"
        )
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    # Queries: a second deadline for the same recipients, measured in this process.
    starts_at = timezone.now() + timedelta(hours=13)
    Meeting.objects.create(group=group, title="Atelier", starts_at=starts_at, ends_at=starts_at + timedelta(hours=1))
    with CaptureQueriesContext(connection) as scan_queries:
        began = time.perf_counter()
        ids = scan_deadlines()
        scan_seconds = time.perf_counter() - began
    print(f"Scan of {len(ids)} recipients: {len(scan_queries)} queries, {scan_seconds:.1f} s")
    starts_at = timezone.now() + timedelta(hours=14)
    Meeting.objects.create(group=group, title="Bureau", starts_at=starts_at, ends_at=starts_at + timedelta(hours=1))
    tracemalloc.start()
    traced = scan_deadlines()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"Scan of {len(traced)} recipients: peak Python memory {peak / 2**20:.1f} MiB (tracemalloc)")
    from reminders import conf

    for size in (20, conf.batch_size()):
        batch, ids = ids[:size], ids[size:]
        with CaptureQueriesContext(connection) as batch_queries:
            outcome = send_reminder_batch(reminder_ids=batch)
        print(f"Delivery batch of {size} (sent {outcome.sent}): {len(batch_queries)} SQL queries")
    controller.stop()

    from reminders import registry
    from reminders.engine import _item_context
    from reminders.tokens import preferences_url
    from snitem_portal.emails import build_templated_email

    # One reminder exactly as the engine builds it, sent as is by the floor.
    meeting = Meeting.objects.select_related("group").order_by("pk").first()
    recipient = users[0]
    message = build_templated_email(
        template="reminders/email/reminder",
        to=recipient,
        context={
            "item": _item_context(registry.get_source("meeting"), meeting),
            "preferences_url": preferences_url(recipient),
        },
    )
    # The bytes Django's SMTP backend puts on the wire (line endings and line length as it sends them).
    floor = smtp_floor(free_port(), message.message().as_bytes(linesep="\r\n"), RECIPIENTS)
    print(
        f"Raw floor (smtplib, {RECIPIENTS} multipart messages, one connection): {floor:.1f} s; "
        f"engine against floor: {elapsed / floor:.2f}"
    )


if __name__ == "__main__":
    main()
