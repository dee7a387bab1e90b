"""Writes about the roadmap, consultations and positions: one function per business operation."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Affiliation
from groups.selectors import company_of
from snitem_portal.exceptions import Conflict
from snitem_portal.locking import check_version
from snitem_portal.notifications import notify

from .enums import (
    DEFAULT_PROGRESS,
    STANCES_REQUIRING_ARGUMENT,
    ActionStatus,
    ArgumentsShown,
    PositionStatus,
    Stance,
)
from .models import Action, Consultation, Position, TimelineEntry
from .permissions import can_follow_actions, can_open_consultation, can_submit_position, can_update_action
from .selectors import is_invited

# Actions ------------------------------------------------------------------------------------


@transaction.atomic
def add_timeline_entry(
    *,
    action: Action,
    by,
    text: str,
    link: str = "",
    date: datetime | None = None,
    status: str = "",
    progress: int | None = None,
) -> TimelineEntry:
    """Record a dated update of an action; a new status or progress is applied to the action.

    Without an explicit progress, a status change applies that status's default progress.
    Side effects: history rows; on a status change, emails every follower (on commit).
    """
    if not can_update_action(by):
        raise PermissionDenied(_("Seule l'équipe du Snitem met à jour les actions."))
    if not text.strip():
        raise ValidationError({"text": _("Décrivez la mise à jour.")})
    if status and status not in ActionStatus.values:
        raise ValidationError({"status": _("Statut inconnu.")})
    if progress is not None and not 0 <= progress <= 100:
        raise ValidationError({"progress": _("L'avancement est un pourcentage entre 0 et 100.")})
    action = Action.objects.select_for_update().get(pk=action.pk)
    previous_status = action.status
    status_changed = bool(status) and status != previous_status
    if status_changed:
        action.status = status
        if progress is None:
            default = DEFAULT_PROGRESS[ActionStatus(status)]
            progress = default if default is not None else action.progress
    if progress is not None:
        action.progress = progress
    action.updated_at = timezone.now()
    action._history_user = by
    action.save(update_fields=["status", "progress", "updated_at"])
    entry = TimelineEntry(
        action=action,
        date=date or timezone.now(),
        text=text.strip(),
        link=link,
        author=by,
        status=status if status_changed else "",
        progress=progress,
    )
    entry._history_user = by
    entry.save()
    if status_changed:
        notify(
            template="roadmap/email/action_status_changed",
            recipients=action.followers.filter(is_active=True),
            context={
                "action": action,
                "entry": entry,
                "previous_status": ActionStatus(previous_status),
                "new_status": ActionStatus(action.status),
            },
        )
    return entry


def follow_action(*, action: Action, user) -> None:
    """Follow an action: the user is emailed on its status changes. Idempotent."""
    if not can_follow_actions(user):
        raise PermissionDenied(_("Réservé aux membres d'une entreprise adhérente."))
    action.followers.add(user)


def unfollow_action(*, action: Action, user) -> None:
    action.followers.remove(user)


# Consultations -----------------------------------------------------------------------------


@transaction.atomic
def open_consultation(
    *,
    action: Action,
    group,
    question: str,
    opens_at: datetime,
    closes_at: datetime,
    by,
    arguments_shown: str = ArgumentsShown.AFTER_CLOSING,
) -> Consultation:
    """Open a consultation on one action, for one group's companies (or all when ``group`` is None).

    ``arguments_shown``: whether the companies consulted read each other's shared arguments only
    after the closing (the default) or live. Staff may consult any audience; a group chair only
    their own group. Side effects: history row.
    """
    if not can_open_consultation(by, group):
        raise PermissionDenied(
            _("Seuls l'équipe du Snitem et la présidence du groupe peuvent ouvrir une consultation.")
        )
    errors = {}
    if not question.strip():
        errors["question"] = _("Posez la question soumise aux entreprises.")
    if closes_at <= opens_at:
        errors["closes_at"] = _("La clôture doit suivre l'ouverture.")
    elif closes_at <= timezone.now():
        errors["closes_at"] = _("La clôture doit être dans le futur.")
    if group is not None and not group.is_active:
        errors["group"] = _("Ce groupe est archivé.")
    if arguments_shown not in ArgumentsShown.values:
        errors["arguments_shown"] = _("Choix inconnu.")
    if errors:
        raise ValidationError(errors)
    consultation = Consultation(
        action=action,
        group=group,
        question=question.strip(),
        opens_at=opens_at,
        closes_at=closes_at,
        arguments_shown=arguments_shown,
        created_by=by,
    )
    consultation._history_user = by
    consultation.save()
    return consultation


# Positions ---------------------------------------------------------------------------------


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


@transaction.atomic
def create_position(
    *, consultation: Consultation, by, stance: str, argument: str = "", shared: bool = False
) -> Position:
    """Create the company's position in a consultation, as a draft (any member, while it is open).

    Raises Conflict when the company already has one (edit it instead). Side effects: history row.
    """
    argument = argument.strip()
    consultation, company = _writable_consultation(consultation=consultation, by=by, stance=stance, argument=argument)
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
    return position


@transaction.atomic
def update_position(
    *, consultation: Consultation, by, stance: str, argument: str = "", shared: bool = False, version
) -> Position:
    """Edit the company's position in a consultation (any member, while it is open).

    The edit must carry the version it was made from: a stale one raises ``Conflict`` and changes
    nothing. A draft is edited in place. A submitted position stays the company's answer (the
    synthesis counts it) until a referent submits a new one: the edit becomes its pending revision,
    and an edit back to the submitted text drops the revision. Side effects: version + 1; history
    row; when a revision starts, the company's referents (but its author) are emailed, on commit, that
    it awaits their sign-off.
    """
    argument = argument.strip()
    consultation, company = _writable_consultation(consultation=consultation, by=by, stance=stance, argument=argument)
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
    revision_started = False
    if not position.is_submitted:
        position.stance, position.argument, position.shared = stance, argument, shared
    elif (stance, argument, shared) == (position.stance, position.argument, position.shared):
        _set_revision(position, stance="", argument="", shared=False)
    else:
        revision_started = not position.has_pending_revision
        _set_revision(position, stance=stance, argument=argument, shared=shared)
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

    Raises ValidationError without a version, Conflict on a stale one or when there is nothing new
    to submit. Side effects: submitted_at/submitted_by set; history row."""
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
    position.stance, position.argument, position.shared = values["stance"], values["argument"], values["shared"]
    _set_revision(position, stance="", argument="", shared=False)
    position.status = PositionStatus.SUBMITTED
    position.submitted_at, position.submitted_by = timezone.now(), by
    position._history_user = by
    position.save()
    return position
