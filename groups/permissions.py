"""Small predicates: may this user do that?"""

from .enums import AffiliationStatus, CompanyRole
from .models import Affiliation, Company
from .selectors import is_member, member_affiliation


def can_view_company(user, company: Company) -> bool:
    if user.is_authenticated and user.is_staff:
        return True
    affiliation = member_affiliation(user)
    return affiliation is not None and affiliation.company_id == company.pk


def can_decide_affiliation(user, affiliation: Affiliation) -> bool:
    if user.is_authenticated and user.is_staff:
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
    if user.is_authenticated and user.is_staff:
        return True
    own = member_affiliation(user)
    return own is not None and own.role == CompanyRole.REFERENT and own.company_id == affiliation.company_id


def can_request_affiliation(user) -> bool:
    return user.is_authenticated and not is_member(user)
