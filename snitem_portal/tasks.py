import smtplib

from celery import shared_task

from . import notifications


@shared_task
def task_ping(*, value: str) -> str:
    """Echo a value: lets operators (and the integration test) check the worker round-trip."""
    return value


# A mail server that refuses or is down: retried after about 1, 2, 4, 8, 16, 32 minutes (jittered),
# then given up (and logged by Celery) rather than kept forever.
@shared_task(
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=6,
)
def task_deliver_notification(
    *,
    channel: str,
    template: str,
    recipient_id: int,
    context: dict,
    attachments: list[str] | None = None,
    kind: str = "",
) -> bool:
    """Send one notification to one recipient (see ``snitem_portal.notifications.notify``).

    ``kind`` is empty in messages queued before kinds existed: the template's kind is used.
    """
    return notifications.deliver(
        channel=channel,
        template=template,
        recipient_id=recipient_id,
        context=context,
        attachments=attachments or (),
        kind=kind,
    )
