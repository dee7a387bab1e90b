"""The portal's deadline sources: a few declarative lines each."""

from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.enums import CHAIR_ROLES, AffiliationStatus, CompanyStatus, MembershipStatus
from groups.models import Company, Meeting
from groups.selectors import company_of
from projects.enums import SENT_STATUSES, CallStatus, SubmissionStatus
from projects.models import Call, Submission
from roadmap.enums import PositionStatus
from roadmap.models import Consultation
from roadmap.selectors import audience_companies, open_consultations_awaiting

from .enums import DeadlineKind
from .registry import DeadlineSource, register

User = get_user_model()


def _active_users():
    return User.objects.filter(is_active=True)


def _page_url(obj, fallback: str = "dashboard") -> str:
    """The item's page, or the dashboard while the app serving that page is not installed."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return reverse(fallback)


def _group_members(group_id, **membership):
    """Active members of a group; ``membership`` narrows on the same membership row (e.g. role)."""
    return _active_users().filter(
        group_memberships__group_id=group_id,
        group_memberships__status=MembershipStatus.ACTIVE,
        **{f"group_memberships__{key}": value for key, value in membership.items()},
    )


register(
    DeadlineSource(
        kind=DeadlineKind.MEETING,
        model=Meeting,
        objects=lambda: Meeting.objects.select_related("group").filter(group__is_active=True, cancelled_at=None),
        deadline_field="starts_at",
        end_field="ends_at",
        targets=lambda meeting: _group_members(meeting.group_id),
        chairs=lambda meeting: _group_members(meeting.group_id).filter(group_memberships__role__in=CHAIR_ROLES),
        for_user=lambda user: Meeting.objects.select_related("group").filter(
            group__is_active=True,
            cancelled_at=None,
            group__memberships__user=user,
            group__memberships__status=MembershipStatus.ACTIVE,
        ),
        title=lambda meeting: f"{meeting.group.name} — {meeting.title}",
        url=_page_url,
        action=_("Réunion à préparer"),
    )
)


# Roadmap consultations ------------------------------------------------------------------------
def _consultation_targets(consultation):
    """People of invited companies with no submitted position (referents sign off the drafts)."""
    awaiting = audience_companies(consultation).exclude(
        positions__consultation=consultation, positions__status=PositionStatus.SUBMITTED
    )
    return _active_users().filter(affiliations__status=AffiliationStatus.APPROVED, affiliations__company__in=awaiting)


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
def _companies_with_pending_draft(call):
    """Active companies holding a draft (not covered by an extension) and nothing submitted yet."""
    return (
        Company.objects.filter(
            status=CompanyStatus.ACTIVE,
            submissions__call=call,
            submissions__status=SubmissionStatus.DRAFT,
            submissions__extension_until__isnull=True,
        )
        .exclude(submissions__call=call, submissions__status__in=SENT_STATUSES)
        .values("pk")
    )


def _call_targets(call):
    """Referents and members of the companies with a draft and no submitted application."""
    return _active_users().filter(
        affiliations__status=AffiliationStatus.APPROVED, affiliations__company__in=_companies_with_pending_draft(call)
    )


def _calls_of(user):
    company = company_of(user)
    if company is None:
        return Call.objects.none()
    return Call.objects.filter(
        status=CallStatus.PUBLISHED,
        submissions__company=company,
        submissions__status=SubmissionStatus.DRAFT,
        submissions__extension_until__isnull=True,
    ).exclude(submissions__company=company, submissions__status__in=SENT_STATUSES)


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
    return _active_users().filter(
        affiliations__status=AffiliationStatus.APPROVED,
        affiliations__company_id=submission.company_id,
        affiliations__company__status=CompanyStatus.ACTIVE,
    )


def _extensions_of(user):
    company = company_of(user)
    if company is None:
        return Submission.objects.none()
    return _extended_drafts().filter(company=company)


def _extended_drafts():
    return Submission.objects.select_related("call").filter(
        status=SubmissionStatus.DRAFT, extension_until__isnull=False
    )


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
