import logging
from datetime import timedelta

from celery import shared_task

from . import conf
from .engine import chunked, send_digests, send_reminder_batch
from .scan import scan_in_chunks

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def task_scan_deadlines() -> int:
    """Beat entry point: record due reminders and fan out one delivery task per batch, as soon as the
    scan has committed each chunk (delivery starts while a large audience is still being scanned)."""
    queued = 0
    for ids in scan_in_chunks():
        for batch in chunked(ids):
            task_send_reminder_batch.delay(reminder_ids=batch)
        queued += len(ids)
    return queued


def _backoff(task) -> int:
    return conf.retry_base_seconds() * 2**task.request.retries


# ``max_retries`` is given to each retry (not to the decorator) so that the setting is read at call time.
@shared_task(bind=True, acks_late=True)
def task_send_reminder_batch(self, *, reminder_ids: list[int]) -> int:
    countdown = _backoff(self)
    # Rows to retry are queued for when the retry runs, so the scan does not take them for lost.
    outcome = send_reminder_batch(reminder_ids=reminder_ids, retry_in=timedelta(seconds=countdown))
    if outcome.retry_ids:
        logger.info("Retrying %d reminders in %ss", len(outcome.retry_ids), countdown)
        raise self.retry(
            kwargs={"reminder_ids": outcome.retry_ids}, countdown=countdown, max_retries=conf.max_attempts()
        )
    return outcome.sent


@shared_task(bind=True, acks_late=True)
def task_send_digests(self) -> int:
    outcome = send_digests()
    if outcome.retry_ids:
        raise self.retry(countdown=_backoff(self), max_retries=conf.max_attempts())
    return outcome.sent
