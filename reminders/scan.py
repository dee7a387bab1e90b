"""The scan: record every reminder due in the ledger, object by object, a chunk of rows at a time.

Exactly once: rows are inserted with ``ON CONFLICT DO NOTHING`` on the unique key (object, deadline,
rule, recipient, repeat) and only the scan whose insert won queues the row (``reminders.engine``
delivers it). The scan also puts back in the queue the rows whose worker or message was lost.
"""

import time
import uuid
from collections import defaultdict
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from . import conf, registry
from .enums import DeliveryMode, ReminderStatus
from .models import NotificationPreference, Reminder, ReminderRule

NOTE_DEADLINE_PASSED = "deadline passed"
NOTE_MERGED = "merged with a later rule of the same deadline"
NOTE_LOST = "given up: delivery lost too many times"


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


def resolve_mode(saved_mode: str | None, *, source, is_referent: bool) -> str | None:
    mode = saved_mode or DeliveryMode.IMMEDIATE
    if mode == DeliveryMode.OFF:
        return DeliveryMode.DIGEST if source.signoff and is_referent else None
    return mode


def _candidates(source, rules, now, scan_id):
    """Yield, object by object and recipient by recipient (both in id order), the ledger rows the
    scan may insert for ``source``: the rows of at most ``SCAN_CHUNK`` recipients at a time (a few
    rows each), a recipient's rows of one object always in the same list. Recipients are read as a
    stream, ``SCAN_CHUNK`` at a time, so memory stays bounded whatever the audience."""
    field = source.deadline_field
    horizon = now + max(rule.offset for rule in rules)
    objects = source.objects().filter(**{f"{field}__gt": now - conf.skip_lookback(), f"{field}__lte": horizon})
    content_type = ContentType.objects.get_for_model(source.model)
    saved_mode = NotificationPreference.objects.filter(user=OuterRef("pk"), kind=source.kind).values("mode")[:1]
    has_repeat = any(rule.repeat_every for rule in rules)
    for obj in objects.order_by("pk"):
        deadline = source.deadline_of(obj)
        due_rules = [rule for rule in rules if deadline - rule.offset <= now]
        if not due_rules:
            continue
        recipients = (
            source.targets(obj)
            .annotate(saved_mode=Subquery(saved_mode), is_referent=registry.signer_exists())
            .order_by("pk")
            .values_list("pk", "saved_mode", "is_referent")
        )
        chair_ids = set(source.chairs(obj).values_list("pk", flat=True)) if has_repeat and source.chairs else set()
        status = ReminderStatus.SKIPPED if deadline <= now else ReminderStatus.PENDING
        for people in _distinct_chunks(recipients.iterator(chunk_size=SCAN_CHUNK)):
            # What the ledger already holds for these recipients of this object, so that a scan
            # repeated every few minutes builds rows only for what is new (the unique key still
            # settles any race).
            recorded = set(
                Reminder.objects.filter(
                    content_type=content_type,
                    object_id=obj.pk,
                    deadline_at=deadline,
                    sequence=0,
                    rule__in=due_rules,
                    recipient_id__gte=people[0][0],
                    recipient_id__lte=people[-1][0],
                ).values_list("recipient_id", "rule_id")
            )
            chunk = []
            for user_id, mode, is_referent in people:
                is_chair = user_id in chair_ids
                todo = [rule for rule in due_rules if is_chair or (user_id, rule.pk) not in recorded]
                if not todo:
                    continue
                mode = resolve_mode(mode, source=source, is_referent=is_referent)
                if mode is None:
                    continue
                for rule in todo:
                    for sequence, due_at in _occurrences(rule, deadline, now, is_chair=is_chair):
                        chunk.append(
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
            if chunk:
                yield chunk


def _distinct_chunks(rows):
    """Lists of at most ``SCAN_CHUNK`` of ``rows`` (ordered by their first value, the user id),
    each user once (a user reached by two paths comes twice in a row)."""
    chunk, last = [], None
    for row in rows:
        if row[0] == last:
            continue
        last = row[0]
        chunk.append(row)
        if len(chunk) >= SCAN_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# Recipients whose ledger rows are built and inserted at a time: the scan's memory stays bounded
# whatever the audience.
SCAN_CHUNK = 2000


def _insert_chunk(rows, scan_id) -> list[int]:
    """Insert ``rows`` (one object's, ``ON CONFLICT DO NOTHING``); mark merged the rows of a recipient
    that a later rule of the same deadline replaces; return the ids to deliver immediately."""
    # Within a chunk, a stable order of inserts keeps two concurrent scans from deadlocking on the
    # unique index (chunks themselves come in object and recipient order).
    rows.sort(key=lambda r: (r.recipient_id, r.rule_id, r.sequence))
    # Ids come from a sequence: the rows this insert creates have ids above every id visible now,
    # so the read back walks the primary key from there (the unique index would read every row of
    # the object, which grows chunk after chunk).
    floor = Reminder.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    # Rows this scan inserted carry its scan_id; rows that already existed kept their own.
    mine = list(
        Reminder.objects.filter(pk__gt=floor, scan_id=scan_id, status=ReminderStatus.PENDING).values_list(
            "pk", "recipient_id", "due_at", "mode"
        )
    )
    latest = {}
    for pk, recipient_id, _due_at, mode in sorted(mine, key=lambda r: (r[2], r[0])):
        latest[recipient_id] = (pk, mode)
    keep = {pk for pk, _mode in latest.values()}
    merged = [pk for pk, *_rest in mine if pk not in keep]
    if merged:
        # pk IN (…) uses the primary key index; NOT IN over a long list would compare every row to it.
        Reminder.objects.filter(pk__in=merged).update(status=ReminderStatus.MERGED, note=NOTE_MERGED)
    return [pk for pk, mode in latest.values() if mode == DeliveryMode.IMMEDIATE]


def scan_deadlines(*, now: datetime | None = None) -> list[int]:
    """Record every reminder due by ``now`` in the ledger; return the ids to deliver immediately
    (``scan_in_chunks``, all of them at once)."""
    return sorted(pk for ids in scan_in_chunks(now=now) for pk in ids)


def scan_in_chunks(*, now: datetime | None = None):
    """Record every reminder due by ``now`` in the ledger, yielding the ids to deliver immediately
    as each chunk is committed, so that delivery can start while the scan goes on.

    Side effects: inserts ledger rows (pending, or skipped when the deadline has passed), built and
    inserted ``SCAN_CHUNK`` at a time, each chunk in its own transaction; when several rules of one
    deadline are due at once for a recipient, keeps the latest and marks the others merged; puts back
    in the queue rows whose worker or message was lost. Idempotent, and safe to run concurrently:
    rows another scan inserted are left to it. A scan stopped halfway leaves its committed rows
    pending, and a later scan queues them again once they are older than the lease
    (``_recover_lost``).
    """
    now = now or timezone.now()
    scan_id = uuid.uuid4()
    rules_by_kind = defaultdict(list)
    for rule in ReminderRule.objects.filter(is_active=True):
        rules_by_kind[rule.kind].append(rule)
    began = time.monotonic()
    for source in registry.all_sources():
        if rules_by_kind[source.kind]:
            for chunk in _candidates(source, rules_by_kind[source.kind], now, scan_id):
                # Queued when inserted, not when the scan began: a large audience takes a while.
                queued_at = now + timedelta(seconds=time.monotonic() - began)
                for row in chunk:
                    row.queued_at = queued_at
                with transaction.atomic():
                    ids = _insert_chunk(chunk, scan_id)
                if ids:
                    yield ids
    with transaction.atomic():
        recovered = _recover_lost(now)
    if recovered:
        yield recovered


def _recover_lost(now) -> list[int]:
    """Queue again the immediate rows whose worker or queued message was lost; return their ids.

    Two clocks, kept apart: a running batch holds a short *lease* on its rows, renewed as it goes
    (``_deliver``), so a row claimed longer ago than ``LEASE`` has no live worker: it is queued again
    and the loss counts as an attempt (claiming counted the first one), so a row that keeps being
    lost, e.g. one that crashes the worker, ends ``failed``. A row never claimed is waiting in the
    queue: only one queued longer ago than ``REQUEUE_AFTER`` lost its message (or the queue is that
    far behind, a large audience over a slow mail server); it is queued again without counting an
    attempt, since nothing was tried (a task that finds its rows claimed already does nothing). A
    row waiting for a retry is queued for the time the retry runs (``queued_at`` in the future).
    """
    stale = now - conf.lease()
    lost = Reminder.objects.filter(status=ReminderStatus.SENDING, claimed_at__lt=stale)
    lost.filter(attempts__gte=conf.max_attempts()).update(status=ReminderStatus.FAILED, note=NOTE_LOST)
    recovered = list(lost.filter(mode=DeliveryMode.IMMEDIATE).values_list("pk", flat=True))
    # Digest rows go back to the next digest.
    lost.update(status=ReminderStatus.PENDING, queued_at=now)
    unclaimed = Reminder.objects.filter(
        status=ReminderStatus.PENDING, mode=DeliveryMode.IMMEDIATE, queued_at__lt=now - conf.requeue_after()
    )
    requeued = list(unclaimed.values_list("pk", flat=True))
    if requeued:
        Reminder.objects.filter(pk__in=requeued).update(queued_at=now)
    return recovered + requeued
