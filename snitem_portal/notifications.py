"""The one path by which a domain event tells people about it: ``notify(...)``.

Services call ``notify`` inside their transaction; nothing leaves before the commit. Each event has a
*kind* (``NotificationKind``): the apps declare their kinds, by template, in the functions listed in
the ``NOTIFICATION_KINDS`` setting, and people choose per kind how they are told (``NOTIFICATION_MODES``
names the function that reads their choices): an email at once (``immediate``), in the daily digest
(``digest``), in the portal only (``in_app``) or not at all (``off``). Without that setting, everyone
is emailed at once.

Channels: email, sent by one Celery task per recipient (a mail server refusing one message, and the
retries that follow, never re-sends to the others; a saved action never fails because the mail server
is down; the task loads the recipient and the context objects again and renders the message in the
recipient's language), and the channels plugged in by the ``NOTIFICATION_CHANNELS`` setting (the
in-app notification centre, ``inbox``), called inside the caller's transaction so that a rolled-back
action leaves nothing behind.
"""

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .emails import build_templated_email

logger = logging.getLogger(__name__)

EMAIL = "email"

# How a person wants to be told of a kind of event.
IMMEDIATE = "immediate"  # an email at once (and the bell)
DIGEST = "digest"  # in the daily digest email (and the bell)
IN_APP = "in_app"  # the bell only
OFF = "off"  # nothing
MODES = (IMMEDIATE, DIGEST, IN_APP, OFF)

# Events whose template no app declared: switchable, like any other.
OTHER_KIND = "other"


class Gone(Exception):
    """A recipient or an object of the context was deleted before the message went out."""


@dataclass(frozen=True)
class NotificationKind:
    """A kind of event people choose how to hear about (declared by the app that sends it)."""

    name: str  # stable identifier, stored with notifications and preferences (at most 40 characters)
    label: str | Promise  # shown on the preferences page (lazy translation)
    templates: tuple[str, ...] = ()  # the ``notify`` templates of this kind
    # True for what a referent must sign off: a referent may lower it to the digest, never switch it off.
    signoff: bool = False
    # Context entries (``name`` or ``name.attribute``) whose ``get_absolute_url()`` is the link of the
    # in-app notification, the first that answers wins; None: the first object of the context that has one.
    link: tuple[str, ...] | None = None
    # URL name of the link when no entry answers (e.g. the page of requests to decide); else the dashboard.
    page: str = ""


@cache
def _load_kinds(paths: tuple[str, ...]) -> dict[str, NotificationKind]:
    """Each path names a function returning the kinds of one app; a later name replaces an earlier one."""
    found = {kind.name: kind for path in paths for kind in import_string(path)()}
    if OTHER_KIND not in found:
        found[OTHER_KIND] = NotificationKind(OTHER_KIND, _("Autres notifications"))
    return found


def all_kinds() -> list[NotificationKind]:
    """Every declared kind (and ``other``), in declaration order; the setting is read at each call."""
    return list(_load_kinds(tuple(getattr(settings, "NOTIFICATION_KINDS", ()))).values())


def get_kind(name: str) -> NotificationKind | None:
    return _load_kinds(tuple(getattr(settings, "NOTIFICATION_KINDS", ()))).get(name)


def kind_for(template: str) -> NotificationKind:
    """The kind that declares ``template``, else ``other``."""
    for kind in all_kinds():
        if template in kind.templates:
            return kind
    return get_kind(OTHER_KIND)


def _modes_function() -> Callable | None:
    path = getattr(settings, "NOTIFICATION_MODES", "")
    return import_string(path) if path else None


def modes_for(kind: NotificationKind, user_ids: list[int]) -> dict[int, str]:
    """How each user wants ``kind`` now (``NOTIFICATION_MODES``; immediate for all without it)."""
    function = _modes_function()
    if function is None:
        return dict.fromkeys(user_ids, IMMEDIATE)
    return function(kind=kind, user_ids=user_ids)


def extra_channels() -> dict[str, str]:
    """Channel name -> dotted path of its ``deliver`` function (``NOTIFICATION_CHANNELS``)."""
    return dict(getattr(settings, "NOTIFICATION_CHANNELS", {}))


def channel_names() -> tuple[str, ...]:
    return (EMAIL, *extra_channels())


