"""The reminder engine: scan the deadline sources into the ledger, then deliver.

Exactly once: the scan inserts ledger rows with ``ON CONFLICT DO NOTHING`` on the unique key
(object, deadline, rule, recipient, repeat) and only the scan whose insert won queues the row. Delivery
claims rows (``SELECT … FOR UPDATE SKIP LOCKED`` then ``status = sending``) so two workers never
send the same row, and records the outcome in one update per batch.
"""

import logging
import smtplib
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from snitem_portal.emails import build_templated_email
from snitem_portal.http import absolute_url

from . import conf, registry
from .enums import DeadlineKind, DeliveryMode, ReminderStatus
from .models import NotificationPreference, Reminder, ReminderRule
from .tokens import preferences_url, unsubscribe_url

logger = logging.getLogger(__name__)

NOTE_DEADLINE_PASSED = "deadline passed"
NOTE_ITEM_GONE = "item no longer open"
NOTE_ACTED = "recipient acted"
NOTE_MERGED = "merged with a later rule of the same deadline"
NOTE_OPTED_OUT = "recipient switched this kind off"
NOTE_LOST = "given up: delivery lost too many times"


# ---------------------------------------------------------------------------- scan


def _occurrences(rule: ReminderRule, deadline: datetime, now: datetime, *, is_chair: bool):
    """``(sequence, due_at)`` of the rule's reminders due by ``now``: the first, and the latest repeat."""
    first = deadline - rule.offset
    if first > now:
        return []
    found = [(0, first)]
    repeat = rule.repeat_every
    if is_chair and repeat and deadline > now:
        count = int((min(now, deadline) - first) / repeat)
        if count and first + count * repeat < deadline:
            found.append((count, first + count * repeat))
    return found


def _resolve_mode(saved_mode: str | None, *, source, is_referent: bool) -> str | None:
    mode = saved_mode or DeliveryMode.IMMEDIATE
    if mode == DeliveryMode.OFF:
        return DeliveryMode.DIGEST if source.signoff and is_referent else None
    return mode


def _candidates(source, rules, now, scan_id) -> list[Reminder]:
    field = source.deadline_field
    horizon = now + max(rule.offset for rule in rules)
    objects = source.objects().filter(**{f"{field}__gt": now - conf.skip_lookback(), f"{field}__lte": horizon})
    content_type = ContentType.objects.get_for_model(source.model)
    saved_mode = NotificationPreference.objects.filter(user=OuterRef("pk"), kind=source.kind).values("mode")[:1]
    has_repeat = any(rule.repeat_every for rule in rules)
    rows = []
    for obj in objects:
        deadline = source.deadline_of(obj)
        due_rules = [rule for rule in rules if deadline - rule.offset <= now]
        if not due_rules:
            continue
        # What the ledger already holds for this object, so that a scan repeated every few minutes
        # builds rows only for what is new (the unique key still settles any race).
        recorded = set(
            Reminder.objects.filter(
                content_type=content_type, object_id=obj.pk, deadline_at=deadline, sequence=0, rule__in=due_rules
            ).values_list("recipient_id", "rule_id")
        )
        recipients = (
            source.targets(obj)
            .annotate(saved_mode=Subquery(saved_mode), is_referent=registry.signer_exists())
            .values_list("pk", "saved_mode", "is_referent")
        )
        chair_ids = set(source.chairs(obj).values_list("pk", flat=True)) if has_repeat and source.chairs else set()
        status = ReminderStatus.SKIPPED if deadline <= now else ReminderStatus.PENDING
        for user_id, mode, is_referent in dict.fromkeys(recipients):
            is_chair = user_id in chair_ids
            todo = [rule for rule in due_rules if is_chair or (user_id, rule.pk) not in recorded]
            if not todo:
                continue
            mode = _resolve_mode(mode, source=source, is_referent=is_referent)
            if mode is None:
                continue
            for rule in todo:
                for sequence, due_at in _occurrences(rule, deadline, now, is_chair=is_chair):
                    rows.append(
                        Reminder(
                            content_type=content_type,
                            object_id=obj.pk,
                            kind=source.kind,
                            rule=rule,
                            sequence=sequence,
                            recipient_id=user_id,
                            deadline_at=deadline,
                            due_at=due_at,
                            mode=mode,
                            status=status,
                            note=NOTE_DEADLINE_PASSED if status == ReminderStatus.SKIPPED else "",
                            scan_id=scan_id,
                            created_at=now,
                            queued_at=now,
                        )
                    )
    return rows


