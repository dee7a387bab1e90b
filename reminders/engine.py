"""The reminder engine: scan the deadline sources into the ledger (``reminders.scan``), then deliver.

Exactly once: the scan inserts ledger rows with ``ON CONFLICT DO NOTHING`` on the unique key
(object, deadline, rule, recipient, repeat) and only the scan whose insert won queues the row. Delivery
claims rows (``SELECT … FOR UPDATE SKIP LOCKED`` then ``status = sending``) so two workers never
send the same row, records accepted messages as sent every few messages while it runs, and the rest
of the outcome in one update per kind at the end of the batch.
"""

import logging
import smtplib
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.module_loading import import_string

from snitem_portal.emails import build_merged_emails, build_templated_email
from snitem_portal.http import absolute_url

from . import conf, registry
from .enums import DeadlineKind, DeliveryMode, ReminderStatus
from .models import NotificationPreference, Reminder
from .scan import NOTE_DEADLINE_PASSED, NOTE_MERGED, resolve_mode, scan_deadlines
from .tokens import preferences_url, unsubscribe_url

logger = logging.getLogger(__name__)

NOTE_ITEM_GONE = "item no longer open"
NOTE_ACTED = "recipient acted"
NOTE_OPTED_OUT = "recipient switched this kind off"


# ---------------------------------------------------------------------------- delivery


@dataclass
class DeliveryOutcome:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    retry_ids: list[int] = field(default_factory=list)


