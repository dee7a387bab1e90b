"""Signed links in reminder emails: they work without logging in."""

from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

from snitem_portal.http import absolute_url

_SALT = "reminders.preferences"


def preferences_token(user, kind: str = "") -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=_SALT, compress=True)


def read_preferences_token(token: str):
    """``(user, kind)`` for a valid token, or ``None``."""
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    return (user, data.get("k") or "") if user else None


def preferences_url(user) -> str:
    return absolute_url(reverse("reminders:preferences-signed", args=[preferences_token(user)]))


def unsubscribe_url(user, kind: str) -> str:
    return absolute_url(reverse("reminders:unsubscribe", args=[preferences_token(user, kind)]))
