"""Personal data of the projects app: the applications a person created or submitted, the files they
uploaded, the partnerships they named or confirmed, their jury work (``snitem_portal.privacy``
describes the contract)."""

from django.db.models import Q
from django.utils.html import escape

from snitem_portal.users.models import FORMER_MEMBER

from .models import Attachment, Call, Partnership, Review, Submission


def _when(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    """Applications, attachments, partnerships, juries and evaluations of the person."""
    submissions = (
        Submission.objects.filter(Q(created_by=user) | Q(submitted_by=user)).select_related("call").order_by("pk")
    )
    reviews = (
        Review.objects.filter(juror=user)
        .select_related("submission__call")
        .prefetch_related("scores__criterion")
        .order_by("pk")
    )
    return {
        "applications": [
            {
                "call": submission.call.title,
                "title": submission.title,
                "company": submission.holder_name,
                "status": submission.status,
                "created_by_me": submission.created_by_id == user.pk,
                "created_at": _when(submission.created_at),
                "submitted_by_me": submission.submitted_by_id == user.pk,
                "submitted_at": _when(submission.submitted_at),
            }
            for submission in submissions.select_related("company")
        ],
        "attachments_uploaded": [
            {
                "application": attachment.submission.title,
                "name": attachment.name,
                "size": attachment.size,
                "uploaded_at": _when(attachment.uploaded_at),
            }
            for attachment in Attachment.objects.filter(uploaded_by=user).select_related("submission").order_by("pk")
        ],
        "partnerships": [
            {
                "application": partnership.submission.title,
                "partner": partnership.company.name,
                "status": partnership.status,
                "named_by_me": partnership.named_by_id == user.pk,
                "decided_by_me": partnership.decided_by_id == user.pk,
            }
            for partnership in Partnership.objects.filter(Q(named_by=user) | Q(decided_by=user))
            .select_related("submission", "company")
            .order_by("pk")
        ],
        "juries": [call.title for call in Call.objects.filter(jurors=user).order_by("pk")],
        "evaluations": [
            {
                "call": review.submission.call.title,
                "application": review.submission.title,
                "comment": review.comment,
                "scores": {score.criterion.name: score.value for score in review.scores.all()},
                "updated_at": _when(review.updated_at),
            }
            for review in reviews
        ],
    }


def _scrub_snapshot(submission: Submission, *, name: str, email: str) -> None:
    """The frozen copy of a submitted application names who submitted it: « un ancien membre » now."""
    former = escape(str(FORMER_MEMBER))
    snapshot = submission.snapshot.replace(f"{escape(name or email)} &lt;{escape(email)}&gt;", former)
    snapshot = snapshot.replace(escape(email), former)
    if snapshot != submission.snapshot:
        submission.snapshot = snapshot
        submission.save(update_fields=["snapshot"])


def erase(user) -> None:
    """Leave the juries where the person evaluated nothing (their evaluations stay with the call),
    and take their name and address out of the frozen copies of the applications they submitted.
    Applications stay the company's, their author shown as « un ancien membre »."""
    for call in Call.objects.filter(jurors=user).exclude(submissions__reviews__juror=user).distinct():
        call.jurors.remove(user)
    for submission in Submission.objects.filter(submitted_by=user).exclude(snapshot=""):
        _scrub_snapshot(submission, name=user.full_name, email=user.email)
