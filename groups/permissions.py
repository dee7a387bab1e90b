"""Small predicates: may this user do that?"""

from snitem_portal.users.permissions import is_staff

from .enums import CHAIR_ROLES, AffiliationStatus, CompanyRole, GroupRole, MembershipStatus
from .models import Affiliation, Company, Meeting, Membership, WorkingGroup
from .selectors import is_member, member_affiliation, membership_of


def can_view_company(user, company: Company) -> bool:
    if is_staff(user):
        return True
    affiliation = member_affiliation(user)
    return affiliation is not None and affiliation.company_id == company.pk


def can_decide_affiliation(user, affiliation: Affiliation) -> bool:
    if is_staff(user):
        return True
    own = member_affiliation(user)
    return (
        own is not None
        and own.role == CompanyRole.REFERENT
        and own.company_id == affiliation.company_id
        and own.pk != affiliation.pk
    )


def can_promote(user, affiliation: Affiliation) -> bool:
    """Referents manage their colleagues' roles (their own too: stepping down); staff all."""
    if affiliation.status != AffiliationStatus.APPROVED:
        return False
    if is_staff(user):
        return True
    own = member_affiliation(user)
    return own is not None and own.role == CompanyRole.REFERENT and own.company_id == affiliation.company_id


def can_request_affiliation(user) -> bool:
    return user.is_authenticated and not is_member(user)


# Working groups.


def is_group_member(user, group: WorkingGroup) -> bool:
    """An active seat, held while the user belongs to an active member company."""
    if not is_member(user):
        return False
    membership = membership_of(user, group)
    return membership is not None and membership.status == MembershipStatus.ACTIVE


def can_see_group_private(user, group: WorkingGroup) -> bool:
    """Member list and meetings: the group's active members and staff."""
    return is_staff(user) or is_group_member(user, group)


def is_group_chair(user, group: WorkingGroup) -> bool:
    if not is_member(user):
        return False
    membership = membership_of(user, group)
    return membership is not None and membership.status == MembershipStatus.ACTIVE and membership.role in CHAIR_ROLES


def can_manage_group(user, group: WorkingGroup) -> bool:
    """Decide join requests, see every membership, schedule meetings: chairs and staff."""
    return is_staff(user) or is_group_chair(user, group)


def can_decide_membership(user, membership: Membership) -> bool:
    if is_staff(user):
        return True
    if not is_member(user) or membership.user_id == user.pk:
        return False
    return Membership.objects.chairs().filter(user=user, group_id=membership.group_id).exists()


def can_join_groups(user) -> bool:
    return is_member(user)


def can_schedule_meeting(user, group: WorkingGroup) -> bool:
    return group.is_active and can_manage_group(user, group)


def is_group_lead_chair(user, group: WorkingGroup) -> bool:
    """Holds the chair role itself (not co-chair): may name or replace a chair."""
    if not is_member(user):
        return False
    membership = membership_of(user, group)
    return (
        membership is not None and membership.status == MembershipStatus.ACTIVE and membership.role == GroupRole.CHAIR
    )


def can_set_role(user, membership: Membership, role: str | None = None) -> bool:
    """Chairs, co-chairs and staff manage the roles of the group's active members; naming a chair,
    or changing the role of a chair, takes staff or a chair."""
    if membership.status != MembershipStatus.ACTIVE or not can_manage_group(user, membership.group):
        return False
    if is_staff(user):
        return True
    if GroupRole.CHAIR in (role, membership.role):
        return is_group_lead_chair(user, membership.group)
    return True


def can_change_meeting(user, meeting: Meeting) -> bool:
    """Edit or cancel: chairs of the group and staff, while the meeting is not cancelled."""
    return not meeting.is_cancelled and can_schedule_meeting(user, meeting.group)
