"""The in-app channel of ``notify`` (``NOTIFICATION_CHANNELS = {"in_app": "inbox.channel.deliver"}``)."""

import logging

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from snitem_portal.emails import render_plain_text
from snitem_portal.notifications import DIGEST, rendering_context

from .enums import DigestStatus
from .models import Notification
from .selectors import forget_unread

logger = logging.getLogger(__name__)

TITLE_LENGTH = Notification._meta.get_field("title").max_length
URL_LENGTH = Notification._meta.get_field("url").max_length


def deliver(*, kind, template: str, recipients: list, modes: dict[int, str], context: dict) -> list[Notification]:
    """Write one notification per recipient, inside the caller's transaction (a rollback leaves none).

    The title is the email's subject rendered in each recipient's language (once per language, or per
    recipient when the subject names them); the link is the page of the event's object. One INSERT for
    all the recipients. Those who chose the digest are marked for it.
    """
    url = _link(kind, context)
    titles: dict[str, str] = {}
    rows = []
    for recipient in recipients:
        language = getattr(recipient, "language", None) or settings.LANGUAGE_CODE
        if language not in titles or _names_recipient(template):
            titles[language] = _title(template, recipient, context, language, kind)
        rows.append(
            Notification(
                recipient=recipient,
                kind=kind.name,
                title=titles[language],
                url=url,
                digest_status=DigestStatus.PENDING if modes.get(recipient.pk) == DIGEST else DigestStatus.NONE,
            )
        )
    created = Notification.objects.bulk_create(rows)
    forget_unread(recipient.pk for recipient in recipients)
    return created


def _names_recipient(template: str) -> bool:
    # Subjects are about the event; one that says "recipient" is rendered for each person.
    try:
        return "recipient" in get_template(f"{template}_subject.txt").template.source
    except TemplateDoesNotExist:
        return False


def _title(template: str, recipient, context: dict, language: str, kind) -> str:
    with translation.override(language):
        try:
            values = {"recipient": recipient, "site_url": settings.SITE_URL, **rendering_context(context)}
            title = " ".join(render_plain_text(f"{template}_subject.txt", values).split())
        except TemplateDoesNotExist:
            # A template without a subject must not undo the action that tells people: the kind names it.
            logger.warning("Notification %s has no subject template: titled by its kind", template)
            title = str(kind.label)
    return title[:TITLE_LENGTH]


def _link(kind, context: dict) -> str:
    """The page of the event's object: the kind's ``link`` entries (an object with a page, or a path on
    this site), else the first object of the context that has a page."""
    candidates = kind.link if kind.link is not None else list(context)
    for name in candidates:
        value = context.get(name.split(".")[0])
        for attribute in name.split(".")[1:]:
            value = getattr(value, attribute, None)
        if isinstance(value, str) and value.startswith("/") and not value.startswith("//"):
            # A path on this site given as is (a thread's address with its anchor).
            if len(value) <= URL_LENGTH:
                return value
            continue
        if hasattr(value, "get_absolute_url"):
            try:
                url = value.get_absolute_url()
            except NoReverseMatch:
                continue
            if len(url) <= URL_LENGTH:
                return url
    try:
        return reverse(kind.page or "dashboard")
    except NoReverseMatch:
        logger.warning("Notification kind %s: no page named %s", kind.name, kind.page)
        return reverse("dashboard")
