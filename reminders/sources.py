"""The portal's deadline sources: a few declarative lines each."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.enums import CHAIR_ROLES, AffiliationStatus, CompanyStatus, MembershipStatus
from groups.models import Affiliation, Company, Meeting, Membership
from groups.selectors import company_of, is_member
from projects.enums import REVIEWABLE_STATUSES, CallStatus, SubmissionStatus
from projects.models import Call, Submission
from roadmap.enums import PositionStatus
from roadmap.models import Consultation, Position
from roadmap.selectors import audience_companies, open_consultations_awaiting

from .enums import DeadlineKind
from .registry import DeadlineSource, register

User = get_user_model()


def _active_users():
    return User.objects.filter(is_active=True)


def _people_of(companies=None):
    """Active users with an approved affiliation to an active company (one of ``companies`` if given).

    ``Exists`` keeps one row per user and ties status and company to the same affiliation.
    """
    affiliations = Affiliation.objects.filter(
        user=OuterRef("pk"), status=AffiliationStatus.APPROVED, company__status=CompanyStatus.ACTIVE
    )
    if companies is not None:
        affiliations = affiliations.filter(company__in=companies)
    return _active_users().filter(Exists(affiliations))


def _page_url(obj, fallback: str = "dashboard") -> str:
    """The item's page, or the dashboard while the app serving that page is not installed."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return reverse(fallback)


def _group_members(group_id, **membership):
    """Active members of a group who still belong to an active company; ``membership`` narrows on the
    same membership row (e.g. ``role__in``)."""
    memberships = Membership.objects.filter(
        user=OuterRef("pk"), group_id=group_id, status=MembershipStatus.ACTIVE, **membership
    )
    return _people_of().filter(Exists(memberships))


def _meetings_of(user):
    if not is_member(user):
        return Meeting.objects.none()
    return Meeting.objects.select_related("group").filter(
        group__is_active=True,
        cancelled_at=None,
        group__memberships__user=user,
        group__memberships__status=MembershipStatus.ACTIVE,
    )


register(
    DeadlineSource(
        kind=DeadlineKind.MEETING,
        model=Meeting,
        objects=lambda: Meeting.objects.select_related("group").filter(group__is_active=True, cancelled_at=None),
        deadline_field="starts_at",
        end_field="ends_at",
        targets=lambda meeting: _group_members(meeting.group_id),
        chairs=lambda meeting: _group_members(meeting.group_id, role__in=CHAIR_ROLES),
        for_user=_meetings_of,
        title=lambda meeting: f"{meeting.group.name} — {meeting.title}",
        url=_page_url,
        action=_("Réunion à préparer"),
    )
)


# Roadmap consultations ------------------------------------------------------------------------
def _consultation_targets(consultation):
    """People of invited companies with no submitted position (referents sign off the drafts)."""
    submitted = Position.objects.filter(
        consultation=consultation, company=OuterRef("pk"), status=PositionStatus.SUBMITTED
    )
    return _people_of(audience_companies(consultation).filter(~Exists(submitted)))


def _consultations_of(user):
    company = company_of(user)
    if company is None:
        return Consultation.objects.none()
    return open_consultations_awaiting(company).select_related("action")


register(
    DeadlineSource(
        kind=DeadlineKind.CONSULTATION,
        model=Consultation,
        objects=lambda: Consultation.objects.select_related("action").filter(opens_at__lte=timezone.now()),
        deadline_field="closes_at",
        targets=_consultation_targets,
        for_user=_consultations_of,
        title=str,
        url=_page_url,
        action=_("Déposez la position de votre entreprise"),
        signoff=True,
    )
)


# Calls for projects -------------------------------------------------------------------------------
# An extension replaces the call's closing only when it ends later (``Submission.deadline()``).
_EXTENDS_CALL = Q(extension_until__gt=F("call__closes_at"))


def _pending_draft(*, call, company):
    """Subquery: a draft of ``company`` on ``call`` that no extension carries past the closing."""
    return Exists(
        Submission.objects.filter(call=call, company=company, status=SubmissionStatus.DRAFT).exclude(_EXTENDS_CALL)
    )


def _sent(*, call, company):
    """Subquery: an application of ``company`` on ``call`` submitted and not withdrawn (one row for both)."""
    return Exists(Submission.objects.filter(call=call, company=company, status__in=REVIEWABLE_STATUSES))


def _call_targets(call):
    """Referents and members of the companies with a draft and no submitted application."""
    companies = Company.objects.filter(
        _pending_draft(call=call, company=OuterRef("pk")), ~_sent(call=call, company=OuterRef("pk"))
    )
    return _people_of(companies)


def _calls_of(user):
    company = company_of(user)
    if company is None:
        return Call.objects.none()
    return Call.objects.filter(
        _pending_draft(call=OuterRef("pk"), company=company),
        ~_sent(call=OuterRef("pk"), company=company),
        status=CallStatus.PUBLISHED,
    )


register(
    DeadlineSource(
        kind=DeadlineKind.CALL,
        model=Call,
        objects=lambda: Call.objects.filter(status=CallStatus.PUBLISHED),
        deadline_field="closes_at",
        targets=_call_targets,
        for_user=_calls_of,
        title=lambda call: call.title,
        url=_page_url,
        action=_("Déposez la candidature de votre entreprise"),
        signoff=True,
    )
)


# Extensions granted to one application ---------------------------------------------------------------
def _extension_targets(submission):
    """The people of the company concerned, while the application is still a draft."""
    return _people_of(Company.objects.filter(pk=submission.company_id))


def _extensions_of(user):
    company = company_of(user)
    if company is None:
        return Submission.objects.none()
    return _extended_drafts().filter(company=company)


def _extended_drafts():
    """Drafts whose extension ends after the call's closing (an earlier one changes nothing)."""
    return Submission.objects.select_related("call").filter(_EXTENDS_CALL, status=SubmissionStatus.DRAFT)


register(
    DeadlineSource(
        kind=DeadlineKind.EXTENSION,
        model=Submission,
        objects=_extended_drafts,
        deadline_field="extension_until",
        targets=_extension_targets,
        for_user=_extensions_of,
        title=lambda submission: f"{submission.call.title} — {submission.title}",
        url=_page_url,
        action=_("Déposez votre candidature avant la fin de la prolongation"),
        signoff=True,
    )
)
