"""Reads: a person's notifications, their unread count, their preferences per kind."""

from django.contrib.auth import get_user_model

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


def unread_count(user) -> int:
    """The bell: one COUNT on the (recipient, read_at, created_at) index; 0 for a visitor, without a query."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


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
