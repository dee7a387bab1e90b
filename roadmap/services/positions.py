"""Writes of the companies' positions: drafts, pending revisions and sign-off, answers included."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Affiliation
from groups.selectors import company_of
from snitem_portal.exceptions import Conflict
from snitem_portal.locking import check_version
from snitem_portal.notifications import notify
from webhooks import services as webhooks

from ..enums import STANCES_REQUIRING_ARGUMENT, PositionStatus, Stance
from ..models import Answer, Consultation, Position
from ..permissions import can_submit_position
from ..selectors import is_invited
from .questions import clean_answers, missing_required


def _check_open(consultation: Consultation) -> None:
    now = timezone.now()
    if now < consultation.opens_at:
        raise ValidationError(_("La consultation n'est pas encore ouverte."))
    if now >= consultation.closes_at:
        raise ValidationError(_("La consultation est close : la position ne peut plus être modifiée."))


def _validate_content(*, stance: str, argument: str) -> None:
    if stance not in Stance.values:
        raise ValidationError({"stance": _("Choisissez une position.")})
    if stance in STANCES_REQUIRING_ARGUMENT and not argument.strip():
        raise ValidationError(
            {"argument": _("Un argumentaire est requis pour un soutien avec réserves ou une opposition.")}
        )


def _writable_consultation(*, consultation: Consultation, by, stance: str, argument: str):
    """Lock the consultation and check that ``by``'s company may write this position in it now.

    Returns the locked consultation and the company. Raises PermissionDenied or ValidationError.
    """
    company = company_of(by)
    if company is None:
        raise PermissionDenied(_("Réservé aux membres d'une entreprise adhérente."))
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    _check_open(consultation)
    if not is_invited(company, consultation):
        raise PermissionDenied(_("Votre entreprise n'est pas consultée."))
    _validate_content(stance=stance, argument=argument)
    return consultation, company


def _clean_answers(consultation: Consultation, answers: dict | None) -> dict[int, object] | None:
    if answers is None:
        return None
    return clean_answers(list(consultation.questions.all()), answers)


def _answer_rows(position: Position) -> dict[int, Answer]:
    return {row.question_id: row for row in Answer.objects.select_for_update().filter(position=position)}


def _answers_of(rows: dict[int, Answer], *, revision: bool) -> dict[int, object]:
    """The answers of the position (``revision``: of its pending revision), without the empty ones."""
    values = {question_id: (row.revision_value if revision else row.value) for question_id, row in rows.items()}
    return {question_id: value for question_id, value in values.items() if value is not None}


def _write_answers(position: Position, rows: dict[int, Answer], values: dict, *, field: str, by) -> None:
    """Set ``field`` (``value`` or ``revision_value``) of every answer to ``values`` (no entry: no answer).

    A row left with neither an answer nor a revision of one is deleted. Each change is a history row."""
    for question_id in sorted(set(rows) | set(values)):
        new = values.get(question_id)
        row = rows.get(question_id)
        if row is None:
            if new is None:
                continue
            row = rows[question_id] = Answer(position=position, question_id=question_id)
        elif getattr(row, field) == new:
            continue
        setattr(row, field, new)
        row._history_user = by
        if row.value is None and row.revision_value is None:
            row.delete()
            del rows[question_id]
        else:
            row.save()


@transaction.atomic
def create_position(
    *,
    consultation: Consultation,
    by,
    stance: str,
    argument: str = "",
    shared: bool = False,
    answers: dict | None = None,
) -> Position:
    """Create the company's position in a consultation, as a draft (any member, while it is open),
    with its ``answers`` to the consultation's questions ({question id: value}).

    Raises ValidationError on ``answers`` (one message per question at fault), Conflict when the
    company already has a position (edit it instead). Side effects: history rows.
    """
    argument = argument.strip()
    consultation, company = _writable_consultation(consultation=consultation, by=by, stance=stance, argument=argument)
    cleaned = _clean_answers(consultation, answers) or {}
    taken = Conflict(_("Votre entreprise a déjà une position sur cette consultation : modifiez-la."))
    if Position.objects.filter(consultation=consultation, company=company).exists():
        raise taken
    now = timezone.now()
    position = Position(
        consultation=consultation,
        company=company,
        stance=stance,
        argument=argument,
        shared=shared,
        created_at=now,
        updated_at=now,
        updated_by=by,
    )
    position._history_user = by
    try:
        with transaction.atomic():
            position.save()
    except IntegrityError as error:
        raise taken from error
    _write_answers(position, {}, cleaned, field="value", by=by)
    return position


@transaction.atomic
def update_position(
    *,
    consultation: Consultation,
    by,
    stance: str,
    argument: str = "",
    shared: bool = False,
    version,
    answers: dict | None = None,
) -> Position:
    """Edit the company's position in a consultation (any member, while it is open).

    The edit must carry the version it was made from: a stale one raises ``Conflict`` and changes
    nothing. A draft is edited in place. A submitted position stays the company's answer (the
    synthesis counts it) until a referent submits a new one: the edit becomes its pending revision,
    and an edit back to the submitted text drops the revision. ``answers`` ({question id: value}, None
    or an empty value clearing an answer) change the answers they name and keep the others; answers
    follow the same draft and revision. Side effects: version + 1; history
    row; when a revision starts, the company's referents (but its author) are emailed, on commit, that
    it awaits their sign-off.
    """
    argument = argument.strip()
    consultation, company = _writable_consultation(consultation=consultation, by=by, stance=stance, argument=argument)
    cleaned = _clean_answers(consultation, answers) or {}
    position = Position.objects.select_for_update().filter(consultation=consultation, company=company).first()
    if position is None:
        raise Conflict(_("Cette position n'existe plus."))
    check_version(
        position,
        version,
        stale=_(
            "Quelqu'un a modifié cette position entre-temps (version %(current)d, vous éditiez la "
            "version %(yours)d). Rechargez la page pour voir ses changements avant de modifier."
        ),
    )
    rows = _answer_rows(position)
    working = {**_answers_of(rows, revision=position.has_pending_revision), **cleaned}
    working = {question_id: value for question_id, value in working.items() if value is not None}
    revision_started = False
    if not position.is_submitted:
        position.stance, position.argument, position.shared = stance, argument, shared
        _write_answers(position, rows, working, field="value", by=by)
    elif (stance, argument, shared) == (position.stance, position.argument, position.shared) and working == (
        _answers_of(rows, revision=False)
    ):
        _set_revision(position, stance="", argument="", shared=False)
        _write_answers(position, rows, {}, field="revision_value", by=by)
    else:
        revision_started = not position.has_pending_revision
        _set_revision(position, stance=stance, argument=argument, shared=shared)
        _write_answers(position, rows, working, field="revision_value", by=by)
    position.version += 1
    position.updated_at, position.updated_by = timezone.now(), by
    position._history_user = by
    position.save()
    if revision_started:
        notify(
            template="roadmap/email/position_revision_pending",
            recipients=[
                affiliation.user
                for affiliation in Affiliation.objects.referents()
                .filter(company=company)
                .exclude(user=by)
                .select_related("user")
                .order_by("user__email")
            ],
            context={"position": position, "consultation": consultation, "author": by},
        )
    return position


def _set_revision(position: Position, *, stance: str, argument: str, shared: bool) -> None:
    position.revision_stance, position.revision_argument, position.revision_shared = stance, argument, shared


@transaction.atomic
def submit_position(*, position: Position, by, version: int | None) -> Position:
    """Sign off the company's position (referents only), as read at ``version``: a draft, or the
    pending revision of a submitted position, which then replaces the company's answer.

    Raises ValidationError without a version or when required questions have no answer (one message
    per question), Conflict on a stale version or when there is nothing new to submit. Side effects:
    submitted_at/submitted_by set; the revision's answers become the answers; history rows."""
    position = Position.objects.select_for_update().select_related("company").get(pk=position.pk)
    if not can_submit_position(by, position):
        raise PermissionDenied(_("Seul un référent de l'entreprise peut soumettre sa position."))
    consultation = Consultation.objects.get(pk=position.consultation_id)
    _check_open(consultation)
    check_version(
        position,
        version,
        missing=_("La version lue est obligatoire pour soumettre la position."),
        stale=_("La position a été modifiée entre-temps : relisez-la avant de la soumettre."),
    )
    if position.is_submitted and not position.has_pending_revision:
        raise Conflict(_("Cette position est déjà soumise."))
    values = position.working_copy
    _validate_content(stance=values["stance"], argument=values["argument"])
    rows = _answer_rows(position)
    answers = _answers_of(rows, revision=position.has_pending_revision)
    missing = missing_required(list(consultation.questions.all()), answers)
    if missing:
        raise ValidationError({"answers": missing})
    if position.has_pending_revision:
        _write_answers(position, rows, answers, field="value", by=by)
        _write_answers(position, rows, {}, field="revision_value", by=by)
    position.stance, position.argument, position.shared = values["stance"], values["argument"], values["shared"]
    _set_revision(position, stance="", argument="", shared=False)
    position.status = PositionStatus.SUBMITTED
    position.submitted_at, position.submitted_by = timezone.now(), by
    position._history_user = by
    position.save()
    webhooks.emit("position.submitted", position)
    return position
