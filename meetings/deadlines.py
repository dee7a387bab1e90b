"""The meetings app's contribution to the reminder engine: open action items, reminded to their owner.

Listed in the ``DEADLINE_SOURCES`` setting. Only items of circulated or approved minutes count (a
draft is not yet decided); a done item drops out at the next scan, and from the calendar feed.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from reminders.enums import DeadlineKind
from reminders.registry import DeadlineSource

from .enums import ActionItemStatus
from .models import ActionItem
from .selectors import published_action_items


def _open():
    return published_action_items().filter(status=ActionItemStatus.OPEN, meeting__group__is_active=True)


def _owner(item):
    """The owner, while their account is active."""
    return get_user_model().objects.filter(pk=item.owner_id, is_active=True)


def _title(item) -> str:
    return f"{item.meeting.group.name} — {item.title}"


def sources() -> list[DeadlineSource]:
    return [
        DeadlineSource(
            kind=DeadlineKind.ACTION_ITEM,
            model=ActionItem,
            objects=lambda: _open().select_related("meeting__group"),
            deadline_field="due_at",
            targets=_owner,
            for_user=lambda user: _open().filter(owner=user).select_related("meeting__group"),
            title=_title,
            action=_("Action à mener"),
        )
    ]
