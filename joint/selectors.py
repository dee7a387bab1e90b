"""Who sees which joint positions, and the association's line over an action's consultations."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from groups.selectors import chaired_groups
from roadmap.enums import PositionStatus, Stance
from roadmap.models import Position
from roadmap.selectors import consultations_on_action, consultations_visible_to, stance_counts
from snitem_portal.users.permissions import is_staff

from .models import JointPosition, JointStatus

AUDIENCE_STATUSES = (JointStatus.CIRCULATED, JointStatus.VALIDATED, JointStatus.PUBLISHED)


def joint_positions_visible_to(user) -> QuerySet[JointPosition]:
    """Staff: all. Chairs of a consultation's group: that one in every state. The consultation's
    audience (who may open it): from circulation on. Anyone: the published public ones."""
    base = JointPosition.objects.select_related("consultation", "consultation__action", "consultation__group")
    if user.is_authenticated and is_staff(user):
        return base
    seen = Q(status=JointStatus.PUBLISHED, public=True)
    if user.is_authenticated:
        seen |= Q(status__in=AUDIENCE_STATUSES, consultation__in=consultations_visible_to(user).values("pk"))
        seen |= Q(consultation__group__in=chaired_groups(user).values("pk"))
    return base.filter(seen)


def quotable_positions(consultation) -> QuerySet[Position]:
    """What a joint position may quote: the consultation's submitted positions their company shared."""
    return (
        Position.objects.filter(consultation=consultation, status=PositionStatus.SUBMITTED, shared=True)
        .exclude(argument="")
        .select_related("company")
        .order_by("company__name")
    )


def quotes_of(joint: JointPosition) -> list[Position]:
    """The quoted positions, by company name (prefetch ``quotes__company`` to read them in one query)."""
    return sorted(joint.quotes.all(), key=lambda position: (position.company.name, position.pk))


@dataclass
class LineEntry:
    consultation: object
    counts: list[tuple[str, int | None]] | None  # (stance label, count or None when masked); None: not opened
    joint: JointPosition | None  # its published joint position, when the viewer may read it


def line_of(action, viewer) -> list[LineEntry]:
    """Consultation after consultation (oldest first), the stance counts and the published joint position.

    The same number of queries whatever the number of consultations: the joint positions and their
    quotes, the consultations the viewer may open, and their counts (``stance_counts``)."""
    published = {
        joint.consultation_id: joint
        for joint in joint_positions_visible_to(viewer)
        .filter(consultation__action=action, status=JointStatus.PUBLISHED)
        .prefetch_related("quotes__company")
    }
    consultations = list(consultations_on_action(viewer, action))  # the action page's own rows, read once
    counts = stance_counts(consultations, viewer=viewer)
    consultations += [joint.consultation for pk, joint in published.items() if pk not in counts]
    return [
        LineEntry(
            consultation=consultation,
            counts=[(Stance(stance).label, count) for stance, count in counts[consultation.pk].items()]
            if consultation.pk in counts
            else None,
            joint=published.get(consultation.pk),
        )
        for consultation in sorted(consultations, key=lambda consultation: (consultation.closes_at, consultation.pk))
    ]
