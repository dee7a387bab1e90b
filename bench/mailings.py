"""Benchmark of staff mailings (not a test).

A mailing to 10,000 members of one group, on a scratch PostgreSQL database: sending it enqueues
the start task, which fills the ledger and fans out the delivery batches to a real Celery worker
(2 processes) on Redis, delivering to a local aiosmtpd sink. Prints the time from the send to the
last message accepted by the SMTP server, the SQL queries of one delivery batch at two sizes, and
the raw floor (smtplib sending the same number of copies of one mailing message over one
connection) with the ratio to it, to compare with ``bench/reminders.py``.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/snitem_mailings_bench,
dropped and re-created), BENCH_BROKER_URL (default redis://127.0.0.1:6379/7, flushed),
BENCH_RECIPIENTS (default 10000), BENCH_CONCURRENCY (default 2).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

from scratch import Sink, free_port, recreate_database, smtp_floor

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/snitem_mailings_bench")
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/7")
RECIPIENTS = int(os.environ.get("BENCH_RECIPIENTS", "10000"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "2"))
BODY = """## Les nouvelles de la filière

Le **groupe** avance : trois consultations ouvertes, une réunion plénière et
[le nouveau guide](https://www.snitem.fr/) à lire.

- point un
- point deux
"""


def _people(count):
    from groups.enums import AffiliationStatus, MembershipStatus
    from groups.models import Affiliation, Company, Membership, WorkingGroup
    from snitem_portal.management.commands.seed_demo import demo_siren
    from snitem_portal.users.models import User

    users = User.objects.bulk_create(
        [User(email=f"bench{i}@bench.example", full_name=f"Bench {i}") for i in range(count)], batch_size=2000
    )
    companies = Company.objects.bulk_create(
        Company(name=f"Bench Company {i}", siren=demo_siren(i)) for i in range(1, count // 100 + 2)
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
    staff = User.objects.create(email="staff@bench.example", full_name="Équipe", is_staff=True)
    return group, staff


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

    from mailings import conf, delivery, services
    from mailings.models import Mailing, MailingStatus
    from snitem_portal.celery import app

    call_command("migrate", verbosity=0)
    print(f"Creating {RECIPIENTS} recipients…", flush=True)
    group, staff = _people(RECIPIENTS)
    mailing = services.create_mailing(by=staff, subject="Lettre de la filière", body=BODY, groups=[group])

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    app.connection_for_write().default_channel.client.flushdb()
    worker = subprocess.Popen(
        [
            *[sys.executable, "-m", "celery", "-A", "snitem_portal", "worker", "--concurrency", str(CONCURRENCY)],
            *["--loglevel", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        while not app.control.ping(timeout=1.0):
            if worker.poll() is not None:
                raise SystemExit("The worker did not start.")
        print(f"Worker ready ({CONCURRENCY} processes). Sending…", flush=True)
        started = time.perf_counter()
        services.send_mailing(mailing=mailing, by=staff, version=mailing.version)
        give_up = started + 900
        while sink.count < RECIPIENTS and time.perf_counter() < give_up:
            time.sleep(0.05)
        elapsed = sink.last_at - started
        time.sleep(2)
        mailing.refresh_from_db()
        print(f"Messages accepted by the SMTP sink: {sink.count} / {RECIPIENTS} (ledger: {mailing.sent_count} sent)")
        print(
            f"Time from send to last message accepted: {elapsed:.1f} s ({1000 * elapsed / RECIPIENTS:.2f} ms a message)"
        )
        print(f"Mailing status: {mailing.status}")
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    # Queries of one batch, measured in this process on a second mailing to the same people.
    second = services.create_mailing(by=staff, subject="Deuxième", body=BODY, groups=[group])
    Mailing.objects.filter(pk=second.pk).update(status=MailingStatus.SENDING)
    ids = delivery.start_mailing(mailing_id=second.pk)
    for size in (20, conf.batch_size()):
        batch, ids = ids[:size], ids[size:]
        with CaptureQueriesContext(connection) as batch_queries:
            delivery.send_batch(delivery_ids=batch)
        print(f"Delivery batch of {size}: {len(batch_queries)} SQL queries")
    controller.stop()

    from django.contrib.auth import get_user_model

    recipient = get_user_model().objects.get(email="bench0@bench.example")
    message = delivery.build_message(delivery._Contents(mailing), recipient)
    floor = smtp_floor(free_port(), message.message().as_bytes(linesep="\r\n"), RECIPIENTS)
    print(
        f"Raw floor (smtplib, {RECIPIENTS} multipart messages, one connection): {floor:.1f} s; "
        f"mailing against floor: {elapsed / floor:.2f}"
    )


if __name__ == "__main__":
    main()
