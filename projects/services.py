"""Writes about calls, submissions, reviews and decisions: one function per business operation."""

import os
import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from groups.selectors import company_of, is_referent
from snitem_portal.exceptions import Conflict
from snitem_portal.notifications import notify
from snitem_portal.timefmt import paris

from . import conf
from .enums import REVIEWABLE_STATUSES, WITHDRAWABLE_STATUSES, CallStatus, Outcome, SubmissionStatus
from .models import Attachment, Call, Criterion, DeadlineChange, Review, Score, Submission
from .selectors import is_juror, is_recused, referents_of_companies

EDITABLE_FIELDS = ("title", "summary", "requested_data", "budget")
PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
SLUG_ATTEMPTS = 5


# --- Calls -----------------------------------------------------------------------------------


def _require_staff(user) -> None:
    if not (user and user.is_authenticated and user.is_staff):
        raise PermissionDenied(_("Réservé à l'équipe du Snitem."))


def validate_call_dates(opens_at, closes_at) -> None:
    """Refuse a call whose opening is not strictly before its closing."""
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        raise ValidationError(
            {
                "closes_at": [
                    _("La clôture (%(closes_at)s) doit être postérieure à l'ouverture (%(opens_at)s).")
                    % {"closes_at": paris(closes_at), "opens_at": paris(opens_at)}
                ]
            }
        )


# The call's life: draft → published → closed → decided; published → draft while nobody applied;
# closed → published to reopen it before its closing date.
CALL_TRANSITIONS = {
    CallStatus.DRAFT: {CallStatus.PUBLISHED},
    CallStatus.PUBLISHED: {CallStatus.CLOSED, CallStatus.DRAFT},
    CallStatus.CLOSED: {CallStatus.DECIDED, CallStatus.PUBLISHED},
    CallStatus.DECIDED: set(),
}


def _decided_blocker(call: Call, now) -> str | None:
    """Why ``call`` cannot be marked decided yet, or None: a sent application still waits for a
    published decision, or an extension still lets a company submit or withdraw."""
    undecided = Submission.objects.filter(
        call=call, status__in=REVIEWABLE_STATUSES, decision_published_at__isnull=True
    ).count()
    if undecided:
        return _(
            "Impossible de marquer l'appel comme décidé : des candidatures déposées (%(count)d) "
            "attendent encore une décision publiée."
        ) % {"count": undecided}
    if Submission.objects.filter(
        call=call, status__in=(SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED), extension_until__gt=now
    ).exists():
        return _(
            "Impossible de marquer l'appel comme décidé : une prolongation accordée à une candidature court encore."
        )
    return None


def call_status_error(call: Call, status: str, *, now) -> str | None:
    """Why ``call`` may not move to ``status`` now, or None when it may (staying put is allowed)."""
    if status not in CallStatus.values:
        return _("Statut inconnu : « %(status)s ».") % {"status": status}
    if status == call.status:
        return None
    labels = {"old": CallStatus(call.status).label, "new": CallStatus(status).label}
    if status not in CALL_TRANSITIONS[CallStatus(call.status)]:
        return _("Un appel au statut « %(old)s » ne peut pas passer au statut « %(new)s ».") % labels
    if status == CallStatus.DRAFT and Submission.objects.filter(call=call).exists():
        return _("L'appel ne peut plus repasser en brouillon : des candidatures ont déjà été créées.")
    if call.status == CallStatus.CLOSED and status == CallStatus.PUBLISHED and call.closes_at <= now:
        return _(
            "L'appel ne peut être rouvert que si sa clôture (%(closes_at)s) est à venir : "
            "reportez d'abord la date limite."
        ) % {"closes_at": paris(call.closes_at)}
    if status == CallStatus.DECIDED:
        return _decided_blocker(call, now)
    return None


@transaction.atomic
def change_call_status(*, call: Call, status: str, by) -> Call:
    """Move a call along its life (staff): see CALL_TRANSITIONS and call_status_error for the rules.

    Raises ValidationError ``{"status": [...]}`` when the move is refused; nothing changes then.
    Side effects: history row.
    """
    _require_staff(by)
    call = Call.objects.select_for_update().get(pk=call.pk)
    error = call_status_error(call, status, now=timezone.now())
    if error:
        raise ValidationError({"status": [error]})
    if status != call.status:
        call.status = status
        call.save(update_fields=["status"])
    return call


