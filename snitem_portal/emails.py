"""Localised multi-part emails rendered from templates: domain events send them through ``notifications.notify``."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation


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