@transaction.atomic
def scan_deadlines(*, now: datetime | None = None) -> list[int]:
    """Record every reminder due by ``now`` in the ledger; return the ids to deliver immediately.

    Side effects: inserts ledger rows (pending, or skipped when the deadline has passed); when
    several rules of one deadline are due at once for a recipient, keeps the latest and marks the
    others merged; puts back in the queue rows whose worker was lost. Idempotent, and safe to run
    concurrently: rows another scan inserted are left to it.
    """
    now = now or timezone.now()
    scan_id = uuid.uuid4()
    rules_by_kind = defaultdict(list)
    for rule in ReminderRule.objects.filter(is_active=True):
        rules_by_kind[rule.kind].append(rule)
    rows = []
    for source in registry.all_sources():
        if rules_by_kind[source.kind]:
            rows.extend(_candidates(source, rules_by_kind[source.kind], now, scan_id))
    # A stable order of inserts keeps two concurrent scans from deadlocking on the unique index.
    rows.sort(key=lambda r: (r.content_type_id, r.object_id, r.recipient_id, r.rule_id, r.sequence))
    Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)

    # Rows this scan inserted carry its scan_id; rows that already existed kept their own.
    mine = list(
        Reminder.objects.filter(scan_id=scan_id, status=ReminderStatus.PENDING).values_list(
            "pk", "content_type_id", "object_id", "recipient_id", "due_at", "mode"
        )
    )
    latest = {}
    for pk, content_type_id, object_id, recipient_id, _due_at, mode in sorted(mine, key=lambda r: (r[4], r[0])):
        latest[(content_type_id, object_id, recipient_id)] = (pk, mode)
    keep = {pk for pk, _mode in latest.values()}
    merged = [row[0] for row in mine if row[0] not in keep]
    # pk IN (…) uses the primary key index; NOT IN over a long list would compare every row to it.
    for batch in chunked(merged, 5000):
        Reminder.objects.filter(pk__in=batch).update(status=ReminderStatus.MERGED, note=NOTE_MERGED)

    immediate = [pk for pk, mode in latest.values() if mode == DeliveryMode.IMMEDIATE]
    return sorted(immediate + _recover_lost(now))


def _recover_lost(now) -> list[int]:
    """Queue again the immediate rows whose worker or queued message was lost; return their ids.

    A running batch renews its claim (``_deliver``), so a row claimed or queued longer ago than
    ``STALE_AFTER`` has no live worker. Each loss counts as an attempt (claiming counted the first
    one): a row that keeps being lost, e.g. one that crashes the worker, ends ``failed``.
    """
    stale = now - conf.stale_after()
    lost = Reminder.objects.filter(status=ReminderStatus.SENDING, claimed_at__lt=stale)
    lost.filter(attempts__gte=conf.max_attempts()).update(status=ReminderStatus.FAILED, note=NOTE_LOST)
    recovered = list(lost.filter(mode=DeliveryMode.IMMEDIATE).values_list("pk", flat=True))
    # Digest rows go back to the next digest.
    lost.update(status=ReminderStatus.PENDING, queued_at=now)
    unclaimed = Reminder.objects.filter(status=ReminderStatus.PENDING, mode=DeliveryMode.IMMEDIATE, queued_at__lt=stale)
    unclaimed.filter(attempts__gte=conf.max_attempts() - 1).update(
        status=ReminderStatus.FAILED, note=NOTE_LOST, attempts=F("attempts") + 1
    )
    requeued = list(unclaimed.values_list("pk", flat=True))
    if requeued:
        Reminder.objects.filter(pk__in=requeued).update(queued_at=now, attempts=F("attempts") + 1)
    return recovered + requeued


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
            mode = _resolve_mode(row.current_mode, source=source, is_referent=row.recipient_is_referent)
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


def _renew_claim(row_ids, now) -> None:
    Reminder.objects.filter(pk__in=row_ids, status=ReminderStatus.SENDING).update(claimed_at=now)


