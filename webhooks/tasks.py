import random

from celery import shared_task

from . import conf, delivery


@shared_task(bind=True, acks_late=True, max_retries=None)
def task_deliver_webhook(self, *, delivery_id: int) -> str:
    """POST one delivery; on a failure, try again after about 30 s, 1, 2, 4… minutes (at most an hour)."""
    outcome = delivery.attempt(delivery_id)
    if outcome.retry:
        countdown = min(conf.retry_base() * 2 ** (outcome.attempts - 1), 3600)
        raise self.retry(countdown=countdown + random.uniform(0, countdown / 4))  # noqa: S311 (jitter, not a secret)
    return outcome.status
