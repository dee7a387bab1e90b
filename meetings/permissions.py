"""Small predicates: may this user do that with a meeting's workspace?"""

from django.utils import timezone

from groups.models import Meeting
from groups.permissions import can_schedule_meeting, is_group_member

from .enums import MinutesStatus
from .models import ActionItem, Minutes


def can_manage_meeting(user, meeting: Meeting) -> bool:
    """Agenda, attendance, minutes and action items: the group's chairs and staff (the group active)."""
    return can_schedule_meeting(user, meeting.group)


def can_answer(user, meeting: Meeting) -> bool:
    """Invited: an active member of the group, while the meeting still lies ahead and is not cancelled."""
    return not meeting.is_cancelled and meeting.starts_at > timezone.now() and is_group_member(user, meeting.group)


def can_record_attendance(user, meeting: Meeting) -> bool:
    """Once the meeting has begun (not cancelled): chairs and staff."""
    return not meeting.is_cancelled and meeting.starts_at <= timezone.now() and can_manage_meeting(user, meeting)


def can_edit_minutes(user, meeting: Meeting, minutes: Minutes | None) -> bool:
    """Chairs and staff, until the minutes are approved (then frozen)."""
    frozen = minutes is not None and minutes.status == MinutesStatus.APPROVED
    return not frozen and not meeting.is_cancelled and can_manage_meeting(user, meeting)


def can_change_action_item(user, item: ActionItem) -> bool:
    """Chairs and staff change everything; the owner marks it done or open again."""
    return item.owner_id == user.pk or can_manage_meeting(user, item.meeting)
