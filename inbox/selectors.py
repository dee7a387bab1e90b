"""Reads: a person's notifications, their unread count, their preferences per kind."""

import uuid
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction

from reminders import registry
from snitem_portal import notifications

from .enums import NoticeMode
from .models import Notification, Preference


def notifications_of(user, *, unread: bool = False):
    """The notifications of ``user`` (and no one else's), newest first."""
    if not user.is_authenticated:
        return Notification.objects.none()
    found = Notification.objects.filter(recipient=user)
    if unread:
        found = found.filter(read_at__isnull=True)
    return found.order_by("-created_at", "-pk")


# The bell is on every page: its count is cached per person, under a key that holds a generation of
# that person's notifications. Every write that changes someone's unread notifications gives them a
# new generation (``forget_unread``), so a count read before the write is never served after it.
# A generation is a random token, not a counter: a generation key evicted from the cache and made
# again can never name an older count.
UNREAD_TIMEOUT = 600
_UNREAD_GENERATION = "inbox:unread-generation:{user_id}"
_UNREAD_COUNT = "inbox:unread:{user_id}:{generation}"


def _unread_generation(user_id: int) -> str:
    key = _UNREAD_GENERATION.format(user_id=user_id)
    value = cache.get(key)
    if value is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        value = cache.get(key)
    return value


def unread_count(user) -> int:
    """The bell: the number of the user's unread notifications; 0 for a visitor, without a query.

    From the cache when this person's notifications did not change since it was counted; else one
    COUNT on the (recipient, read_at, created_at) index.
    """
    if not user.is_authenticated:
        return 0
    key = _UNREAD_COUNT.format(user_id=user.pk, generation=_unread_generation(user.pk))
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_TIMEOUT)
    return count


def forget_unread(user_ids: Iterable[int]) -> None:
    """Make the cached bell counts of ``user_ids`` stale: now (the writing request sees its change) and
    again after the commit (a count another request read before the commit is not kept)."""
    ids = set(user_ids)
    if not ids:
        return

    def bump():
        cache.set_many({_UNREAD_GENERATION.format(user_id=pk): uuid.uuid4().hex for pk in ids}, timeout=None)

    bump()
    transaction.on_commit(bump)


def preferences_of(user) -> dict[str, str]:
    """Mode per declared kind (immediate when never set)."""
    saved = dict(Preference.objects.filter(user=user).values_list("kind", "mode"))
    return {kind.name: saved.get(kind.name, NoticeMode.IMMEDIATE) for kind in notifications.all_kinds()}


def allowed_modes(kind, *, is_referent: bool) -> list[str]:
    """What a referent must sign off cannot be switched off: the digest at least (the bell stays)."""
    if kind.signoff and is_referent:
        return [NoticeMode.IMMEDIATE, NoticeMode.DIGEST]
    return list(NoticeMode.values)


def resolve_mode(saved: str | None, *, kind, is_referent: bool) -> str:
    """The mode that applies: a referent who switched a sign-off kind below the digest (before becoming a
    referent) gets the digest."""
    mode = saved or NoticeMode.IMMEDIATE
    if mode not in allowed_modes(kind, is_referent=is_referent):
        return NoticeMode.DIGEST
    return mode


def modes_for(*, kind, user_ids: list[int]) -> dict[int, str]:
    """How each of ``user_ids`` wants ``kind`` now (``NOTIFICATION_MODES``): one query, two for a
    sign-off kind that someone lowered."""
    saved = dict(Preference.objects.filter(user_id__in=user_ids, kind=kind.name).values_list("user_id", "mode"))
    referents = set()
    lowered = [pk for pk, mode in saved.items() if mode in (NoticeMode.IN_APP, NoticeMode.OFF)]
    if kind.signoff and lowered:
        referents = set(
            get_user_model().objects.filter(registry.signer_exists(), pk__in=lowered).values_list("pk", flat=True)
        )
    return {pk: resolve_mode(saved.get(pk), kind=kind, is_referent=pk in referents) for pk in user_ids}
