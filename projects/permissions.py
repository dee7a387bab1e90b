"""Small predicates: may this user do that? Visibility (what exists for whom) is in selectors."""

from django.utils import timezone

from groups.selectors import company_of, is_referent
from snitem_portal.users.permissions import is_staff

from .enums import WITHDRAWABLE_STATUSES, SubmissionStatus
from .models import Call, Submission
from .selectors import is_juror, is_recused


def can_manage_calls(user) -> bool:
    return is_staff(user)


def can_apply(user, call: Call) -> bool:
    return company_of(user) is not None and call.is_open


def is_company_member(user, submission: Submission) -> bool:
    company = company_of(user)
    return company is not None and submission.company_id == company.pk


def can_edit_submission(user, submission: Submission) -> bool:
    return is_company_member(user, submission) and submission.status == SubmissionStatus.DRAFT


def can_submit_submission(user, submission: Submission) -> bool:
    return (
        submission.company_id is not None
        and is_referent(user, submission.company)
        and submission.status == SubmissionStatus.DRAFT
    )


def can_withdraw_submission(user, submission: Submission) -> bool:
    return (
        submission.company_id is not None
        and is_referent(user, submission.company)
        and submission.status in WITHDRAWABLE_STATUSES
    )


def can_reopen_submission(user, submission: Submission) -> bool:
    return (
        submission.company_id is not None
        and is_referent(user, submission.company)
        and submission.status == SubmissionStatus.WITHDRAWN
    )


def can_score(user, submission: Submission, *, now=None) -> bool:
    """A juror scores a sent application once the company's deadline has passed, unless recused."""
    return (
        submission.status in (SubmissionStatus.SUBMITTED, SubmissionStatus.UNDER_REVIEW)
        and submission.is_past_deadline(now or timezone.now())
        and is_juror(user, submission.call)
        and not is_recused(user, submission)
    )


def can_see_decision(user, submission: Submission) -> bool:
    """A pending decision is staff-only; a published one is shown to the company too."""
    return is_staff(user) or submission.decision_is_published
