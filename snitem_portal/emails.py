"""Localised multi-part emails rendered from templates: domain events send them through ``notifications.notify``."""

import secrets

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.html import conditional_escape


def render_plain_text(template_name: str, context: dict) -> str:
    """Render a plain-text template without HTML escaping (``R&D`` stays ``R&D``)."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def build_templated_email(*, template: str, to, context: dict, headers: dict | None = None) -> EmailMultiAlternatives:
    """Render ``<template>_subject.txt``, ``.txt`` and ``.html`` in the recipient's language."""
    language = getattr(to, "language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        full_context = {"recipient": to, "site_url": settings.SITE_URL, **context}
        subject = " ".join(render_plain_text(f"{template}_subject.txt", full_context).split())
        text = render_plain_text(f"{template}.txt", full_context)
        html = render_to_string(f"{template}.html", full_context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to.email], headers=headers or {})
    message.attach_alternative(html, "text/html")
    return message


class _Stand:
    """Stands for the recipient in a shared rendering: each attribute a template reads becomes a
    marker, noted so that each recipient's own value can take its place."""

    def __init__(self, token: str):
        self._token = token
        self._read: dict[str, str] = {}

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._read.setdefault(name, f"x{self._token}r{len(self._read)}x")


def build_merged_emails(
    *, template: str, recipients, context: dict, per_recipient=None, headers=None
) -> list[EmailMultiAlternatives]:
    """``build_templated_email`` for many recipients of the same message: the templates are rendered
    once per language, then each recipient's values take the place of markers (HTML-escaped in the
    HTML part, as the template would have printed them).

    The templates may print the recipient's attributes and the keys of ``per_recipient(recipient)``
    (a dict) as they are; where a filter changed a marker so that it is not found again, every
    message is rendered for its recipient alone. (A condition on them would see a marker, never
    empty: such templates are not for merging.) ``headers(recipient)`` gives each message's headers.
    Messages come in the order of ``recipients``.
    """
    per_recipient = per_recipient or (lambda _recipient: {})
    headers = headers or (lambda _recipient: {})
    by_language = {}
    for recipient in recipients:
        by_language.setdefault(getattr(recipient, "language", None) or settings.LANGUAGE_CODE, []).append(recipient)
    built = {}
    for language, members in by_language.items():
        token = secrets.token_hex(8)
        stand = _Stand(token)
        own_keys = list(per_recipient(members[0]))
        markers = {key: f"x{token}k{index}x" for index, key in enumerate(own_keys)}
        with translation.override(language):
            full_context = {"recipient": stand, "site_url": settings.SITE_URL, **context, **markers}
            subject = " ".join(render_plain_text(f"{template}_subject.txt", full_context).split())
            text = render_plain_text(f"{template}.txt", full_context)
            html = render_to_string(f"{template}.html", full_context)
        for recipient in members:
            with translation.override(language):
                values = {marker: _value(getattr(recipient, name)) for name, marker in stand._read.items()}
                values.update((markers[key], value) for key, value in per_recipient(recipient).items())
            parts = (_merge(subject, values, escape=False), _merge(text, values, escape=False))
            html_part = _merge(html, values, escape=True)
            if any(token[:8] in part.lower() for part in (*parts, html_part)):
                # A marker went through a filter or a condition and was not found again: this template
                # cannot be merged, so each recipient's message is rendered for them alone.
                return [
                    build_templated_email(
                        template=template,
                        to=recipient,
                        context={**context, **per_recipient(recipient)},
                        headers=headers(recipient),
                    )
                    for recipient in recipients
                ]
            message = EmailMultiAlternatives(
                subject=parts[0], body=parts[1], to=[recipient.email], headers=headers(recipient)
            )
            message.attach_alternative(html_part, "text/html")
            built[id(recipient)] = message
    return [built[id(recipient)] for recipient in recipients]


def _value(attribute):
    return attribute() if callable(attribute) else attribute


def _merge(rendered: str, values: dict, *, escape: bool) -> str:
    for marker, value in values.items():
        rendered = rendered.replace(marker, str(conditional_escape(value) if escape else value))
    return rendered
