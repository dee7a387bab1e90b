from celery import shared_task

from .retention import enforce_retention


@shared_task(acks_late=True)
def task_enforce_retention() -> dict[str, int]:
    """Beat entry point (daily): delete what the retention periods no longer allow to keep. Idempotent."""
    return enforce_retention()
