"""Demo joint positions (``DEMO_SEEDERS``, after roadmap's): the association's line on closed
consultations, in every state.

Per unit of ``--scale``, five closed consultations each get one: a draft, one in review
(circulated), one validated, one published for everyone and one published for the member companies
only. Roadmap's demo closes two consultations per unit; the others are added here, with positions
by roadmap's demo rule. The text and its quotes are written through ``save_joint_position`` (so
only submitted, shared arguments of the consultation are quoted); the later states are then set on
the row as ``circulate``, ``validate`` and ``publish`` set them, without their notices: demo data
tell no one (no email, no notification, no webhook).
"""

from datetime import timedelta

from simple_history.utils import bulk_create_with_history

from groups.models import Membership
from roadmap.demo import DEMO_MARK
from roadmap.demo import _positions as demo_positions
from roadmap.models import Action, Consultation, Position
from snitem_portal.demo import Demo

from .models import JointPosition, JointStatus
from .selectors import quotable_positions
from .services import save_joint_position

QUOTES = 3  # arguments quoted by each demo joint position
# (status, public) of the joint positions made per unit of scale.
STATES = [
    (JointStatus.DRAFT, False),
    (JointStatus.CIRCULATED, False),
    (JointStatus.VALIDATED, True),
    (JointStatus.PUBLISHED, True),
    (JointStatus.PUBLISHED, False),
]
TEXT = """## La position de la filière

La filière **soutient** l'orientation de cette action, sous trois conditions :

- un calendrier compatible avec le marquage CE des dispositifs ;
- des exigences d'interopérabilité publiées avant leur entrée en vigueur ;
- un accompagnement des PME, qui forment l'essentiel de nos adhérents.

Les arguments cités ci-dessous sont ceux que les entreprises ont choisi de partager. {mark}
"""
ORDER = [JointStatus.DRAFT, JointStatus.CIRCULATED, JointStatus.VALIDATED, JointStatus.PUBLISHED]


def seed(*, demo: Demo) -> None:
    consultations = _closed_consultations(demo, count=len(STATES) * demo.scale)
    for rank, consultation in enumerate(consultations):
        status, public = STATES[rank % len(STATES)]
        author = _drafter(consultation, demo)
        quotes = list(quotable_positions(consultation).values_list("pk", flat=True)[:QUOTES])
        joint = save_joint_position(
            consultation=consultation, by=author, text=TEXT.format(mark=DEMO_MARK), quotes=quotes, public=public
        )
        _advance(joint, to=status, author=author, demo=demo)


def _closed_consultations(demo: Demo, *, count: int) -> list[Consultation]:
    """``count`` closed demo consultations without a joint position, roadmap's first, then new ones."""
    closed = list(
        Consultation.objects.filter(
            closes_at__lte=demo.now, question__endswith=DEMO_MARK, joint_position__isnull=True
        ).order_by("closes_at", "pk")[:count]
    )
    missing = count - len(closed)
    actions = list(Action.objects.order_by("roadmap__position", "number")[: max(missing, 1)])
    if missing <= 0 or not actions:
        return closed
    added = Consultation.objects.bulk_create(
        Consultation(
            action=actions[index % len(actions)],
            question=(
                f"Quelle est la position de votre entreprise sur l'action {actions[index % len(actions)].number} "
                f"« {actions[index % len(actions)].title} » ? {DEMO_MARK}"
            ),
            opens_at=demo.now - timedelta(days=120 + index),
            closes_at=demo.now - timedelta(days=30 + index),
            created_by=demo.staff,
            created_at=demo.now - timedelta(days=120 + index),
        )
        for index in range(missing)
    )
    company_ids = [company.pk for company in demo.companies]
    positions = []
    for consultation in added:
        positions += demo_positions(demo=demo, consultation=consultation, company_ids=company_ids)
    bulk_create_with_history(positions, Position, batch_size=1000, default_user=demo.staff)
    return closed + added


def _drafter(consultation: Consultation, demo: Demo):
    """The chair of the consultation's group when it has one, else the Snitem team."""
    chair = (
        Membership.objects.chairs().filter(group_id=consultation.group_id).select_related("user").order_by("pk").first()
        if consultation.group_id
        else None
    )
    return chair.user if chair else demo.staff


def _advance(joint: JointPosition, *, to: str, author, demo: Demo) -> None:
    """Move ``joint`` on to ``to`` as the services would (stamps, version, history), telling no one."""
    steps = ORDER[1 : ORDER.index(to) + 1]
    for days, step in zip((12, 8, 5), steps, strict=False):
        at = demo.now - timedelta(days=days)
        joint.status, joint.version = step, joint.version + 1
        if step == JointStatus.CIRCULATED:
            joint.circulated_at, joint._history_user = at, author
        elif step == JointStatus.VALIDATED:
            joint.validated_at, joint.validated_by, joint._history_user = at, demo.staff, demo.staff
        else:
            joint.published_at, joint._history_user = at, demo.staff
        joint.save()