def notify(
    *,
    template: str,
    recipients: Iterable,
    context: dict,
    channels: Iterable[str] | None = None,
    attachments: Iterable[str] = (),
    kind: str | None = None,
) -> int:
    """Tell each of ``recipients`` (users) about an event, as each wants to hear of its kind.

    ``template`` names the templates without their suffix (``groups/email/role_changed`` renders
    ``_subject.txt``, ``.txt`` and ``.html``); ``context`` is what they use, besides ``recipient``
    and ``site_url``. Context values travel as JSON: model instances are sent as references and
    loaded again when the message is sent (so it shows the row as it is then), dates and date-times
    come back as such, a choices member (``GroupRole.CHAIR``) comes back as its label translated in
    the recipient's language; str, int, float, bool and None pass as they are; anything else is a
    TypeError, raised here, at once.

    ``kind`` names the kind of event; by default the kind that declares ``template`` (``other`` when
    none does). ``channels`` limits the channels (default: email and every ``NOTIFICATION_CHANNELS``).
    Each recipient's mode for the kind (``NOTIFICATION_MODES``) decides: ``off`` gets nothing,
    ``in_app`` and ``digest`` get the in-app channels only (the digest email gathers the latter),
    ``immediate`` gets every channel.

    ``attachments`` names (dotted paths) functions called when the email is built, in the
    recipient's language, as ``build(recipient=user, **context)`` with the context loaded again; each
    returns ``(filename, content, mimetype)`` or None for no attachment (an iCalendar invitation
    built from the meeting as it is when the message leaves, for instance).

    Contract: the in-app channels write inside the current transaction (nothing stays if it rolls
    back); one email task per recipient, enqueued on commit (nothing if the transaction rolls back);
    a recipient listed twice is told once. Enqueuing never raises into the caller once the data is
    committed (a broker or mail failure is logged, the action stands). Email failures
    (``smtplib.SMTPException``, ``OSError``) are retried with exponential backoff; a recipient or
    an object deleted in the meantime, or a recipient who no longer wants this kind by email, is
    logged and skipped. Returns the number of recipients.
    """
    from .tasks import task_deliver_notification

    channels = channel_names() if channels is None else tuple(channels)
    unknown = set(channels) - set(channel_names())
    if unknown:
        raise ValueError(f"Unknown notification channels: {sorted(unknown)}")
    event_kind = get_kind(kind) if kind else kind_for(template)
    if event_kind is None:
        raise ValueError(f"Unknown notification kind: {kind!r}")
    payload = encode_context(context)
    users = list({recipient.pk: recipient for recipient in recipients}.values())
    modes = modes_for(event_kind, [user.pk for user in users])
    told = [user for user in users if modes.get(user.pk, IMMEDIATE) != OFF]
    for name, path in extra_channels().items():
        if name in channels and told:
            import_string(path)(kind=event_kind, template=template, recipients=told, modes=modes, context=context)
    if EMAIL in channels:
        for user in told:
            if modes.get(user.pk, IMMEDIATE) != IMMEDIATE:
                continue
            # One robust callback per message: a failure to enqueue one (or, in eager mode, to send it)
            # is logged and spares the others and the committed action.
            transaction.on_commit(
                _enqueue(
                    task_deliver_notification,
                    channel=EMAIL,
                    template=template,
                    recipient_id=user.pk,
                    context=payload,
                    attachments=list(attachments),
                    kind=event_kind.name,
                ),
                robust=True,
            )
    return len(users)


def _enqueue(task, **kwargs):
    # A named function, not a partial: Django names the callback when it logs its failure.
    def enqueue_notification():
        task.delay(**kwargs)

    return enqueue_notification


def deliver(
    *,
    channel: str,
    template: str,
    recipient_id: int,
    context: dict,
    attachments: Iterable[str] = (),
    kind: str = "",
) -> bool:
    """Send one message now; False when its recipient or one of its objects is gone, when the
    recipient's account is inactive (or closed), or when the recipient no longer wants ``kind`` by
    immediate email (logged).

    Raises what the channel raises (SMTP errors for email): the task retries those.
    """
    if channel != EMAIL:
        raise ValueError(f"Unknown notification channel: {channel}")
    event_kind = (get_kind(kind) if kind else None) or kind_for(template)
    if modes_for(event_kind, [recipient_id]).get(recipient_id, IMMEDIATE) != IMMEDIATE:
        logger.info("Notification %s not emailed to %s: not wanted at once any more", template, recipient_id)
        return False
    try:
        recipient = _load(get_user_model(), recipient_id)
        values = decode_context(context)
    except Gone as gone:
        logger.info("Notification %s on %s not sent: %s", template, channel, gone)
        return False
    if not recipient.is_active:  # deactivated, or closed since the event (its address is a placeholder)
        logger.info("Notification %s not sent: account %s is inactive", template, recipient_id)
        return False
    message = build_templated_email(template=template, to=recipient, context=values)
    with translation.override(getattr(recipient, "language", None) or settings.LANGUAGE_CODE):
        for path in attachments:
            if attachment := import_string(path)(recipient=recipient, **values):
                message.attach(*attachment)
    message.send()
    return True


def rendering_context(context: dict) -> dict:
    """``context`` as the templates see it when rendered now, in the active language (a choices
    member becomes its label, as after the trip through the broker)."""
    return {name: value.label if isinstance(value, models.Choices) else value for name, value in context.items()}


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
