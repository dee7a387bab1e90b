import logging

from celery import shared_task

from . import conf
from .engine import chunked, scan_deadlines, send_digests, send_reminder_batch

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def task_scan_deadlines() -> int:
    """Beat entry point: record due reminders, then fan out one delivery task per batch."""
    ids = scan_deadlines()
    for batch in chunked(ids):
        task_send_reminder_batch.delay(reminder_ids=batch)
    return len(ids)


@shared_task(bind=True, acks_late=True, max_retries=conf.MAX_ATTEMPTS)
def task_send_reminder_batch(self, *, reminder_ids: list[int]) -> int:
    outcome = send_reminder_batch(reminder_ids=reminder_ids)
    if outcome.retry_ids:
        countdown = conf.RETRY_BASE_SECONDS * 2**self.request.retries
        logger.info("Retrying %d reminders in %ss", len(outcome.retry_ids), countdown)
        raise self.retry(kwargs={"reminder_ids": outcome.retry_ids}, countdown=countdown)
    return outcome.sent


@shared_task(bind=True, acks_late=True, max_retries=conf.MAX_ATTEMPTS)
def task_send_digests(self) -> int:
    outcome = send_digests()
    if outcome.retry_ids:
        raise self.retry(countdown=conf.RETRY_BASE_SECONDS * 2**self.request.retries)
    return outcome.sent