def _deliver(messages) -> tuple[list[int], dict[int, str]]:
    """Send ``[(row_ids, message)]`` over one SMTP connection; ``(sent row ids, {row id: error})``.

    A long batch renews its claim on its rows (sent ones too: their outcome is written at the end)
    every ``LEASE_RENEW``, so that a scan never takes them for lost while this worker is busy (a
    query only when a batch runs that long).
    """
    sent, failed = [], {}
    connection = get_connection()
    renewed_at = timezone.now()
    try:
        for row_ids, message in messages:
            if timezone.now() - renewed_at >= conf.lease_renew():
                renewed_at = timezone.now()
                _renew_claim([pk for ids, _message in messages for pk in ids], renewed_at)
            try:
                connection.open()
                connection.send_messages([message])
            except (smtplib.SMTPException, OSError) as exc:
                logger.warning("Reminder delivery to %s failed: %r", message.to, exc)
                failed.update(dict.fromkeys(row_ids, repr(exc)[:500]))
                # Start the next message on a fresh connection.
                connection.close()
            else:
                sent.extend(row_ids)
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
            Reminder.objects.filter(pk__in=sent).update(status=ReminderStatus.SENT, sent_at=now, note="")
        for note, ids in skipped.items():
            if ids:
                Reminder.objects.filter(pk__in=ids).update(status=ReminderStatus.SKIPPED, note=note)
        if failed:
            error = next(iter(failed.values()))
            given_up = Reminder.objects.filter(pk__in=list(failed), attempts__gte=conf.max_attempts())
            outcome.failed = given_up.update(status=ReminderStatus.FAILED, note=error)
            retry = Reminder.objects.filter(pk__in=list(failed), attempts__lt=conf.max_attempts())
            outcome.retry_ids = sorted(retry.values_list("pk", flat=True))
            retry.update(status=ReminderStatus.PENDING, note=error, queued_at=now)
    outcome.sent = len(sent)
    outcome.skipped = sum(len(ids) for ids in skipped.values())
    return outcome


def send_reminder_batch(*, reminder_ids: list[int], now: datetime | None = None) -> DeliveryOutcome:
    """Deliver the immediate reminders among ``reminder_ids`` that are still pending.

    Side effects: one email per reminder over one SMTP connection; rows marked sent, skipped
    (deadline passed, item closed, recipient acted or switched the kind off since the scan), moved
    to the digest (recipient chose it since the scan) or back to pending with the error
    (``retry_ids``), failed after ``MAX_ATTEMPTS``. Idempotent: rows already claimed or sent are
    left alone.
    """
    now = now or timezone.now()
    claimed = _claim(Reminder.objects.filter(pk__in=reminder_ids, mode=DeliveryMode.IMMEDIATE), now)
    if not claimed:
        return DeliveryOutcome()
    rows = list(_claimed_rows(claimed).order_by("pk"))
    objects = _load_objects(rows)
    skipped = _skip_notes()
    messages, to_digest = [], []
    for row, obj, mode in _triage(rows, objects, now, skipped):
        if mode == DeliveryMode.DIGEST:
            to_digest.append(row.pk)
            continue
        source = registry.get_source(row.kind)
        message = build_templated_email(
            template="reminders/email/reminder",
            to=row.recipient,
            context={"item": _item_context(source, obj), "preferences_url": preferences_url(row.recipient)},
            headers=_headers(row.recipient, [row.kind]),
        )
        messages.append(([row.pk], message))
    sent, failed = _deliver(messages)
    return _record(DeliveryOutcome(), sent=sent, skipped=skipped, failed=failed, now=now, to_digest=to_digest)


def send_digests(*, now: datetime | None = None) -> DeliveryOutcome:
    """Send each user one email grouping their pending digest reminders.

    Side effects: as ``send_reminder_batch``; reminders whose recipient acted meanwhile or switched
    the kind off, or whose deadline passed, are skipped; several reminders of one deadline (rows of
    different scans) give one entry, the latest rule's, the others recorded as merged. One query
    per deadline object to re-check who acted.
    """
    now = now or timezone.now()
    claimed = _claim(Reminder.objects.filter(mode=DeliveryMode.DIGEST), now)
    if not claimed:
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
    messages = []
    for entries in per_user.values():
        recipient = entries[0][0].recipient
        items = [_item_context(registry.get_source(row.kind), obj) for row, obj in entries]
        message = build_templated_email(
            template="reminders/email/digest",
            to=recipient,
            context={"items": items, "preferences_url": preferences_url(recipient)},
            headers=_headers(recipient, [row.kind for row, _obj in entries]),
        )
        messages.append(([row.pk for row, _obj in entries], message))
    sent, failed = _deliver(messages)
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
