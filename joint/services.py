"""What changes a joint position: writing it, then circulate → validate → publish."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.selectors import people_of
from roadmap.selectors import audience_companies
from snitem_portal.exceptions import Conflict
from snitem_portal.locking import check_version
from snitem_portal.notifications import notify
from webhooks import services as webhooks

from .models import LONG_TEXT, JointPosition, JointStatus
from .permissions import can_draft, can_edit, can_validate, is_closed
from .selectors import quotable_positions

STALE = _("La position commune a été modifiée entre-temps : relisez-la avant de l'enregistrer.")


@transaction.atomic
def save_joint_position(*, consultation, by, text: str, quotes: list[int], public: bool, version=None) -> JointPosition:
    """Write (the first time) or rewrite the joint position of a closed ``consultation``.

    Drafters only (chairs of the consultation's group, staff), until staff validate it. ``quotes`` are
    ids of the consultation's submitted, shared positions (anything else is refused, naming none);
    a rewrite needs the ``version`` read (Conflict when stale). Side effects: history row."""
    if not can_draft(by, consultation):
        raise PermissionDenied(
            _("Seule la présidence du groupe consulté ou l'équipe du Snitem rédige la position commune.")
        )
    if not is_closed(consultation):
        raise Conflict(_("La position commune se rédige une fois la consultation close."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Écrivez le texte de la position commune.")})
    if len(text) > LONG_TEXT:
        raise ValidationError({"text": _("Le texte ne peut dépasser %(max)d caractères.") % {"max": LONG_TEXT}})
    wanted = set(quotes)
    allowed = list(quotable_positions(consultation).filter(pk__in=wanted))
    if len(allowed) != len(wanted):
        raise ValidationError(
            {
                "quotes": _(
                    "Seuls les arguments partagés des positions soumises à cette consultation peuvent être cités."
                )
            }
        )
    joint = JointPosition.objects.select_for_update().filter(consultation=consultation).first()
    if joint is None:
        joint = JointPosition(consultation=consultation, created_by=by)
    else:
        if not can_edit(by, joint):
            raise Conflict(_("Une position commune validée ne se modifie plus."))
        check_version(joint, version, missing=_("La version lue est obligatoire."), stale=STALE)
        joint.version += 1
    joint.text, joint.public = text, bool(public)
    joint._history_user = by
    joint.save()
    joint.quotes.set(allowed)
    return joint


def _lock(joint, version) -> JointPosition:
    joint = JointPosition.objects.select_for_update().select_related("consultation").get(pk=joint.pk)
    if version is not None:
        check_version(joint, version, missing="", stale=STALE)
    return joint


def _move(joint, *, to: str, frm: str, by, **stamps) -> JointPosition:
    if joint.status != frm:
        raise Conflict(
            _("Impossible : la position commune est « %(status)s ».") % {"status": joint.get_status_display()}
        )
    joint.status, joint.version = to, joint.version + 1
    for name, value in stamps.items():
        setattr(joint, name, value)
    joint._history_user = by
    joint.save()
    return joint


def _audience(consultation):
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(Q(pk__in=people_of(audience_companies(consultation)).values("pk")) | Q(is_staff=True))


@transaction.atomic
def circulate(*, joint, by, version=None) -> JointPosition:
    """Draft → circulated (drafters): the consultation's audience reads and comments it; they are told."""
    if not can_draft(by, joint.consultation):
        raise PermissionDenied(
            _("Seule la présidence du groupe consulté ou l'équipe du Snitem met la position en relecture.")
        )
    joint = _move(
        _lock(joint, version), to=JointStatus.CIRCULATED, frm=JointStatus.DRAFT, by=by, circulated_at=timezone.now()
    )
    notify(
        template="joint/email/circulated",
        recipients=_audience(joint.consultation).exclude(pk=by.pk),
        context={"joint": joint},
    )
    return joint


@transaction.atomic
def validate(*, joint, by, version=None) -> JointPosition:
    """Circulated → validated (staff): the text is frozen."""
    if not can_validate(by):
        raise PermissionDenied(_("Seule l'équipe du Snitem valide une position commune."))
    return _move(
        _lock(joint, version),
        to=JointStatus.VALIDATED,
        frm=JointStatus.CIRCULATED,
        by=by,
        validated_at=timezone.now(),
        validated_by=by,
    )


@transaction.atomic
def publish(*, joint, by, version=None) -> JointPosition:
    """Validated → published (staff): shown on the action's page (and the public roadmap when public);
    the audience is told; webhook ``joint_position.published``."""
    if not can_validate(by):
        raise PermissionDenied(_("Seule l'équipe du Snitem publie une position commune."))
    joint = _move(
        _lock(joint, version), to=JointStatus.PUBLISHED, frm=JointStatus.VALIDATED, by=by, published_at=timezone.now()
    )
    notify(template="joint/email/published", recipients=_audience(joint.consultation), context={"joint": joint})
    webhooks.emit("joint_position.published", joint)
    return joint
