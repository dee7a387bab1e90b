"""Personal data of the notification centre: the notifications addressed to a person and their
choices per kind of event (``snitem_portal.privacy`` describes the contract)."""

from .models import Notification, Preference
from .selectors import forget_unread


def _when(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    """The person's notifications (title, link, dates) and their mode per kind of event."""
    return {
        "notifications": [
            {
                "kind": notification.kind,
                "title": notification.title,
                "url": notification.url,
                "created_at": _when(notification.created_at),
                "read_at": _when(notification.read_at),
            }
            for notification in Notification.objects.filter(recipient=user).order_by("created_at", "pk")
        ],
        "notification_preferences_per_event": [
            {"kind": preference.kind, "mode": preference.mode, "updated_at": _when(preference.updated_at)}
            for preference in Preference.objects.filter(user=user).order_by("kind")
        ],
    }


def erase(user) -> None:
    """Forget the person's notifications and choices; a closed account is told nothing again."""
    Notification.objects.filter(recipient=user).delete()
    forget_unread([user.pk])
    Preference.objects.filter(user=user).delete()
