"""Delivery of a mailing through its ledger (``Delivery``), as the reminder engine delivers reminders.

Exactly once: starting a mailing inserts one row per recipient with ``ON CONFLICT DO NOTHING`` on
the unique key (mailing, recipient), so a start repeated or run twice adds nothing. A batch claims
its rows with ``SELECT … FOR UPDATE SKIP LOCKED`` and marks them ``sending`` (two workers never take
the same row), sends over one SMTP connection, records accepted messages as sent every
``REMINDERS_RECORD_EVERY`` messages and renews its lease meanwhile. A row left ``sending`` whose lease
lapsed lost its worker: the periodic task queues it again (a loss counts as an attempt), so at most
``RECORD_EVERY`` messages (accepted, not yet recorded) go out twice when a worker dies.
"""

import logging
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from reminders.engine import _checkpoint, chunked
from snitem_portal.emails import build_templated_email
from snitem_portal.markdown import render_markdown
from snitem_portal.notifications import notify

from . import conf
from .models import Delivery, DeliveryStatus, Mailing, MailingStatus, Unsubscription
from .selectors import recipients_of
from .tokens import unsubscribe_url

logger = logging.getLogger(__name__)

TEMPLATE = "mailings/email/mailing"
NOTE_UNSUBSCRIBED = "recipient unsubscribed from mailings"
NOTE_LOST = "given up: delivery lost too many times"


