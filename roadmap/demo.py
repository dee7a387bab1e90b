"""Demo consultations and positions in every state, in proportion to the demo's companies."""

import io
import json
from datetime import timedelta

from django.conf import settings
from simple_history.utils import bulk_create_with_history

from groups.enums import MembershipStatus
from groups.models import WorkingGroup
from snitem_portal.caching import bump
from snitem_portal.demo import Demo

from . import reference
from .enums import (
    DEFAULT_PROGRESS,
    STANCES_REQUIRING_ARGUMENT,
    ActionStatus,
    PositionStatus,
    QuestionKind,
    Stance,
)
from .models import Action, Answer, Consultation, Position, Question, TimelineEntry
from .selectors import audience_companies

DEMO_MARK = "(donnée de démonstration)"

ARGUMENTS = {
    Stance.SUPPORT: "Cette action répond aux besoins de nos utilisateurs.",
    Stance.SUPPORT_WITH_RESERVATIONS: ("Favorable, sous réserve d'un calendrier compatible avec le marquage CE."),
    Stance.OPPOSE: "Le calendrier proposé est incompatible avec les cycles de développement des DM.",
    Stance.ABSTAIN: "",
}


# The questionnaire of the demo's questionnaire consultations: (kind, label, choices, required).
QUESTIONS = [
    (
        QuestionKind.SINGLE,
        "Votre entreprise est-elle prête à appliquer cette action dans l'année ?",
        ["Oui", "En partie", "Non"],
        True,
    ),
    (
        QuestionKind.MULTIPLE,
        "Quels sont les principaux freins ?",
        ["Coût", "Calendrier", "Interopérabilité", "Compétences"],
        False,
    ),
    (QuestionKind.SCALE, "Importance de cette action pour votre entreprise (1 : faible, 5 : majeure)", [], True),
    (QuestionKind.TEXT, "Un exemple concret de votre expérience ?", [], False),
]
TEXT_ANSWERS = [
    "Nous avons mené un pilote avec deux établissements en 2024.",
    "Le référentiel d'interopérabilité a doublé nos délais de mise sur le marché.",
    "",
]


def _ensure_roadmap() -> list[Action]:
    actions = list(Action.objects.order_by("roadmap__position", "number"))
    if actions:
        return actions
    with open(settings.REFERENCE_FACTS_PATH, encoding="utf-8") as handle:
        reference.load(facts=json.load(handle), stdout=io.StringIO())
    return list(Action.objects.order_by("roadmap__position", "number"))


def _demo_group():
    """A working group with active members, if the groups' demo made one."""
    return (
        WorkingGroup.objects.filter(is_active=True, memberships__status=MembershipStatus.ACTIVE)
        .order_by("position", "pk")
        .first()
    )


def _positions(*, demo: Demo, consultation: Consultation, company_ids: list[int]) -> list:
    """Positions in every state: 40 % submitted and shared, 10 % submitted unshared, 20 % drafts
    (left locked as drafts once the consultation closed), 30 % no record."""
    by_company = {company.pk: index for index, company in enumerate(demo.companies)}
    positions = []
    stances = Stance.values
    for rank, company_id in enumerate(company_ids):
        slot = rank % 10
        if slot >= 7:
            continue
        stance = demo.rng.choice(stances)
        index = by_company.get(company_id, 0)
        author = demo.members[index] if index < len(demo.members) else demo.staff
        referent = demo.referents[index] if index < len(demo.referents) else demo.staff
        submitted = slot <= 4
        moment = consultation.opens_at + timedelta(days=1 + slot)
        positions.append(
            Position(
                consultation=consultation,
                company_id=company_id,
                stance=stance,
                argument=ARGUMENTS[stance] or ("" if stance not in STANCES_REQUIRING_ARGUMENT else "—"),
                shared=slot <= 3,
                status=PositionStatus.SUBMITTED if submitted else PositionStatus.DRAFT,
                version=1 + slot % 3,
                created_at=moment,
                updated_at=moment,
                updated_by=author,
                submitted_at=moment + timedelta(hours=2) if submitted else None,
                submitted_by=referent if submitted else None,
            )
        )
    return positions


