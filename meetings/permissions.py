"""Small predicates: may this user do that with a meeting's workspace?"""

from django.utils import timezone

from groups.models import Meeting
from groups.permissions import can_schedule_meeting, is_group_member
from snitem_portal.users.permissions import is_staff

from .enums import PUBLISHED_MINUTES, MinutesStatus
from .models import ActionItem, Minutes
from .selectors import chaired_group_ids


def can_manage_meeting(user, meeting: Meeting) -> bool:
    """Agenda, attendance, minutes and action items: the group's chairs and staff (the group active)."""
    return can_schedule_meeting(user, meeting.group)


def answer_deadline_passed(meeting: Meeting, *, now=None) -> bool:
    """The meeting's answer deadline (if it has one) is past: answers are closed."""
    return meeting.answer_deadline is not None and (now or timezone.now()) > meeting.answer_deadline


def can_answer(user, meeting: Meeting) -> bool:
    """Invited: an active member of the group, while the meeting still lies ahead and is not cancelled."""
    return not meeting.is_cancelled and meeting.starts_at > timezone.now() and is_group_member(user, meeting.group)


def can_record_attendance(user, meeting: Meeting) -> bool:
    """Once the meeting has begun (not cancelled): chairs and staff."""
    return not meeting.is_cancelled and meeting.starts_at <= timezone.now() and can_manage_meeting(user, meeting)


def can_read_minutes(user, minutes: Minutes) -> bool:
    """Minutes of a meeting ``user`` sees: members read them circulated and approved; the group's
    chairs and staff in every state (``selectors.minutes_visible_to`` as a queryset)."""
    if minutes.status in PUBLISHED_MINUTES:
        return True
    return is_staff(user) or minutes.meeting.group_id in chaired_group_ids(user)


def can_edit_minutes(user, meeting: Meeting, minutes: Minutes | None) -> bool:
    """Chairs and staff, until the minutes are approved (then frozen)."""
    frozen = minutes is not None and minutes.status == MinutesStatus.APPROVED
    return not frozen and not meeting.is_cancelled and can_manage_meeting(user, meeting)


def can_change_action_item(user, item: ActionItem, *, fields=("status",), manages: bool | None = None) -> bool:
    """May ``user`` change these ``fields`` of the item? Chairs and staff change every field; its
    owner marks it done or open again (``status`` only).

    ``manages`` is ``can_manage_meeting(user, item.meeting)`` when the caller already knows it: one
    check for a meeting's list of items, not one per item (each would read the user's seats again).
    """
    if user.is_authenticated and item.owner_id == user.pk and set(fields) <= {"status"}:
        return True
    return manages if manages is not None else can_manage_meeting(user, item.meeting)
