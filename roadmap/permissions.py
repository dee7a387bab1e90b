"""Small predicates: may this user do that?"""

from groups.enums import CHAIR_ROLES, MembershipStatus
from groups.models import Membership, WorkingGroup
from groups.selectors import company_of, is_member, is_referent

from .models import Consultation, Position


def is_group_chair(user, group) -> bool:
    if not user.is_authenticated or group is None:
        return False
    return Membership.objects.filter(
        user=user, group=group, status=MembershipStatus.ACTIVE, role__in=CHAIR_ROLES
    ).exists()


def chaired_groups(user):
    if not user.is_authenticated:
        return WorkingGroup.objects.none()
    return WorkingGroup.objects.filter(
        memberships__user=user,
        memberships__status=MembershipStatus.ACTIVE,
        memberships__role__in=CHAIR_ROLES,
        is_active=True,
    ).distinct()


def can_open_consultation(user, group=None) -> bool:
    """Staff open any consultation; a group's chair opens one for their group only."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return group is not None and is_member(user) and is_group_chair(user, group)


def can_list_consultations(user) -> bool:
    """The consultations page: staff, and members of an active company."""
    return user.is_authenticated and (user.is_staff or is_member(user))


def can_open_some_consultation(user) -> bool:
    return user.is_authenticated and (user.is_staff or (is_member(user) and chaired_groups(user).exists()))


def can_follow_actions(user) -> bool:
    return user.is_authenticated and (user.is_staff or is_member(user))


def can_update_action(user) -> bool:
    return user.is_authenticated and user.is_staff


def can_edit_position_of(user, company) -> bool:
    """Any member of the company drafts and edits its positions."""
    own = company_of(user) if user.is_authenticated else None
    return own is not None and company is not None and own.pk == company.pk


def can_edit_position(user, position: Position) -> bool:
    return can_edit_position_of(user, position.company)


def can_submit_position(user, position: Position) -> bool:
    """Only a referent of the company signs the position off."""
    return is_referent(user, position.company)


def can_export_synthesis(user, consultation: Consultation) -> bool:
    return user.is_authenticated and user.is_staff
