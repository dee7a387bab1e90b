import logging
from datetime import timedelta

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils import timezone

from reminders.engine import chunked

from . import conf, delivery
from .models import Mailing, MailingStatus

logger = logging.getLogger(__name__)


def _fan_out(ids) -> None:
    for batch in chunked(ids, conf.batch_size()):
        task_send_mailing_batch.delay(delivery_ids=batch)


@shared_task(acks_late=True)
def task_start_mailing(*, mailing_id: int) -> int:
    """Fill a mailing's ledger, then one delivery task per batch."""
    ids = delivery.start_mailing(mailing_id=mailing_id)
    _fan_out(ids)
    return len(ids)


@shared_task(bind=True, acks_late=True)
def task_send_mailing_batch(self, *, delivery_ids: list[int]) -> int:
    countdown = conf.retry_base_seconds() * 2**self.request.retries
    retry = delivery.send_batch(delivery_ids=delivery_ids, retry_in=timedelta(seconds=countdown))
    if retry:
        raise self.retry(kwargs={"delivery_ids": retry}, countdown=countdown, max_retries=conf.max_attempts())
    return len(delivery_ids)


@shared_task(acks_late=True)
def task_mailings_tick() -> int:
    """Periodic (every minute): start the scheduled mailings whose time came, resume lost deliveries,
    close the mailings whose ledger is done."""
    now = timezone.now()
    for mailing_id in delivery.due_mailings(now) + delivery.unfilled_mailings(now):
        task_start_mailing.delay(mailing_id=mailing_id)
    lost = delivery.recover_lost(now)
    _fan_out(lost)
    for mailing_id in Mailing.objects.filter(status=MailingStatus.SENDING).values_list("pk", flat=True):
        delivery.finish_if_done(mailing_id, now)
    return len(lost)


@shared_task
def task_send_test(*, mailing_id: int, user_id: int) -> None:
    mailing = Mailing.objects.filter(pk=mailing_id).first()
    user = get_user_model().objects.filter(pk=user_id).first()
    if mailing is None or user is None:
        return
    message = delivery.build_message(delivery._Contents(mailing), user, test=True)
    message.send()
