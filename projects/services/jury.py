"""The jury and the decisions: scoring, recording a decision, publishing them all at once."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from snitem_portal.exceptions import Conflict
from snitem_portal.notifications import notify
from webhooks import services as webhooks

from ..enums import REVIEWABLE_STATUSES, CallStatus, Outcome, SubmissionStatus
from ..models import Call, Review, Score, Submission
from ..selectors import is_juror, is_recused, referents_of_companies
from .calls import decided_blocker, require_staff
from .submissions import lock_submission


@transaction.atomic
def score_submission(*, submission: Submission, juror, scores: dict[int, int], comment: str = "") -> Review:
    """Record (or replace) a juror's scores per criterion, once the submission's deadline has passed
    (until then the company may still withdraw it). A recused juror is refused.

    Side effects: the submission moves from submitted to under review; history rows.
    """
    if not is_juror(juror, submission.call):
        raise PermissionDenied(_("Vous n'êtes pas membre du jury de cet appel."))
    if is_recused(juror, submission):
        raise PermissionDenied(
            _("Vous êtes en conflit d'intérêts avec cette candidature : vous ne pouvez pas l'évaluer.")
        )
    submission = lock_submission(submission)
    if submission.status not in (SubmissionStatus.SUBMITTED, SubmissionStatus.UNDER_REVIEW):
        raise Conflict(_("Cette candidature n'est plus en évaluation."))
    if not submission.is_past_deadline(timezone.now()):
        raise PermissionDenied(
            _("La candidature ne peut être évaluée qu'après sa date limite : l'entreprise peut encore la retirer.")
        )
    criteria = list(submission.call.criteria.all())
    if not criteria:
        raise ValidationError(_("Cet appel n'a pas de critère d'évaluation."))
    errors = {}
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None or not 0 <= int(value) <= 10:
            errors[f"criterion_{criterion.pk}"] = [_("Note de 0 à 10 requise.")]
    if errors:
        raise ValidationError(errors)
    review, created = Review.objects.get_or_create(submission=submission, juror=juror, defaults={"comment": comment})
    if not created:
        review.comment = comment
        review.updated_at = timezone.now()
        review.save(update_fields=["comment", "updated_at"])
    review.scores.all().delete()
    Score.objects.bulk_create(
        Score(review=review, criterion=criterion, value=int(scores[criterion.pk])) for criterion in criteria
    )
    if submission.status == SubmissionStatus.SUBMITTED:
        submission.status = SubmissionStatus.UNDER_REVIEW
        submission.save(update_fields=["status"])
    return review


def call_has_ended(call: Call, now) -> bool:
    """True once ``call`` takes no more applications: closed by staff, or its closing time passed."""
    return call.status in (CallStatus.CLOSED, CallStatus.DECIDED) or (
        call.status == CallStatus.PUBLISHED and now >= call.closes_at
    )


@transaction.atomic
def record_decision(*, submission: Submission, decision: str, by) -> Submission:
    """Record a pending decision (staff); nobody outside staff sees it until it is published.

    Only once the submission's deadline has passed (the call's closing, or staff closed it early,
    and no extension of its own still runs): until then the company may still change or withdraw it,
    and the jury has not reviewed it. Raises ValidationError before that; nothing changes then.
    """
    require_staff(by)
    if decision not in Outcome.values:
        raise ValidationError({"decision": [_("Décision inconnue : « lauréat » ou « non retenue ».")]})
    submission = lock_submission(submission)
    if submission.status not in REVIEWABLE_STATUSES or submission.company_id is None:
        raise Conflict(_("Cette candidature n'a pas été déposée : pas de décision possible."))
    if submission.decision_is_published:
        raise Conflict(_("La décision a déjà été publiée."))
    if not submission.is_past_deadline(timezone.now()):
        raise ValidationError(
            _(
                "Les décisions ne peuvent être prises qu'après la clôture de l'appel "
                "(et la fin d'une éventuelle prolongation de cette candidature)."
            )
        )
    submission.decision = decision
    submission.decided_by = by
    submission.save(update_fields=["decision", "decided_by"])
    return submission


@transaction.atomic
def publish_decisions(*, call: Call, by) -> list[Submission]:
    """Publish every pending decision of ``call`` at once (staff), once the call has ended and every
    sent application has a recorded decision (ValidationError otherwise; nothing changes then).

    Side effects: statuses become laureate / not selected; a closed call (or a published one past
    its closing) becomes decided when no sent submission is left undecided and no extension still
    runs; each applicant company's referents are emailed the outcome, on commit."""
    require_staff(by)
    call = Call.objects.select_for_update().get(pk=call.pk)
    now = timezone.now()
    if not call_has_ended(call, now):
        raise ValidationError(_("Les décisions ne peuvent être publiées qu'après la clôture de l'appel."))
    unpublished = list(
        Submission.objects.select_for_update()
        .filter(call=call, status__in=REVIEWABLE_STATUSES, decision_published_at__isnull=True)
        .order_by("pk")
    )
    undecided = sum(1 for submission in unpublished if not submission.decision)
    if undecided:
        raise ValidationError(
            ngettext(
                "Publication impossible : %(count)d candidature déposée n'a pas encore de décision.",
                "Publication impossible : %(count)d candidatures déposées n'ont pas encore de décision.",
                undecided,
            )
            % {"count": undecided}
        )
    pending = unpublished
    if not pending:
        raise ValidationError(_("Aucune décision en attente de publication."))
    for submission in pending:
        submission.status = submission.decision
        submission.decision_published_at = now
        submission.save(update_fields=["status", "decision_published_at"])
    # A published call past its closing is closed in fact: it goes through closed to decided, by the
    # same rule as change_call_status, once no application waits for a decision.
    ended = call.status == CallStatus.CLOSED or (call.status == CallStatus.PUBLISHED and now >= call.closes_at)
    if ended and decided_blocker(call, now) is None:
        call.status = CallStatus.DECIDED
        call.save(update_fields=["status"])
    referents = {}
    for affiliation in referents_of_companies({submission.company_id for submission in pending}):
        referents.setdefault(affiliation.company_id, []).append(affiliation.user)
    for submission in sorted(pending, key=lambda submission: submission.pk):
        notify(
            template="projects/email/decision_published",
            recipients=referents.get(submission.company_id, []),
            context={"submission": submission, "call": call},
        )
    webhooks.emit("decision.published", call)
    return pending
