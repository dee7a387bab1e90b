"""Writes: notification preferences and the calendar token."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from snitem_portal.users.models import new_calendar_token

from . import registry
from .enums import DeadlineKind, DeliveryMode, ReminderStatus
from .models import NotificationPreference, Reminder
from .selectors import allowed_modes, is_signoff_referent


@transaction.atomic
def set_notification_preferences(*, user, modes: dict[str, str]) -> None:
    """Save the user's delivery mode per kind of deadline.

    Refuses (ValidationError, nothing saved) an unknown kind or mode, and "off" for what a
    referent must sign off.
    """
    is_referent = is_signoff_referent(user)
    for kind, mode in modes.items():
        source = registry.get_source(kind)
        if source is None or mode not in DeliveryMode.values:
            raise ValidationError(_("Choix de notification inconnu."))
        if mode not in allowed_modes(source, is_referent=is_referent):
            raise ValidationError(
                _("En tant que référent, vous devez recevoir au moins un résumé pour : %(kind)s.")
                % {"kind": DeadlineKind(source.kind).label}
            )
    for kind, mode in modes.items():
        NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"mode": mode})


@transaction.atomic
def unsubscribe(*, user, kinds: list[str]) -> dict[str, str]:
    """One-click unsubscribe from a reminder email: the ``kinds`` it names off, and only those.

    What a referent must sign off drops to the daily digest instead. Returns the new mode per kind
    changed (unknown kinds are ignored).
    """
    is_referent = is_signoff_referent(user)
    changed = {}
    for kind in kinds:
        source = registry.get_source(kind)
        if source is None:
            continue
        off_allowed = DeliveryMode.OFF in allowed_modes(source, is_referent=is_referent)
        mode = DeliveryMode.OFF if off_allowed else DeliveryMode.DIGEST
        NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"mode": mode})
        changed[kind] = mode
    return changed


@transaction.atomic
def regenerate_calendar_token(*, user) -> str:
    """Give the user a new calendar feed address; the old one answers 404 at once."""
    user.calendar_token = new_calendar_token()
    user.save(update_fields=["calendar_token"])
    return user.calendar_token


@transaction.atomic
def requeue_failed_reminders(*, reminder_ids: list[int]) -> int:
    """Give failed immediate reminders a new series of attempts (staff action).

    Side effects: rows back to pending; delivery tasks queued on commit. Returns the count.
    """
    from .engine import chunked
    from .tasks import task_send_reminder_batch

    rows = Reminder.objects.filter(
        pk__in=reminder_ids, status=ReminderStatus.FAILED, mode=DeliveryMode.IMMEDIATE
    ).select_for_update()
    ids = list(rows.values_list("pk", flat=True))
    Reminder.objects.filter(pk__in=ids).update(status=ReminderStatus.PENDING, attempts=0, queued_at=timezone.now())
    for batch in chunked(ids):
        task_send_reminder_batch.delay_on_commit(reminder_ids=batch)
    return len(ids)
