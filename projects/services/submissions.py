"""Applications: drafting, submitting, withdrawing, reopening a submission; staff extensions."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from groups.selectors import company_of, is_referent
from snitem_portal.exceptions import Conflict
from snitem_portal.locking import check_version
from snitem_portal.notifications import notify
from snitem_portal.timefmt import paris

from ..enums import WITHDRAWABLE_STATUSES, CallStatus, SubmissionStatus
from ..models import Call, Submission
from ..selectors import people_of_companies
from .calls import require_staff
from .partnerships import set_partners

EDITABLE_FIELDS = ("title", "summary", "requested_data", "budget")


def check_deadline(submission: Submission, now) -> None:
    """Refuse any change at or after the deadline, or once staff closed the call early, unless this
    submission's extension still runs."""
    call = submission.call
    if call.status in (CallStatus.DRAFT, CallStatus.DECIDED):
        raise ValidationError(_("Cet appel n'accepte pas de candidatures."))
    if call.status == CallStatus.CLOSED and not submission.has_running_extension(now):
        raise ValidationError(_("Cet appel est clos : la candidature ne peut plus être modifiée, déposée ni retirée."))
    if now < call.opens_at:
        raise ValidationError(_("Cet appel n'est pas encore ouvert."))
    deadline = submission.deadline()
    if now >= deadline:
        raise ValidationError(
            _("La date limite du %(deadline)s est passée : la candidature ne peut plus être modifiée ni déposée.")
            % {"deadline": paris(deadline)}
        )


def check_member(user, submission: Submission) -> None:
    company = company_of(user)
    if company is None or company.pk != submission.company_id:
        raise PermissionDenied(_("Seuls les membres de l'entreprise candidate peuvent modifier la candidature."))


def _clean_budget(budget):
    if budget in (None, ""):
        return None
    budget = Decimal(budget)
    if budget < 0:
        raise ValidationError({"budget": [_("Le budget ne peut pas être négatif.")]})
    return budget


@transaction.atomic
def create_submission(
    *,
    call: Call,
    by,
    title: str,
    summary: str = "",
    requested_data: str = "",
    budget=None,
    partners=None,
) -> Submission:
    """Create a draft for the caller's company. Side effects: history row."""
    company = company_of(by)
    if company is None:
        raise PermissionDenied(_("Réservé aux membres d'une entreprise adhérente."))
    # Read the call's status under lock: staff may be taking it back to draft at this very moment.
    call = Call.objects.select_for_update().get(pk=call.pk)
    now = timezone.now()
    if not call.is_open_at(now):
        if call.status == CallStatus.PUBLISHED and now >= call.closes_at:
            raise ValidationError(
                _("La date limite du %(deadline)s est passée : plus aucune candidature ne peut être créée.")
                % {"deadline": paris(call.closes_at)}
            )
        raise ValidationError(_("Cet appel n'est pas ouvert aux candidatures."))
    if not title.strip():
        raise ValidationError({"title": [_("Le titre est obligatoire.")]})
    if (
        call.one_per_company
        and Submission.objects.filter(call=call, company=company).exclude(status=SubmissionStatus.WITHDRAWN).exists()
    ):
        raise ValidationError(_("Cet appel n'accepte qu'une candidature par entreprise."))
    submission = Submission.objects.create(
        call=call,
        company=company,
        title=title.strip(),
        summary=summary,
        requested_data=requested_data,
        budget=_clean_budget(budget),
        created_by=by,
        created_at=now,
        updated_at=now,
    )
    set_partners(submission=submission, partners=partners, by=by)
    return submission


def lock_submission(submission: Submission) -> Submission:
    """The submission again, its row locked until the transaction ends (its call and company joined)."""
    return Submission.objects.select_for_update(of=("self",)).select_related("call", "company").get(pk=submission.pk)


@transaction.atomic
def update_submission(*, submission: Submission, by, version: int, partners=None, **fields) -> Submission:
    """Edit a draft (any member of the company), if ``version`` is the current one.

    Raises Conflict on a stale version or a draft no longer in draft. Side effects: version + 1, history row.
    """
    check_member(by, submission)
    submission = lock_submission(submission)
    check_version(
        submission,
        version,
        stale=_(
            "La candidature a été modifiée entre-temps par quelqu'un d'autre : "
            "vos changements n'ont pas été enregistrés. Rechargez la page pour voir la dernière version."
        ),
    )
    if not submission.is_draft:
        raise Conflict(_("La candidature a déjà été déposée : elle n'est plus modifiable."))
    check_deadline(submission, timezone.now())
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Champs non modifiables : %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if "title" in fields and not (fields["title"] or "").strip():
        raise ValidationError({"title": [_("Le titre est obligatoire.")]})
    if "budget" in fields:
        fields["budget"] = _clean_budget(fields["budget"])
    for name, value in fields.items():
        setattr(submission, name, value)
    submission.version += 1
    submission.updated_at = timezone.now()
    submission.save()
    if partners is not None:
        set_partners(submission=submission, partners=partners, by=by)
    return submission


