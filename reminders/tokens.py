"""Signed links in reminder emails: they work without logging in.

Two purposes, two salts, so that one link can never serve as the other: the footer link opens
the preferences page (and expires), the ``List-Unsubscribe`` link only switches off the kinds it
names (and stays valid, as mail clients keep it).
"""

from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

from snitem_portal.http import absolute_url

from . import conf

_PREFERENCES_SALT = "reminders.preferences-link"
_UNSUBSCRIBE_SALT = "reminders.unsubscribe-link"


def _active_user(pk):
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


def preferences_token(user) -> str:
    return signing.dumps({"u": user.pk}, salt=_PREFERENCES_SALT, compress=True)


def read_preferences_token(token: str):
    """The user of a valid, unexpired preferences token, or ``None``."""
    try:
        data = signing.loads(token, salt=_PREFERENCES_SALT, max_age=conf.preferences_link_max_age())
    except signing.BadSignature:  # SignatureExpired is one
        return None
    if not isinstance(data, dict):
        return None
    return _active_user(data.get("u"))


def unsubscribe_token(user, kinds) -> str:
    return signing.dumps({"u": user.pk, "k": sorted(set(kinds))}, salt=_UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str):
    """``(user, kinds)`` for a valid unsubscribe token naming at least one kind, or ``None``."""
    try:
        data = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    kinds = data.get("k") if isinstance(data, dict) else None
    if not kinds or not isinstance(kinds, list) or not all(isinstance(kind, str) and kind for kind in kinds):
        return None
    user = _active_user(data.get("u"))
    return (user, kinds) if user else None


def preferences_url(user) -> str:
    return absolute_url(reverse("reminders:preferences-signed", args=[preferences_token(user)]))


def unsubscribe_url(user, kinds) -> str:
    return absolute_url(reverse("reminders:unsubscribe", args=[unsubscribe_token(user, kinds)]))
