"""Writes: reading notifications, preferences per kind, pruning."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reminders.selectors import is_signoff_referent
from snitem_portal import notifications

from . import conf
from .enums import NoticeMode
from .models import Notification, Preference
from .selectors import allowed_modes, forget_unread


@transaction.atomic
def mark_read(*, notification: Notification, by) -> Notification:
    """Mark one of ``by``'s notifications read (a notification already read keeps its first reading time).

    The caller found it through ``notifications_of(by)``; another person's is refused (ValidationError).
    Side effects: none besides ``read_at``.
    """
    if notification.recipient_id != by.pk:
        raise ValidationError(_("Cette notification ne vous est pas destinée."))
    if notification.read_at is None:
        now = timezone.now()
        # Conditional: two tabs marking it at once record the first reading only.
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.refresh_from_db(fields=["read_at"])
        forget_unread([by.pk])
    return notification


@transaction.atomic
def mark_all_read(*, user) -> int:
    """Mark every unread notification of ``user`` read (one UPDATE); returns how many."""
    marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    forget_unread([user.pk])
    return marked


@transaction.atomic
def set_notice_preferences(*, user, modes: dict[str, str]) -> None:
    """Save the user's mode per kind of notification.

    Refuses (ValidationError, nothing saved) an unknown kind or mode, and anything below the digest
    for what a referent must sign off.
    """
    is_referent = is_signoff_referent(user)
    for name, mode in modes.items():
        kind = notifications.get_kind(name)
        if kind is None or mode not in NoticeMode.values:
            raise ValidationError(_("Choix de notification inconnu."))
        if mode not in allowed_modes(kind, is_referent=is_referent):
            message = _("En tant que référent, vous devez recevoir au moins un résumé pour : %(kind)s.")
            raise ValidationError({name: message % {"kind": kind.label}})
    for name, mode in modes.items():
        Preference.objects.update_or_create(user=user, kind=name, defaults={"mode": mode})


@transaction.atomic
def prune_notifications(*, now=None) -> int:
    """Delete the read notifications created more than ``NOTIFICATIONS_RETENTION_DAYS`` ago (unread ones
    stay, whatever their age). Returns how many were deleted."""
    cutoff = (now or timezone.now()) - conf.retention()
    deleted, _by_model = Notification.objects.filter(read_at__isnull=False, created_at__lt=cutoff).delete()
    return deleted
