"""Who may do what with a joint position: chairs of the consultation's group draft it (staff for an
all-member consultation, and always), staff validate and publish it."""

from django.utils import timezone

from groups.permissions import is_group_chair
from snitem_portal.users.permissions import is_staff

from .models import JointStatus


def can_draft(user, consultation) -> bool:
    """Staff, or a chair of the consultation's group."""
    if not user.is_authenticated:
        return False
    return is_staff(user) or (consultation.group_id is not None and is_group_chair(user, consultation.group))


def is_closed(consultation) -> bool:
    return consultation.closes_at <= timezone.now()


def can_edit(user, joint) -> bool:
    """Drafters change the text and quotes until staff validate it."""
    return joint.status in (JointStatus.DRAFT, JointStatus.CIRCULATED) and can_draft(user, joint.consultation)


def can_validate(user) -> bool:
    return user.is_authenticated and is_staff(user)
