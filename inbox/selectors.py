"""Reads: a person's notifications, their unread count, their preferences per kind."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model

from reminders import registry
from snitem_portal import caching, notifications

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


# The bell is on every page: its count is cached per person, under a stamp of that person's
# notifications that every write changing their unread notifications renews (``forget_unread``).
UNREAD_TIMEOUT = 600


def _unread_key(user_id: int) -> str:
    return f"inbox:unread:{user_id}"


def unread_count(user) -> int:
    """The bell: the number of the user's unread notifications; 0 for a visitor, without a query.

    From the cache when this person's notifications did not change since it was counted; else one
    COUNT on the (recipient, read_at, created_at) index.
    """
    if not user.is_authenticated:
        return 0
    key = _unread_key(user.pk)
    return caching.cached_under_stamp(
        key, key, lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count(), UNREAD_TIMEOUT
    )


def forget_unread(user_ids: Iterable[int]) -> None:
    """Make the cached bell counts of ``user_ids`` stale (at the commit; the transaction reads them fresh)."""
    caching.renew(_unread_key(pk) for pk in user_ids)


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
