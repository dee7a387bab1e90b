"""Small predicates: may this user do that with a document?"""

from groups.models import WorkingGroup
from groups.permissions import is_group_chair, is_group_member
from snitem_portal.users.permissions import is_staff

from .enums import Visibility
from .models import Document


def can_add_document(user, group: WorkingGroup) -> bool:
    """Add to the library: the group's active members and staff, while the group is active."""
    return group.is_active and (is_staff(user) or is_group_member(user, group))


def can_publish(user, group: WorkingGroup) -> bool:
    """Make a document public, or withdraw it from the publications: the group's chairs and staff."""
    return is_staff(user) or is_group_chair(user, group)


def can_set_visibility(user, group: WorkingGroup, visibility: str, current: str | None = None) -> bool:
    """Any member chooses ``group`` or ``members``; ``public`` (given or taken away) takes a chair or staff."""
    if Visibility.PUBLIC in (visibility, current) and visibility != current:
        return can_publish(user, group)
    return True


def can_edit_document(user, document: Document) -> bool:
    """Change its words or add a version: its author while a member of the group, the group's chairs, staff."""
    if is_staff(user):
        return True
    if not document.group.is_active or not user.is_authenticated:
        return False
    if is_group_chair(user, document.group):
        return True
    return document.created_by_id == user.pk and is_group_member(user, document.group)
