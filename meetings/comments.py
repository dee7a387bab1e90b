"""What can be commented in the meetings app: a meeting's minutes, once circulated (``COMMENT_TARGETS``)."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from discussion.registry import CommentTarget
from groups.selectors import meeting_audience
from snitem_portal.users.permissions import is_staff

from .enums import MinutesStatus
from .models import Minutes
from .selectors import chaired_group_ids, minutes_visible_to


def _moderator(user, minutes: Minutes) -> bool:
    """Staff, and the chairs of the meeting's group."""
    return is_staff(user) or minutes.meeting.group_id in chaired_group_ids(user)


def _audience(minutes: Minutes):
    """The group's members, and staff."""
    readers = meeting_audience(minutes.meeting)
    return get_user_model().objects.filter(Q(pk__in=readers.values("pk")) | Q(is_staff=True), is_active=True)


def minutes() -> CommentTarget:
    return CommentTarget(
        kind="minutes",
        model=Minutes,
        visible_to=minutes_visible_to,
        can_moderate=_moderator,
        audience=_audience,
        # Members read and comment circulated minutes; approved ones are frozen.
        is_open=lambda minutes: minutes.status == MinutesStatus.CIRCULATED,
        title=str,
    )