def _unique_slug(title: str, *, exclude_pk=None) -> str:
    base = slugify(title)[:90] or "appel"
    slug, n = base, 1
    while Call.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def create_call(
    *,
    by,
    title: str,
    funder: str,
    opens_at,
    closes_at,
    description: str = "",
    status: str = CallStatus.DRAFT,
    slug: str = "",
    one_per_company: bool = False,
    criteria: list[tuple[str, int]] | None = None,
) -> Call:
    """Create a call (staff). Side effects: history row; criteria rows."""
    _require_staff(by)
    validate_call_dates(opens_at, closes_at)
    slug_taken = ValidationError({"slug": [_("Cet identifiant est déjà utilisé.")]})
    if slug and Call.objects.filter(slug=slug).exists():
        raise slug_taken
    for attempt in range(SLUG_ATTEMPTS):
        try:
            # A savepoint: two calls of the same title created at once may both pick the same free
            # slug; the loser of the race takes the next free one instead of failing.
            with transaction.atomic():
                call = Call.objects.create(
                    title=title,
                    slug=slug or _unique_slug(title),
                    funder=funder,
                    description=description,
                    opens_at=opens_at,
                    closes_at=closes_at,
                    status=status,
                    one_per_company=one_per_company,
                )
            break
        except IntegrityError:
            if slug or attempt == SLUG_ATTEMPTS - 1:
                raise slug_taken from None
    Criterion.objects.bulk_create(
        Criterion(call=call, name=name, weight=weight, position=i) for i, (name, weight) in enumerate(criteria or [])
    )
    return call


@transaction.atomic
def update_call(*, call: Call, by, **fields) -> Call:
    """Update a call (staff). A change of ``closes_at`` goes through move_deadline, a change of
    ``status`` through change_call_status (after the dates, so a reopening sees the new closing).
    All or nothing: a refused part leaves the call as it was."""
    _require_staff(by)
    call = Call.objects.select_for_update().get(pk=call.pk)
    new_closes_at = fields.pop("closes_at", None)
    new_status = fields.pop("status", None)
    for name in ("title", "funder", "description", "opens_at", "one_per_company"):
        if name in fields:
            setattr(call, name, fields[name])
    validate_call_dates(call.opens_at, new_closes_at or call.closes_at)
    call.save()
    if new_closes_at is not None and new_closes_at != call.closes_at:
        move_deadline(call=call, closes_at=new_closes_at, by=by, reason="")
    if new_status is not None:
        change_call_status(call=call, status=new_status, by=by)
    call.refresh_from_db()
    return call


@transaction.atomic
def move_deadline(*, call: Call, closes_at, by, reason: str = "") -> DeadlineChange:
    """Move a call's closing date (staff). Side effects: a DeadlineChange row; emails, on commit, the
    referents of every company holding a draft and the drafts' authors."""
    _require_staff(by)
    call = Call.objects.select_for_update().get(pk=call.pk)
    validate_call_dates(call.opens_at, closes_at)
    if closes_at == call.closes_at:
        raise ValidationError({"closes_at": [_("La nouvelle date est identique à l'actuelle.")]})
    change = DeadlineChange.objects.create(
        call=call, old_closes_at=call.closes_at, new_closes_at=closes_at, reason=reason, changed_by=by
    )
    call.closes_at = closes_at
    call.save(update_fields=["closes_at"])
    notify(
        template="projects/email/deadline_moved", recipients=_drafters(call), context={"change": change, "call": call}
    )
    return change


def _drafters(call: Call) -> list:
    """Who hears of a new deadline: the referents of every company holding a draft, and the drafts' authors."""
    drafts = list(
        Submission.objects.filter(call=call, status=SubmissionStatus.DRAFT, company__isnull=False)
        .select_related("created_by")
        .order_by("pk")
    )
    recipients = {}
    for affiliation in referents_of_companies({draft.company_id for draft in drafts}):
        recipients[affiliation.user.pk] = affiliation.user
    for draft in drafts:
        if draft.created_by is not None and draft.created_by.is_active:
            recipients.setdefault(draft.created_by.pk, draft.created_by)
    return list(recipients.values())


@transaction.atomic
def set_jurors(*, call: Call, jurors, by) -> None:
    _require_staff(by)
    call.jurors.set(jurors)


# --- Submissions -----------------------------------------------------------------------------