def _claim(queryset, now) -> list[int]:
    with transaction.atomic():
        ids = list(
            queryset.filter(status=ReminderStatus.PENDING)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        if ids:
            Reminder.objects.filter(pk__in=ids).update(
                status=ReminderStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
    return ids


def _claimed_rows(ids):
    """The claimed rows with their recipient, the recipient's current mode for the row's kind and
    whether they are a referent (for the modes they cannot switch off): one query."""
    saved_mode = NotificationPreference.objects.filter(user=OuterRef("recipient_id"), kind=OuterRef("kind"))
    return (
        Reminder.objects.filter(pk__in=ids)
        .select_related("recipient")
        .annotate(
            current_mode=Subquery(saved_mode.values("mode")[:1]),
            recipient_is_referent=registry.signer_exists("recipient_id"),
        )
    )


def _still_targeted(rows, objects) -> set[tuple[str, int, int]]:
    """``(kind, object id, recipient id)`` of the rows whose recipient still has something to do.

    One query per deadline object (not per recipient).
    """
    recipients_by_object = defaultdict(set)
    for row in rows:
        recipients_by_object[(row.kind, row.object_id)].add(row.recipient_id)
    found = set()
    for key, user_ids in recipients_by_object.items():
        obj = objects.get(key)
        if obj is not None:
            targets = registry.get_source(key[0]).targets(obj).filter(pk__in=user_ids)
            found.update((*key, user_id) for user_id in targets.values_list("pk", flat=True))
    return found


def _triage(rows, objects, now, skipped: dict[str, list[int]]):
    """Yield ``(row, obj, mode)`` for the rows still to deliver, in the mode the recipient wants now;
    file the others in ``skipped`` by note (item gone, deadline passed, acted, switched off)."""
    targeted = _still_targeted(rows, objects)
    for row in rows:
        obj = objects.get((row.kind, row.object_id))
        source = registry.get_source(row.kind)
        if obj is None:
            skipped[NOTE_ITEM_GONE].append(row.pk)
        elif source.deadline_of(obj) <= now:
            skipped[NOTE_DEADLINE_PASSED].append(row.pk)
        elif (row.kind, row.object_id, row.recipient_id) not in targeted:
            skipped[NOTE_ACTED].append(row.pk)
        else:
            mode = resolve_mode(row.current_mode, source=source, is_referent=row.recipient_is_referent)
            if mode is None:
                skipped[NOTE_OPTED_OUT].append(row.pk)
            else:
                yield row, obj, mode


def _skip_notes() -> dict[str, list[int]]:
    return {NOTE_DEADLINE_PASSED: [], NOTE_ITEM_GONE: [], NOTE_ACTED: [], NOTE_OPTED_OUT: []}


def _load_objects(rows) -> dict:
    """The live deadline objects of ``rows``, keyed ``(kind, pk)``: one query per kind."""
    ids_by_kind = defaultdict(set)
    for row in rows:
        ids_by_kind[row.kind].add(row.object_id)
    found = {}
    for kind, ids in ids_by_kind.items():
        source = registry.get_source(kind)
        if source is None:
            continue
        for pk, obj in source.objects().in_bulk(list(ids)).items():
            found[(kind, pk)] = obj
    return found


def _item_context(source, obj) -> dict:
    return {
        "kind": source.kind,
        "kind_label": DeadlineKind(source.kind).label,
        "action": source.action,
        "title": source.title(obj),
        "deadline": source.deadline_of(obj),
        "url": absolute_url(source.url(obj)),
    }


def _headers(recipient, kinds) -> dict:
    """One-click unsubscribe from the kinds of deadline the email is about, and only those."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(recipient, kinds)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


@contextmanager
def _checkpoint():
    """A small transaction recording a running batch's progress, committed without waiting for the
    write-ahead log to reach the disk (PostgreSQL ``synchronous_commit`` off, for this transaction
    only): a commit per ten messages that waited for the disk made delivery twice as slow (measured,
    docs/performance.md). If the database server itself crashed, the last fraction of a second of
    checkpoints could be lost: those messages would be sent again, as with a lost worker."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def _record_sent(sent_ids, now) -> None:
    with _checkpoint():
        Reminder.objects.filter(pk__in=sent_ids, status=ReminderStatus.SENDING).update(
            status=ReminderStatus.SENT, sent_at=now, note=""
        )


def _renew_claim(row_ids, now) -> None:
    with _checkpoint():
        Reminder.objects.filter(pk__in=row_ids, status=ReminderStatus.SENDING).update(claimed_at=now)


def _deliver(messages, now, delivered: list | None = None) -> tuple[list[int], dict[int, str]]:
    """Send ``[(row_ids, message)]`` over one SMTP connection; ``(sent row ids, {row id: error})``.

    ``delivered``, when given, receives True or False for each message in turn (accepted or not).

    Accepted messages are recorded as sent as the batch goes, every ``RECORD_EVERY`` messages (one
    update), so that a worker lost mid-batch leaves at most that many accepted messages unrecorded
    (sent again once the lease lapses). The batch renews its claim (lease) on its rows every
    ``LEASE_RENEW`` (one update), so that no scan takes them for lost while this worker is busy.
    """
    sent, failed = [], {}
    unrecorded = []
    every = conf.record_every()
    all_ids = [pk for ids, _message in messages for pk in ids]
    connection = get_connection()
    renewed_at = timezone.now()
    try:
        for row_ids, message in messages:
            if len(unrecorded) >= every:
                _record_sent(unrecorded, now)
                unrecorded = []
            if timezone.now() - renewed_at >= conf.lease_renew():
                renewed_at = timezone.now()
                _renew_claim(all_ids, renewed_at)
            try:
                connection.open()
                connection.send_messages([message])
            except (smtplib.SMTPException, OSError) as exc:
                logger.warning("Reminder delivery to %s failed: %r", message.to, exc)
                failed.update(dict.fromkeys(row_ids, repr(exc)[:500]))
                # Start the next message on a fresh connection.
                connection.close()
                if delivered is not None:
                    delivered.append(False)
            else:
                sent.extend(row_ids)
                unrecorded.extend(row_ids)
                if delivered is not None:
                    delivered.append(True)
    finally:
        connection.close()
    return sent, failed


def _record(
    outcome: DeliveryOutcome,
    *,
    sent,
    skipped: dict[str, list[int]],
    failed: dict[int, str],
    now,
    merged=(),
    to_digest=(),
    retry_in=timedelta(0),
):
    """Write the batch's outcome: a constant number of updates, whatever its size."""
    with transaction.atomic():
        if merged:
            Reminder.objects.filter(pk__in=merged).update(status=ReminderStatus.MERGED, note=NOTE_MERGED)
        if to_digest:
            # The recipient switched this kind to the digest since the scan: the next digest takes it.
            Reminder.objects.filter(pk__in=to_digest).update(
                status=ReminderStatus.PENDING, mode=DeliveryMode.DIGEST, queued_at=now
            )
        if sent:
            # Rows recorded as the batch went are left as they are.
            Reminder.objects.filter(pk__in=sent, status=ReminderStatus.SENDING).update(
                status=ReminderStatus.SENT, sent_at=now, note=""
            )
        for note, ids in skipped.items():
            if ids:
                Reminder.objects.filter(pk__in=ids).update(status=ReminderStatus.SKIPPED, note=note)
        if failed:
            error = next(iter(failed.values()))
            given_up = Reminder.objects.filter(pk__in=list(failed), attempts__gte=conf.max_attempts())
            outcome.failed = given_up.update(status=ReminderStatus.FAILED, note=error)
            retry = Reminder.objects.filter(pk__in=list(failed), attempts__lt=conf.max_attempts())
            outcome.retry_ids = sorted(retry.values_list("pk", flat=True))
            # Queued for when the retry runs: until then the row is waiting, not lost (_recover_lost).
            retry.update(status=ReminderStatus.PENDING, note=error, queued_at=now + retry_in)
    outcome.sent = len(sent)
    outcome.skipped = sum(len(ids) for ids in skipped.values())
    return outcome


def send_reminder_batch(
    *, reminder_ids: list[int], now: datetime | None = None, retry_in: timedelta = timedelta(0)
) -> DeliveryOutcome:
    """Deliver the immediate reminders among ``reminder_ids`` that are still pending.

    Side effects: one email per reminder over one SMTP connection; rows marked sent, skipped
    (deadline passed, item closed, recipient acted or switched the kind off since the scan), moved
    to the digest (recipient chose it since the scan) or back to pending with the error
    (``retry_ids``, queued for ``retry_in`` from now), failed after ``MAX_ATTEMPTS``; accepted
    messages are recorded as sent every ``RECORD_EVERY`` messages (``_deliver``). Idempotent: rows
    already claimed or sent are left alone.
    """
    now = now or timezone.now()
    claimed = _claim(Reminder.objects.filter(pk__in=reminder_ids, mode=DeliveryMode.IMMEDIATE), now)
    if not claimed:
        return DeliveryOutcome()
    rows = list(_claimed_rows(claimed).order_by("pk"))
    objects = _load_objects(rows)
    skipped = _skip_notes()
    to_send, to_digest = defaultdict(list), []
    for row, obj, mode in _triage(rows, objects, now, skipped):
        if mode == DeliveryMode.DIGEST:
            to_digest.append(row.pk)
        else:
            to_send[(row.kind, obj)].append(row)
    messages = []
    for (kind, obj), object_rows in to_send.items():
        # One deadline's reminder is the same message for all its recipients but their name and links:
        # rendered once per language (a mail merge), not once per recipient.
        built = build_merged_emails(
            template="reminders/email/reminder",
            recipients=[row.recipient for row in object_rows],
            context={"item": _item_context(registry.get_source(kind), obj)},
            per_recipient=lambda recipient: {"preferences_url": preferences_url(recipient)},
            headers=lambda recipient, kind=kind: _headers(recipient, [kind]),
        )
        messages.extend(([row.pk], message) for row, message in zip(object_rows, built, strict=True))
    sent, failed = _deliver(messages, now)
    return _record(
        DeliveryOutcome(), sent=sent, skipped=skipped, failed=failed, now=now, to_digest=to_digest, retry_in=retry_in
    )


def send_digests(*, now: datetime | None = None) -> DeliveryOutcome:
    """Send each user one email grouping their pending digest reminders, and the notifications the
    ``DIGEST_SECTIONS`` hand over (``claim(now)`` -> ``.items`` {user id: [item]}, then ``.done(...)``
    with who got their email; a person with notifications only gets a digest too).

    Side effects: as ``send_reminder_batch``; reminders whose recipient acted meanwhile or switched
    the kind off, or whose deadline passed, are skipped; several reminders of one deadline (rows of
    different scans) give one entry, the latest rule's, the others recorded as merged. One query
    per deadline object to re-check who acted.
    """
    now = now or timezone.now()
    sections = [import_string(path)(now) for path in conf.digest_sections()]
    claimed = _claim(Reminder.objects.filter(mode=DeliveryMode.DIGEST), now)
    if not claimed and not any(section.items for section in sections):
        return DeliveryOutcome()
    rows = list(_claimed_rows(claimed).order_by("deadline_at", "due_at", "pk"))
    objects = _load_objects(rows)
    skipped = _skip_notes()
    latest = {}
    for row, obj, _mode in _triage(rows, objects, now, skipped):
        # Rows come by due date: the last one of a deadline wins.
        latest[(row.recipient_id, row.kind, row.object_id)] = (row, obj)
    done = {row.pk for row, _obj in latest.values()}.union(*skipped.values())
    merged = [row.pk for row in rows if row.pk not in done]
    per_user = defaultdict(list)
    for row, obj in sorted(latest.values(), key=_by_deadline):
        per_user[row.recipient_id].append((row, obj))
    notices = defaultdict(list)
    for section in sections:
        for user_id, items in section.items.items():
            notices[user_id].extend(items)
    recipients = {entries[0][0].recipient_id: entries[0][0].recipient for entries in per_user.values()}
    recipients.update(get_user_model().objects.in_bulk(set(notices) - set(recipients)))
    messages, owners = [], []
    for user_id, recipient in recipients.items():
        entries = per_user.get(user_id, [])
        items = [_item_context(registry.get_source(row.kind), obj) for row, obj in entries]
        message = build_templated_email(
            template="reminders/email/digest",
            to=recipient,
            context={
                "items": items,
                "notices": notices.get(user_id, []),
                "preferences_url": preferences_url(recipient),
            },
            headers=_headers(recipient, [row.kind for row, _obj in entries]) if entries else {},
        )
        messages.append(([row.pk for row, _obj in entries], message))
        owners.append(user_id)
    delivered = []
    sent, failed = _deliver(messages, now, delivered)
    sent_to = {user_id for user_id, ok in zip(owners, delivered, strict=False) if ok}
    for section in sections:
        section.done(sent_user_ids=sent_to, failed_user_ids=set(owners) - sent_to)
    return _record(DeliveryOutcome(), sent=sent, skipped=skipped, failed=failed, now=now, merged=merged)


def _by_deadline(entry):
    row, obj = entry
    return registry.get_source(row.kind).deadline_of(obj), row.pk


def chunked(ids: list[int], size: int | None = None):
    size = size or conf.batch_size()
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def run_reminder_pass(*, now: datetime | None = None) -> DeliveryOutcome:
    """The scan and its deliveries, synchronously (``manage.py send_reminders``)."""
    total = DeliveryOutcome()
    for batch in chunked(scan_deadlines(now=now)):
        outcome = send_reminder_batch(reminder_ids=batch, now=now)
        total.sent += outcome.sent
        total.skipped += outcome.skipped
        total.failed += outcome.failed
        total.retry_ids += outcome.retry_ids
    return total
