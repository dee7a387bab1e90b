"""Reads about companies and affiliations, scoped to who asks."""

from django.db.models import Count, Q, QuerySet

from .enums import AffiliationStatus, CompanyRole, CompanyStatus
from .models import Affiliation, Company, CompanyDomain
from .validators import normalize_domain

_CACHE_ATTR = "_portal_affiliation"


def live_affiliation(user) -> Affiliation | None:
    """The user's pending or approved affiliation, whatever the company's status."""
    if not user.is_authenticated:
        return None
    return (
        Affiliation.objects.select_related("company")
        .filter(user=user, status__in=[AffiliationStatus.PENDING, AffiliationStatus.APPROVED])
        .first()
    )


def member_affiliation(user) -> Affiliation | None:
    """The approved affiliation to an active company that makes ``user`` a member, or None.

    Cached on the user object for the length of a request.
    """
    if not user.is_authenticated:
        return None
    if not hasattr(user, _CACHE_ATTR):
        setattr(
            user,
            _CACHE_ATTR,
            Affiliation.objects.select_related("company")
            .filter(
                user=user,
                status=AffiliationStatus.APPROVED,
                company__status=CompanyStatus.ACTIVE,
            )
            .first(),
        )
    return getattr(user, _CACHE_ATTR)


def forget_affiliation(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def company_of(user) -> Company | None:
    affiliation = member_affiliation(user)
    return affiliation.company if affiliation else None


def is_member(user) -> bool:
    return member_affiliation(user) is not None


def is_referent(user, company: Company | None = None) -> bool:
    affiliation = member_affiliation(user)
    return (
        affiliation is not None
        and affiliation.role == CompanyRole.REFERENT
        and (company is None or affiliation.company_id == company.pk)
    )


def active_companies() -> QuerySet[Company]:
    return Company.objects.filter(status=CompanyStatus.ACTIVE)


def companies_visible_to(user) -> QuerySet[Company]:
    """Staff see every company; members see the active ones; others none."""
    if user.is_authenticated and user.is_staff:
        return Company.objects.all()
    if is_member(user):
        return active_companies()
    return Company.objects.none()


def company_suggested_for(email: str) -> Company | None:
    """The active company whose staff use the domain of ``email``."""
    domain = normalize_domain(email.rpartition("@")[2])
    found = (
        CompanyDomain.objects.select_related("company")
        .filter(domain=domain, company__status=CompanyStatus.ACTIVE)
        .first()
    )
    return found.company if found else None


def company_people(company: Company) -> QuerySet[Affiliation]:
    """Approved affiliations of a company, referents first."""
    return (
        Affiliation.objects.filter(company=company, status=AffiliationStatus.APPROVED)
        .select_related("user")
        .order_by("-role", "user__full_name", "user__email")
    )


def affiliations_to_decide(user) -> QuerySet[Affiliation]:
    """Pending affiliation requests ``user`` may approve: their company's, or all for staff."""
    pending = Affiliation.objects.filter(status=AffiliationStatus.PENDING).select_related("user", "company")
    if user.is_authenticated and user.is_staff:
        return pending.order_by("requested_at")
    affiliation = member_affiliation(user)
    if affiliation is None or affiliation.role != CompanyRole.REFERENT:
        return Affiliation.objects.none()
    return pending.filter(company=affiliation.company).order_by("requested_at")


def companies_with_counts() -> QuerySet[Company]:
    return Company.objects.annotate(
        people_count=Count("affiliations", filter=Q(affiliations__status=AffiliationStatus.APPROVED))
    )
