"""Emails sent after a call's deadline moves or its decisions are published."""

import logging

from celery import shared_task

from snitem_portal.emails import send_templated_email

from .enums import SubmissionStatus
from .models import DeadlineChange, Submission
from .selectors import referents_of_companies

logger = logging.getLogger(__name__)


@shared_task
def task_notify_deadline_moved(*, change_id: int) -> int:
    """Tell every company holding a draft (its referents and the drafts' authors) the new deadline."""
    change = DeadlineChange.objects.select_related("call").filter(pk=change_id).first()
    if change is None:
        logger.info("Deadline change %s is gone: nothing to send.", change_id)
        return 0
    drafts = list(
        Submission.objects.filter(call=change.call, status=SubmissionStatus.DRAFT, company__isnull=False)
        .select_related("created_by")
        .order_by("pk")
    )
    recipients = {}
    for affiliation in referents_of_companies({draft.company_id for draft in drafts}):
        recipients[affiliation.user.pk] = affiliation.user
    for draft in drafts:
        if draft.created_by is not None and draft.created_by.is_active:
            recipients.setdefault(draft.created_by.pk, draft.created_by)
    for user in recipients.values():
        send_templated_email(
            template="projects/email/deadline_moved", to=user, context={"change": change, "call": change.call}
        )
    return len(recipients)


@shared_task
def task_notify_decisions(*, submission_ids: list[int]) -> int:
    """Email each applicant company's referents the published outcome of their application."""
    submissions = list(
        Submission.objects.filter(pk__in=submission_ids, decision_published_at__isnull=False, company__isnull=False)
        .select_related("call", "company")
        .order_by("pk")
    )
    by_company = {}
    for affiliation in referents_of_companies({s.company_id for s in submissions}):
        by_company.setdefault(affiliation.company_id, []).append(affiliation.user)
    sent = 0
    for submission in submissions:
        for user in by_company.get(submission.company_id, []):
            send_templated_email(
                template="projects/email/decision_published",
                to=user,
                context={"submission": submission, "call": submission.call},
            )
            sent += 1
    return sent
