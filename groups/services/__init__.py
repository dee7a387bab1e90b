"""Writes of the groups app, one function per business operation, split by concern:
``companies`` (affiliations, referents, company status), ``memberships`` (joining, leaving, decisions,
roles, archiving) and ``meetings`` (scheduling, moving, cancelling)."""

from .companies import (
    decide_affiliation,
    remember_signup_company,
    request_affiliation,
    request_signup_affiliation,
    set_affiliation_status,
    set_company_role,
    set_company_status,
    withdraw_affiliation_request,
)
from .meetings import MEETING_FIELDS, cancel_meeting, schedule_meeting, update_meeting
from .memberships import (
    approve_membership,
    decide_membership,
    join_group,
    leave_group,
    reject_membership,
    set_group_active,
    set_member_role,
    set_membership_status,
)

__all__ = [
    "MEETING_FIELDS",
    "approve_membership",
    "cancel_meeting",
    "decide_affiliation",
    "decide_membership",
    "join_group",
    "leave_group",
    "reject_membership",
    "remember_signup_company",
    "request_affiliation",
    "request_signup_affiliation",
    "schedule_meeting",
    "set_affiliation_status",
    "set_company_role",
    "set_company_status",
    "set_group_active",
    "set_member_role",
    "set_membership_status",
    "update_meeting",
    "withdraw_affiliation_request",
]
