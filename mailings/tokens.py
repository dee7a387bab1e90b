"""The signed one-click unsubscribe link of mailings: it works without logging in and never expires
(mail clients keep it), and serves no other purpose (its own salt)."""

from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

from snitem_portal.http import absolute_url

_SALT = "mailings.unsubscribe-link"


def unsubscribe_token(user) -> str:
    return signing.dumps({"u": user.pk}, salt=_SALT, compress=True)


def read_unsubscribe_token(token: str):
    """The active user of a valid token, or ``None``."""
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return get_user_model().objects.filter(pk=data["u"], is_active=True).first()


def unsubscribe_url(user) -> str:
    return absolute_url(reverse("mailings:unsubscribe", args=[unsubscribe_token(user)]))