def seed(*, demo: Demo) -> None:
    actions = _ensure_roadmap()
    if not actions:
        return
    now = demo.now
    group = _demo_group()
    # Roadmap follow-up: a few updates and followers.
    for action, status in zip(
        actions[:4],
        [ActionStatus.IN_PROGRESS, ActionStatus.DEPLOYING, ActionStatus.DONE, ActionStatus.IN_PROGRESS],
        strict=False,
    ):
        TimelineEntry.objects.create(
            action=action,
            date=now - timedelta(days=10),
            text=f"Point d'avancement {DEMO_MARK}.",
            author=demo.staff,
            status=status,
        )
        Action.objects.filter(pk=action.pk).update(
            status=status,
            progress=DEFAULT_PROGRESS[status],
            updated_at=now - timedelta(days=10),
        )
    bump("roadmap")  # a queryset update sends no signal: the cached roadmap must not keep the old progress
    Follow = Action.followers.through
    Follow.objects.bulk_create(
        [
            Follow(action_id=actions[index % len(actions)].pk, user_id=member.pk)
            for index, member in enumerate(demo.members)
        ]
        + [Follow(action_id=actions[0].pk, user_id=referent.pk) for referent in demo.referents[::5]],
        ignore_conflicts=True,
    )
    # Consultations: per unit of scale, two open and two closed ones.
    plans = []
    for unit in range(demo.scale):
        action = actions[unit % len(actions)]
        other = actions[(unit + 1) % len(actions)]
        plans += [
            (action, None, now - timedelta(days=7), now + timedelta(days=14)),
            (other, group, now - timedelta(days=3), now + timedelta(days=3)),
            (other, None, now - timedelta(days=90), now - timedelta(days=60)),
            (action, group, now - timedelta(days=45), now - timedelta(days=20)),
        ]
    consultations = Consultation.objects.bulk_create(
        Consultation(
            action=action,
            group=audience_group,
            question=(
                f"Quelle est la position de votre entreprise sur l'action {action.number} "
                f"« {action.title} » ? {DEMO_MARK}"
            ),
            opens_at=opens_at,
            closes_at=closes_at,
            created_by=demo.staff,
            created_at=opens_at,
        )
        for action, audience_group, opens_at, closes_at in plans
    )
    all_ids = [company.pk for company in demo.companies]
    positions = []
    for consultation in consultations:
        company_ids = (
            all_ids
            if consultation.group_id is None
            else list(audience_companies(consultation).order_by("pk").values_list("pk", flat=True))
        )
        positions += _positions(demo=demo, consultation=consultation, company_ids=company_ids)
    bulk_create_with_history(positions, Position, batch_size=1000, default_user=demo.staff)
    _seed_questionnaires(demo=demo, actions=actions)


def _answer(demo: Demo, question: Question):
    """A plausible answer to ``question`` (None: left unanswered)."""
    rng = demo.rng
    if not question.required and rng.random() < 0.25:
        return None
    if question.kind == QuestionKind.SINGLE:
        return rng.choice(question.choices)
    if question.kind == QuestionKind.MULTIPLE:
        return [choice for choice in question.choices if rng.random() < 0.5] or [question.choices[0]]
    if question.kind == QuestionKind.SCALE:
        return rng.randint(1, 5)
    return rng.choice(TEXT_ANSWERS) or None


def _seed_questionnaires(*, demo: Demo, actions: list[Action]) -> None:
    """Per unit of scale, an open consultation of every member company with four questions, answered in
    every state: drafts, submitted positions and submitted positions with a pending revision."""
    now = demo.now
    consultations = Consultation.objects.bulk_create(
        Consultation(
            action=actions[(unit + 2) % len(actions)],
            question=f"Questionnaire : comment votre entreprise aborde-t-elle cette action ? {DEMO_MARK}",
            opens_at=now - timedelta(days=5),
            closes_at=now + timedelta(days=10),
            created_by=demo.staff,
            created_at=now - timedelta(days=5),
        )
        for unit in range(demo.scale)
    )
    questions = Question.objects.bulk_create(
        Question(consultation=consultation, position=index, kind=kind, label=label, choices=choices, required=req)
        for consultation in consultations
        for index, (kind, label, choices, req) in enumerate(QUESTIONS)
    )
    by_consultation: dict[int, list[Question]] = {}
    for question in questions:
        by_consultation.setdefault(question.consultation_id, []).append(question)
    all_ids = [company.pk for company in demo.companies]
    positions = []
    for consultation in consultations:
        positions += _positions(demo=demo, consultation=consultation, company_ids=all_ids)
    bulk_create_with_history(positions, Position, batch_size=1000, default_user=demo.staff)
    created = Position.objects.filter(consultation__in=consultations).order_by("consultation_id", "company_id")
    answers, revised = [], []
    for rank, position in enumerate(created):
        # One submitted position in five also carries a pending revision (answers included).
        revision = position.status == PositionStatus.SUBMITTED and rank % 5 == 0
        if revision:
            revised.append(position.pk)
        for question in by_consultation[position.consultation_id]:
            value = _answer(demo, question)
            revision_value = _answer(demo, question) if revision else None
            if value is not None or revision_value is not None:
                answers.append(Answer(position=position, question=question, value=value, revision_value=revision_value))
    Position.objects.filter(pk__in=revised).update(
        revision_stance=Stance.SUPPORT_WITH_RESERVATIONS,
        revision_argument=ARGUMENTS[Stance.SUPPORT_WITH_RESERVATIONS],
        revision_shared=True,
    )
    bulk_create_with_history(answers, Answer, batch_size=1000, default_user=demo.staff)
