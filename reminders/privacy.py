"""Personal data of the reminder engine: a person's notification preferences and the reminders
addressed to them (``snitem_portal.privacy`` describes the contract)."""

from .models import NotificationPreference, Reminder


def _when(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    """Preferences per kind of deadline, and every ledger row addressed to the person."""
    return {
        "notification_preferences": [
            {"kind": preference.kind, "mode": preference.mode, "updated_at": _when(preference.updated_at)}
            for preference in NotificationPreference.objects.filter(user=user).order_by("kind")
        ],
        "reminders_received": [
            {
                "kind": reminder.kind,
                "deadline_at": _when(reminder.deadline_at),
                "due_at": _when(reminder.due_at),
                "mode": reminder.mode,
                "status": reminder.status,
                "sent_at": _when(reminder.sent_at),
            }
            for reminder in Reminder.objects.filter(recipient=user).order_by("pk")
        ],
    }


def erase(user) -> None:
    """Forget the person's preferences and the reminders addressed to them. Nothing is sent to a
    closed account again: it belongs to no company or group, so no deadline targets it."""
    NotificationPreference.objects.filter(user=user).delete()
    Reminder.objects.filter(recipient=user).delete()
