"""Personal data of the meetings app: a person's answers to invitations, the meetings they attended,
the action items they own and the minutes they wrote (``snitem_portal.privacy`` describes the contract)."""

from .models import ActionItem, Attendance, Minutes, Registration


def _when(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    """Answers, attendance, owned action items, minutes last written by the person."""
    return {
        "meeting_answers": [
            {
                "group": row.meeting.group.name,
                "meeting": row.meeting.title,
                "starts_at": _when(row.meeting.starts_at),
                "response": row.response,
                "answered_at": _when(row.answered_at),
            }
            for row in Registration.objects.filter(user=user).select_related("meeting__group").order_by("pk")
        ],
        "meetings_attended": [
            {"group": row.meeting.group.name, "meeting": row.meeting.title, "starts_at": _when(row.meeting.starts_at)}
            for row in Attendance.objects.filter(user=user).select_related("meeting__group").order_by("pk")
        ],
        "action_items": [
            {
                "group": item.meeting.group.name,
                "meeting": item.meeting.title,
                "title": item.title,
                "due_date": item.due_date.isoformat(),
                "status": item.status,
            }
            for item in ActionItem.objects.filter(owner=user).select_related("meeting__group").order_by("pk")
        ],
        "minutes_written": [
            {"group": minutes.meeting.group.name, "meeting": minutes.meeting.title, "status": minutes.status}
            for minutes in Minutes.objects.filter(updated_by=user).select_related("meeting__group").order_by("pk")
        ],
    }


def erase(user) -> None:
    """Forget the person's answers to invitations (and their history). The attendance sheets and the
    action items decided in minutes are the group's record: they stay, shown under the closed account."""
    Registration.objects.filter(user=user).delete()
    # Last: deleting the answers writes their own history rows.
    Registration.history.filter(user=user).delete()
