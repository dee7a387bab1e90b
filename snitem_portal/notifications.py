"""The one path by which a domain event tells people about it: ``notify(...)``.

Services call ``notify`` inside their transaction; nothing leaves before the commit. Each recipient
gets their own Celery task, so a mail server refusing one message (and the retries that follow)
never re-sends to the others, and a saved action never fails because the mail server is down.
The task loads the recipient and the context objects again by id and renders the message in the
recipient's language. Email is the only channel today; in-app notifications plug in as another
channel on this same path.
"""

import datetime
import logging
from collections.abc import Iterable

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import translation
from django.utils.module_loading import import_string

from .emails import build_templated_email

logger = logging.getLogger(__name__)

EMAIL = "email"
CHANNELS = (EMAIL,)


class Gone(Exception):
    """A recipient or an object of the context was deleted before the message went out."""


def notify(
    *,
    template: str,
    recipients: Iterable,
    context: dict,
    channels: Iterable[str] = (EMAIL,),
    attachments: Iterable[str] = (),
) -> int:
    """Tell each of ``recipients`` (users) about an event, once the current transaction commits.

    ``template`` names the templates without their suffix (``groups/email/role_changed`` renders
    ``_subject.txt``, ``.txt`` and ``.html``); ``context`` is what they use, besides ``recipient``
    and ``site_url``. Context values travel as JSON: model instances are sent as references and
    loaded again when the message is sent (so it shows the row as it is then), dates and date-times
    come back as such, a choices member (``GroupRole.CHAIR``) comes back as its label translated in
    the recipient's language; str, int, float, bool and None pass as they are; anything else is a
    TypeError, raised here, at once.

    ``attachments`` names (dotted paths) functions called when the email is built, in the
    recipient's language, as ``build(recipient=user, **context)`` with the context loaded again; each
    returns ``(filename, content, mimetype)`` or None for no attachment (an iCalendar invitation
    built from the meeting as it is when the message leaves, for instance).

    Contract: one task per recipient and channel, enqueued on commit (nothing if the transaction
    rolls back); a recipient listed twice is told once. Enqueuing never raises into the caller once
    the data is committed (a broker or mail failure is logged, the action stands). Email failures
    (``smtplib.SMTPException``, ``OSError``) are retried with exponential backoff; a recipient or
    an object deleted in the meantime is logged and skipped. Returns the number of recipients.
    """
    from .tasks import task_deliver_notification

    unknown = set(channels) - set(CHANNELS)
    if unknown:
        raise ValueError(f"Unknown notification channels: {sorted(unknown)}")
    payload = encode_context(context)
    recipient_ids = list(dict.fromkeys(recipient.pk for recipient in recipients))
    for recipient_id in recipient_ids:
        for channel in channels:
            # One robust callback per message: a failure to enqueue one (or, in eager mode, to send it)
            # is logged and spares the others and the committed action.
            transaction.on_commit(
                _enqueue(
                    task_deliver_notification,
                    channel=channel,
                    template=template,
                    recipient_id=recipient_id,
                    context=payload,
                    attachments=list(attachments),
                ),
                robust=True,
            )
    return len(recipient_ids)


def _enqueue(task, **kwargs):
    # A named function, not a partial: Django names the callback when it logs its failure.
    def enqueue_notification():
        task.delay(**kwargs)

    return enqueue_notification


def deliver(*, channel: str, template: str, recipient_id: int, context: dict, attachments: Iterable[str] = ()) -> bool:
    """Send one message now; False when its recipient or one of its objects is gone (logged).

    Raises what the channel raises (SMTP errors for email): the task retries those.
    """
    try:
        recipient = _load(get_user_model(), recipient_id)
        values = decode_context(context)
    except Gone as gone:
        logger.info("Notification %s on %s not sent: %s", template, channel, gone)
        return False
    if channel == EMAIL:
        message = build_templated_email(template=template, to=recipient, context=values)
        with translation.override(getattr(recipient, "language", None) or settings.LANGUAGE_CODE):
            for path in attachments:
                if attachment := import_string(path)(recipient=recipient, **values):
                    message.attach(*attachment)
        message.send()
        return True
    raise ValueError(f"Unknown notification channel: {channel}")


# Context encoding: JSON-safe on the way to the broker, objects again on the way out.


def encode_context(context: dict) -> dict:
    return {name: _encode(name, value) for name, value in context.items()}


def decode_context(payload: dict) -> dict:
    return {name: _decode(value) for name, value in payload.items()}


def _encode(name: str, value):
    if isinstance(value, models.Model):
        return {"$model": value._meta.label_lower, "pk": value.pk}
    if isinstance(value, models.Choices):
        return {"$choice": f"{type(value).__module__}.{type(value).__qualname__}", "value": value.value}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    raise TypeError(f"Notification context {name!r}: cannot send a {type(value).__name__} to the task.")


def _decode(value):
    if not isinstance(value, dict):
        return value
    if "$model" in value:
        return _load(apps.get_model(value["$model"]), value["pk"])
    if "$choice" in value:
        choices = import_string(value["$choice"])
        if not (isinstance(choices, type) and issubclass(choices, models.Choices)):
            raise TypeError(f"{value['$choice']} is not a choices class.")
        return choices(value["value"]).label
    if "$datetime" in value:
        return datetime.datetime.fromisoformat(value["$datetime"])
    return datetime.date.fromisoformat(value["$date"])


def _load(model, pk):
    instance = model._default_manager.filter(pk=pk).first()
    if instance is None:
        raise Gone(f"{model._meta.label} {pk} no longer exists")
    return instance