def _check_deadline(submission: Submission, now) -> None:
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
            _("La date limite est passée (%(deadline)s) : la candidature ne peut plus être modifiée ni déposée.")
            % {"deadline": paris(deadline)}
        )


def _check_member(user, submission: Submission) -> None:
    company = company_of(user)
    if company is None or company.pk != submission.company_id:
        raise PermissionDenied(_("Seuls les membres de l'entreprise candidate peuvent modifier la candidature."))


def _clean_partners(partners, company) -> list:
    partners = [partner for partner in partners or [] if partner.pk != company.pk]
    if any(not partner.is_active for partner in partners):
        raise ValidationError({"partners": [_("Les partenaires doivent être des entreprises adhérentes.")]})
    return partners


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
                _("La date limite est passée (%(deadline)s) : plus aucune candidature ne peut être créée.")
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
    submission.partners.set(_clean_partners(partners, company))
    return submission


def _locked(submission: Submission) -> Submission:
    return Submission.objects.select_for_update(of=("self",)).select_related("call", "company").get(pk=submission.pk)


@transaction.atomic
def update_submission(*, submission: Submission, by, version: int, partners=None, **fields) -> Submission:
    """Edit a draft (any member of the company), if ``version`` is the current one.

    Raises Conflict on a stale version or a draft no longer in draft. Side effects: version + 1, history row.
    """
    _check_member(by, submission)
    submission = _locked(submission)
    if int(version) != submission.version:
        raise Conflict(
            _(
                "La candidature a été modifiée entre-temps par quelqu'un d'autre : "
                "vos changements n'ont pas été enregistrés. Rechargez la page pour voir la dernière version."
            )
        )
    if not submission.is_draft:
        raise Conflict(_("La candidature a déjà été déposée : elle n'est plus modifiable."))
    _check_deadline(submission, timezone.now())
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
        submission.partners.set(_clean_partners(partners, submission.company))
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
    submitted_at/submitted_by frozen; HTML snapshot kept; version + 1; history row.
    """
    if not submission.company_id or not is_referent(by, submission.company):
        raise PermissionDenied(_("Seul un référent de l'entreprise peut déposer la candidature."))
    submission = _locked(submission)
    if not submission.is_draft:
        raise Conflict(_("La candidature a déjà été déposée ou retirée."))
    if version is None:
        raise ValidationError({"version": [_("La version lue est obligatoire pour déposer la candidature.")]})
    if int(version) != submission.version:
        raise Conflict(
            _("La candidature a été modifiée entre-temps : relisez-la avant de la déposer (elle n'a pas été déposée).")
        )
    now = timezone.now()
    _check_deadline(submission, now)
    if not submission.summary.strip():
        raise ValidationError({"summary": [_("Le résumé est obligatoire pour déposer la candidature.")]})
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at, submission.submitted_by = now, by
    submission.snapshot = render_snapshot(submission)
    submission.version += 1
    submission.save()
    return submission


@transaction.atomic
def withdraw_submission(*, submission: Submission, by) -> Submission:
    """Withdraw a draft or a submitted application (a referent), before the deadline or its extension."""
    if not submission.company_id or not is_referent(by, submission.company):
        raise PermissionDenied(_("Seul un référent de l'entreprise peut retirer la candidature."))
    submission = _locked(submission)
    if submission.status not in WITHDRAWABLE_STATUSES:
        raise Conflict(_("La candidature ne peut plus être retirée."))
    _check_deadline(submission, timezone.now())
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
    submission = _locked(submission)
    if submission.status != SubmissionStatus.WITHDRAWN:
        raise Conflict(_("Seule une candidature retirée peut être rouverte."))
    if version is not None and int(version) != submission.version:
        raise Conflict(_("La candidature a été modifiée entre-temps : rechargez la page (elle n'a pas été rouverte)."))
    _check_deadline(submission, timezone.now())
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
    _require_staff(by)
    submission = _locked(submission)
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


# --- Attachments -----------------------------------------------------------------------------


def validate_pdf(uploaded) -> None:
    """Refuse what is not a PDF by its name and its content; refuse empty and oversized files.

    Checked: size (0 < size <= setting), name ends with .pdf, content starts with a ``%PDF-1.x`` or
    ``%PDF-2.x`` header, and ends with ``%%EOF`` after at least one indirect object.
    """
    size = uploaded.size or 0
    if size == 0:
        raise ValidationError({"file": [_("Le fichier est vide.")]})
    limit = conf.max_attachment_size()
    if size > limit:
        raise ValidationError(
            {
                "file": [
                    _("Le fichier dépasse la taille maximale de %(limit)s Mo.")
                    % {"limit": f"{limit / (1024 * 1024):g}"}
                ]
            }
        )
    if not (uploaded.name or "").lower().endswith(".pdf"):
        raise ValidationError({"file": [_("Seuls les fichiers PDF (.pdf) sont acceptés.")]})
    uploaded.seek(0)
    head = uploaded.read(1024)
    uploaded.seek(max(size - 2048, 0))
    tail = uploaded.read()
    uploaded.seek(0)
    if not PDF_HEADER.match(head) or b"%%EOF" not in tail or not PDF_OBJECT.search(head + tail):
        raise ValidationError({"file": [_("Le fichier n'est pas un PDF valide.")]})


def scan_attachment(uploaded) -> None:
    """Extension point for an antivirus: ``PROJECTS_ATTACHMENT_SCANNER`` names a callable that takes
    the uploaded file and raises ValidationError to refuse it. No scanner is configured by default."""
    scanner_path = conf.attachment_scanner()
    if scanner_path:
        import_string(scanner_path)(uploaded)


@transaction.atomic
def add_attachment(*, submission: Submission, by, uploaded) -> Attachment:
    """Attach a PDF to a draft (a member of the company), before the deadline. Nothing is stored if
    any check fails."""
    _check_member(by, submission)
    submission = _locked(submission)
    if not submission.is_draft:
        raise Conflict(_("La candidature a déjà été déposée : elle n'est plus modifiable."))
    _check_deadline(submission, timezone.now())
    validate_pdf(uploaded)
    scan_attachment(uploaded)
    name = os.path.basename(uploaded.name)[:255]
    attachment = Attachment(submission=submission, name=name, size=uploaded.size, uploaded_by=by)
    attachment.file.save(name, uploaded, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


@transaction.atomic
def delete_attachment(*, attachment: Attachment, by) -> None:
    submission = attachment.submission
    _check_member(by, submission)
    submission = _locked(submission)
    if not submission.is_draft:
        raise Conflict(_("La candidature a déjà été déposée : elle n'est plus modifiable."))
    _check_deadline(submission, timezone.now())
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))


# --- Jury and decisions ----------------------------------------------------------------------


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
    submission = _locked(submission)
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


@transaction.atomic
def record_decision(*, submission: Submission, decision: str, by) -> Submission:
    """Record a pending decision (staff); nobody outside staff sees it until it is published."""
    _require_staff(by)
    if decision not in Outcome.values:
        raise ValidationError({"decision": [_("Décision inconnue : « lauréat » ou « non retenue ».")]})
    submission = _locked(submission)
    if submission.status not in REVIEWABLE_STATUSES or submission.company_id is None:
        raise Conflict(_("Cette candidature n'a pas été déposée : pas de décision possible."))
    if submission.decision_is_published:
        raise Conflict(_("La décision a déjà été publiée."))
    submission.decision = decision
    submission.decided_by = by
    submission.save(update_fields=["decision", "decided_by"])
    return submission


@transaction.atomic
def publish_decisions(*, call: Call, by) -> list[Submission]:
    """Publish every pending decision of ``call`` at once (staff). Side effects: statuses become
    laureate / not selected; a closed call (or a published one past its closing) becomes decided
    when no sent submission is left undecided and no extension still runs;
    each applicant company's referents are emailed the outcome, on commit."""
    _require_staff(by)
    call = Call.objects.select_for_update().get(pk=call.pk)
    pending = list(
        Submission.objects.select_for_update()
        .filter(call=call, status__in=REVIEWABLE_STATUSES, decision_published_at__isnull=True)
        .exclude(decision="")
    )
    if not pending:
        raise ValidationError(_("Aucune décision en attente de publication."))
    now = timezone.now()
    for submission in pending:
        submission.status = submission.decision
        submission.decision_published_at = now
        submission.save(update_fields=["status", "decision_published_at"])
    # A published call past its closing is closed in fact: it goes through closed to decided, by the
    # same rule as change_call_status, once no application waits for a decision.
    ended = call.status == CallStatus.CLOSED or (call.status == CallStatus.PUBLISHED and now >= call.closes_at)
    if ended and _decided_blocker(call, now) is None:
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
    return pending