def start_mailing(*, mailing_id: int, now: datetime | None = None) -> list[int]:
    """Fill the ledger of a ``sending`` mailing and return the ids of its pending rows to deliver.

    Recipients are resolved now; those who unsubscribed get no row. Idempotent and safe to run
    twice at once (the unique key settles it).
    """
    now = now or timezone.now()
    mailing = Mailing.objects.filter(pk=mailing_id, status=MailingStatus.SENDING).first()
    if mailing is None:
        return []
    people = (
        recipients_of(mailing)
        .exclude(Exists(Unsubscription.objects.filter(user=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for ids in chunked(list(people), conf.insert_chunk()):
        with transaction.atomic():
            Delivery.objects.bulk_create(
                [Delivery(mailing_id=mailing.pk, recipient_id=pk, queued_at=now) for pk in ids],
                ignore_conflicts=True,
            )
    Mailing.objects.filter(pk=mailing.pk).update(recipients_count=mailing.deliveries.count(), filled_at=now)
    ids = list(mailing.deliveries.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True))
    if not ids:
        finish_if_done(mailing.pk, now)
    return ids


def _claim(ids, now) -> list[int]:
    with transaction.atomic():
        claimed = list(
            Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.PENDING)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        if claimed:
            Delivery.objects.filter(pk__in=claimed).update(
                status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
    return claimed


class _Contents:
    """The mailing rendered once per language (subject, HTML and text of the body)."""

    def __init__(self, mailing):
        self.mailing = mailing
        self.cache = {}

    def context(self, recipient, *, test=False) -> dict:
        language = getattr(recipient, "language", None) or settings.LANGUAGE_CODE
        if language not in self.cache:
            subject, body = self.mailing.content_in(language)
            self.cache[language] = {"subject": subject, "body_html": render_markdown(body), "body_text": body}
        return {**self.cache[language], "mailing": self.mailing, "test": test}


def build_message(contents: _Contents, recipient, *, test=False):
    url = unsubscribe_url(recipient)
    return build_templated_email(
        template=TEMPLATE,
        to=recipient,
        context={**contents.context(recipient, test=test), "unsubscribe_url": url},
        headers={"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def _record_sent(ids, now) -> None:
    with _checkpoint():
        Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.SENT, sent_at=now, note=""
        )


def _renew(ids, now) -> None:
    with _checkpoint():
        Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.SENDING).update(claimed_at=now)


def _deliver(messages, now) -> tuple[list[int], dict[int, str]]:
    """Send ``[(row id, message)]`` over one SMTP connection; ``(sent ids, {id: error})``."""
    sent, failed, unrecorded = [], {}, []
    all_ids = [pk for pk, _message in messages]
    connection = get_connection()
    renewed_at = timezone.now()
    try:
        for pk, message in messages:
            if len(unrecorded) >= conf.record_every():
                _record_sent(unrecorded, now)
                unrecorded = []
            if timezone.now() - renewed_at >= conf.lease_renew():
                renewed_at = timezone.now()
                _renew(all_ids, renewed_at)
            try:
                connection.open()
                connection.send_messages([message])
            except (smtplib.SMTPException, OSError) as exc:
                logger.warning("Mailing delivery to %s failed: %r", message.to, exc)
                failed[pk] = repr(exc)[:500]
                connection.close()
            else:
                sent.append(pk)
                unrecorded.append(pk)
    finally:
        connection.close()
    return sent, failed


def send_batch(*, delivery_ids: list[int], now=None, retry_in: timedelta = timedelta(0)) -> list[int]:
    """Deliver the pending rows among ``delivery_ids``; return the ids to retry.

    Side effects: one email per row over one SMTP connection; rows sent, skipped (the recipient
    unsubscribed since the start), back to pending for a retry (queued ``retry_in`` from now) or
    failed after ``MAX_ATTEMPTS``; the in-app notification of those who got it; the mailing's
    ``sent_count``, and its status ``sent`` when no row is left to deliver. Idempotent.
    """
    now = now or timezone.now()
    claimed = _claim(delivery_ids, now)
    if not claimed:
        return []
    rows = list(
        Delivery.objects.filter(pk__in=claimed)
        .select_related("recipient", "mailing")
        .annotate(gone=Exists(Unsubscription.objects.filter(user=OuterRef("recipient_id"))))
        .order_by("pk")
    )
    skipped = [row.pk for row in rows if row.gone or not row.recipient.is_active]
    contents = {}
    messages = []
    for row in rows:
        if row.pk not in skipped:
            found = contents.setdefault(row.mailing_id, _Contents(row.mailing))
            messages.append((row.pk, build_message(found, row.recipient)))
    sent, failed = _deliver(messages, now)
    retry = []
    with transaction.atomic():
        Delivery.objects.filter(pk__in=sent, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.SENT, sent_at=now, note=""
        )
        if skipped:
            Delivery.objects.filter(pk__in=skipped).update(status=DeliveryStatus.SKIPPED, note=NOTE_UNSUBSCRIBED)
        if failed:
            error = next(iter(failed.values()))
            Delivery.objects.filter(pk__in=list(failed), attempts__gte=conf.max_attempts()).update(
                status=DeliveryStatus.FAILED, note=error
            )
            again = Delivery.objects.filter(pk__in=list(failed), attempts__lt=conf.max_attempts())
            retry = sorted(again.values_list("pk", flat=True))
            again.update(status=DeliveryStatus.PENDING, note=error, queued_at=now + retry_in)
        by_id = {row.pk: row for row in rows}
        for mailing_id in {row.mailing_id for row in rows}:
            told = [by_id[pk].recipient for pk in sent if by_id[pk].mailing_id == mailing_id]
            if told:
                mailing = contents[mailing_id].mailing
                notify(template=TEMPLATE, recipients=told, context={"mailing": mailing}, channels=["in_app"])
            _count(mailing_id)
    for mailing_id in {row.mailing_id for row in rows}:
        finish_if_done(mailing_id, now)
    return retry


def _count(mailing_id) -> None:
    sent = Delivery.objects.filter(mailing_id=mailing_id, status=DeliveryStatus.SENT)
    Mailing.objects.filter(pk=mailing_id).update(sent_count=sent.count())


def finish_if_done(mailing_id, now) -> bool:
    """Mark a sending mailing sent once no row is pending or sending."""
    open_rows = Delivery.objects.filter(
        mailing_id=mailing_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]
    )
    return bool(
        Mailing.objects.filter(pk=mailing_id, status=MailingStatus.SENDING, filled_at__isnull=False)
        .exclude(Exists(open_rows))
        .update(status=MailingStatus.SENT, sent_at=now)
    )


def unfilled_mailings(now) -> list[int]:
    """Sending mailings whose start (filling the ledger) was lost: started longer ago than the lease."""
    return list(
        Mailing.objects.filter(
            status=MailingStatus.SENDING, filled_at__isnull=True, started_at__lt=now - conf.lease()
        ).values_list("pk", flat=True)
    )


def due_mailings(now) -> list[int]:
    """Move the scheduled mailings whose time came to ``sending``; their ids."""
    with transaction.atomic():
        ids = list(
            Mailing.objects.filter(status=MailingStatus.SCHEDULED, scheduled_at__lte=now)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        Mailing.objects.filter(pk__in=ids).update(status=MailingStatus.SENDING, started_at=now)
    return ids


def recover_lost(now) -> list[int]:
    """Queue again the rows whose worker (lease lapsed) or queued message was lost; their ids.

    A loss counts as an attempt (claiming counted it): a row lost ``MAX_ATTEMPTS`` times is failed.
    """
    stale = now - conf.lease()
    lost = Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=stale)
    lost.filter(attempts__gte=conf.max_attempts()).update(status=DeliveryStatus.FAILED, note=NOTE_LOST)
    with transaction.atomic():
        lost_ids = list(lost.select_for_update(skip_locked=True).values_list("pk", flat=True))
        Delivery.objects.filter(pk__in=lost_ids).update(status=DeliveryStatus.PENDING, queued_at=now)
    waiting = Delivery.objects.filter(
        status=DeliveryStatus.PENDING, queued_at__lt=stale, mailing__status=MailingStatus.SENDING
    )
    ids = set(lost_ids) | set(waiting.values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=ids).update(queued_at=now)
    return sorted(ids)


def progress(mailing_ids) -> dict[int, dict]:
    """``{mailing id: {status: count}}`` of the ledgers (admin)."""
    rows = (
        Delivery.objects.filter(mailing_id__in=mailing_ids)
        .values("mailing_id")
        .annotate(**{status: Count("pk", filter=Q(status=status)) for status in DeliveryStatus.values})
    )
    return {row.pop("mailing_id"): row for row in rows}
