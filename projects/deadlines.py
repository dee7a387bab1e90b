"""The projects app's contribution to the reminder engine: calls closing, and extensions ending.

Listed in the ``DEADLINE_SOURCES`` setting. A company is reminded of a call while it holds a draft
and has sent nothing; of an extension while the extended application is still a draft.
"""

from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from groups.models import Company
from groups.selectors import company_of, people_of
from reminders.enums import DeadlineKind
from reminders.registry import DeadlineSource

from .enums import REVIEWABLE_STATUSES, CallStatus, SubmissionStatus
from .models import Call, Submission
from .selectors import calls_visible_to

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
    return people_of(companies)


def _calls_of(user):
    company = company_of(user)
    if company is None:
        return Call.objects.none()
    return calls_visible_to(user).filter(
        _pending_draft(call=OuterRef("pk"), company=company),
        ~_sent(call=OuterRef("pk"), company=company),
        status=CallStatus.PUBLISHED,
    )


def _extended_drafts():
    """Drafts whose extension ends after the call's closing (an earlier one changes nothing)."""
    return Submission.objects.select_related("call").filter(_EXTENDS_CALL, status=SubmissionStatus.DRAFT)


def _extensions_of(user):
    company = company_of(user)
    if company is None:
        return Submission.objects.none()
    return _extended_drafts().filter(company=company)


def _extension_title(submission) -> str:
    return f"{submission.call.title} — {submission.title}"


def sources() -> list[DeadlineSource]:
    return [
        DeadlineSource(
            kind=DeadlineKind.CALL,
            model=Call,
            objects=lambda: Call.objects.filter(status=CallStatus.PUBLISHED),
            deadline_field="closes_at",
            targets=_call_targets,
            for_user=_calls_of,
            title=lambda call: call.title,
            action=_("Déposez la candidature de votre entreprise"),
            signoff=True,
        ),
        DeadlineSource(
            kind=DeadlineKind.EXTENSION,
            model=Submission,
            objects=_extended_drafts,
            deadline_field="extension_until",
            targets=lambda submission: people_of(Company.objects.filter(pk=submission.company_id)),
            for_user=_extensions_of,
            title=_extension_title,
            action=_("Déposez votre candidature avant la fin de la prolongation"),
            signoff=True,
        ),
    ]
