"""Small predicates: may this user do that?"""

from groups.permissions import is_group_chair
from groups.selectors import company_of, is_member, is_referent
from snitem_portal.users.permissions import is_staff

from .models import Consultation, Position
from .selectors import chairs_an_active_group


def can_open_consultation(user, group=None) -> bool:
    """Staff open any consultation; a group's chair opens one for their group only."""
    if is_staff(user):
        return True
    return group is not None and group.is_active and is_group_chair(user, group)


def can_manage_questions(user, consultation: Consultation) -> bool:
    """Staff, and the chairs of the consultation's group, write its questions."""
    if is_staff(user):
        return True
    group = consultation.group
    return group is not None and group.is_active and is_group_chair(user, group)


def can_see_company_record(user, company) -> bool:
    """A company's record of submitted positions: its members and staff."""
    return is_staff(user) or can_edit_position_of(user, company)


def can_list_consultations(user) -> bool:
    """The consultations page: staff, and members of an active company."""
    return is_staff(user) or is_member(user)


def can_open_some_consultation(user) -> bool:
    """Staff, and the chairs of an active group (``consultation_groups_for`` is not empty)."""
    return is_staff(user) or chairs_an_active_group(user)


def can_follow_actions(user) -> bool:
    return is_staff(user) or is_member(user)


def can_update_action(user) -> bool:
    return is_staff(user)


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
    return is_staff(user)