def render_snapshot(submission: Submission) -> str:
    """The read-only copy of the application as it was submitted (HTML, in French)."""
    with translation.override("fr"):
        return render_to_string(
            "projects/snapshot.html",
            {
                "submission": submission,
                "partners": list(submission.partners.order_by("name")),
                "attachments": list(submission.attachments.all()),
                "submitted_at": paris(submission.submitted_at),
            },
        )


@transaction.atomic
def submit_submission(*, submission: Submission, by, version: int | None) -> Submission:
    """Submit a draft (a referent of the company), before the deadline or within its extension.
    ``version`` is the one the referent read: they sign off that text, not a later edit.

    Raises ValidationError without a version, Conflict on a stale one. Side effects:
    submitted_at/submitted_by frozen; HTML snapshot kept; version + 1; history row; an
    acknowledgement emailed, on commit, to the company's referents and members.
    """
    if not submission.company_id or not is_referent(by, submission.company):
        raise PermissionDenied(_("Seul un référent de l'entreprise peut déposer la candidature."))
    submission = lock_submission(submission)
    if not submission.is_draft:
        raise Conflict(_("La candidature a déjà été déposée ou retirée."))
    check_version(
        submission,
        version,
        missing=_("La version lue est obligatoire pour déposer la candidature."),
        stale=_(
            "La candidature a été modifiée entre-temps : relisez-la avant de la déposer (elle n'a pas été déposée)."
        ),
    )
    now = timezone.now()
    check_deadline(submission, now)
    if not submission.summary.strip():
        raise ValidationError({"summary": [_("Le résumé est obligatoire pour déposer la candidature.")]})
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at, submission.submitted_by = now, by
    submission.snapshot = render_snapshot(submission)
    submission.version += 1
    submission.save()
    notify(
        template="projects/email/submission_received",
        recipients=[affiliation.user for affiliation in people_of_companies([submission.company_id])],
        context={"submission": submission, "call": submission.call, "submitted_by": by},
    )
    return submission


@transaction.atomic
def withdraw_submission(*, submission: Submission, by) -> Submission:
    """Withdraw a draft or a submitted application (a referent), before the deadline or its extension."""
    if not submission.company_id or not is_referent(by, submission.company):
        raise PermissionDenied(_("Seul un référent de l'entreprise peut retirer la candidature."))
    submission = lock_submission(submission)
    if submission.status not in WITHDRAWABLE_STATUSES:
        raise Conflict(_("La candidature ne peut plus être retirée."))
    check_deadline(submission, timezone.now())
    submission.status = SubmissionStatus.WITHDRAWN
    submission.version += 1
    submission.save()
    return submission


@transaction.atomic
def reopen_submission(*, submission: Submission, by, version: int | None = None) -> Submission:
    """Turn a withdrawn application back into a draft (a referent of the company), while the call is
    open to it (its deadline, or its extension, has not passed). ``version``, when given, is the one
    the referent read (Conflict if it changed since), as for submit.

    Side effects: status draft; submitted_at/submitted_by, snapshot and any pending decision cleared
    (the history keeps them); version + 1; history row.
    """
    if not submission.company_id or not is_referent(by, submission.company):
        raise PermissionDenied(_("Seul un référent de l'entreprise peut rouvrir la candidature."))
    # The call row first, as create_submission does: the one-per-company check then holds.
    Call.objects.select_for_update().get(pk=submission.call_id)
    submission = lock_submission(submission)
    if submission.status != SubmissionStatus.WITHDRAWN:
        raise Conflict(_("Seule une candidature retirée peut être rouverte."))
    if version is not None:
        check_version(
            submission,
            version,
            stale=_("La candidature a été modifiée entre-temps : rechargez la page (elle n'a pas été rouverte)."),
        )
    check_deadline(submission, timezone.now())
    if (
        submission.call.one_per_company
        and Submission.objects.filter(call=submission.call, company=submission.company)
        .exclude(pk=submission.pk)
        .exclude(status=SubmissionStatus.WITHDRAWN)
        .exists()
    ):
        raise ValidationError(
            _("Cet appel n'accepte qu'une candidature par entreprise : votre entreprise en a déjà une autre.")
        )
    submission.status = SubmissionStatus.DRAFT
    submission.submitted_at = submission.submitted_by = None
    submission.snapshot = ""
    submission.decision, submission.decided_by = "", None
    submission.version += 1
    submission.updated_at = timezone.now()
    submission._change_reason = "reopened"
    submission.save()
    return submission


@transaction.atomic
def grant_extension(*, submission: Submission, until, reason: str, by) -> Submission:
    """Let one submission be edited and submitted until ``until`` (staff). Audited: who, when, why
    are kept on the submission and in its history."""
    require_staff(by)
    submission = lock_submission(submission)
    if not reason.strip():
        raise ValidationError({"reason": [_("Le motif de la prolongation est obligatoire.")]})
    if until <= submission.call.closes_at:
        raise ValidationError({"until": [_("La prolongation doit finir après la clôture de l'appel.")]})
    if submission.status not in (SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED):
        raise Conflict(_("Cette candidature ne peut plus être prolongée."))
    submission.extension_until = until
    submission.extension_reason = reason.strip()
    submission.extension_granted_by = by
    submission.extension_granted_at = timezone.now()
    submission._change_reason = f"extension: {reason.strip()}"
    submission.save()
    return submission
