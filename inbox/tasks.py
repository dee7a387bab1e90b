import logging

from celery import shared_task

from .services import prune_notifications

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def task_prune_notifications() -> int:
    """Beat entry point (daily): delete the old read notifications."""
    deleted = prune_notifications()
    logger.info("Pruned %d read notifications", deleted)
    return deleted
