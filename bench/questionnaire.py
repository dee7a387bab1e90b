"""Benchmark data: an open consultation of every member company with five questions (single,
multiple, two scales, text), answered in the positions the way the demo makes them (40 % submitted
and shared, 10 % submitted unshared, 20 % drafts). Used by bench/pages.py."""

import random
from datetime import timedelta

STAFF = "staff@demo.example"
QUESTIONS = [
    ("single", "Votre entreprise est-elle prête ?", ["Oui", "En partie", "Non"]),
    ("multiple", "Principaux freins", ["Coût", "Calendrier", "Interopérabilité", "Compétences"]),
    ("scale", "Importance de l'action", []),
    ("scale", "Maturité de votre entreprise sur le sujet", []),
    ("text", "Un exemple concret ?", []),
]


def questionnaire_consultation():
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from groups.models import Company
    from roadmap.enums import PositionStatus, Stance
    from roadmap.models import Action, Answer, Position
    from roadmap.services import add_question, open_consultation
    from snitem_portal.users.models import User

    now = timezone.now()
    staff = User.objects.get(email=STAFF)
    consultation = open_consultation(
        action=Action.objects.order_by("pk").first(),
        group=None,
        question="Questionnaire du banc d'essai : comment votre entreprise aborde-t-elle cette action ?",
        opens_at=now - timedelta(days=7),
        closes_at=now + timedelta(days=14),
        by=staff,
    )
    questions = [
        add_question(consultation=consultation, by=staff, kind=kind, label=label, choices=choices, required=True)
        for kind, label, choices in QUESTIONS
    ]
    rng = random.Random(2026)  # noqa: S311 (reproducible data, not security)
    positions = []
    for rank, company_id in enumerate(Company.objects.order_by("pk").values_list("pk", flat=True)):
        slot = rank % 10
        if slot >= 7:
            continue
        submitted = slot <= 4
        positions.append(
            Position(
                consultation=consultation,
                company_id=company_id,
                stance=rng.choice([Stance.SUPPORT, Stance.ABSTAIN]),
                shared=slot <= 3,
                status=PositionStatus.SUBMITTED if submitted else PositionStatus.DRAFT,
                submitted_at=now - timedelta(days=1) if submitted else None,
                submitted_by=staff if submitted else None,
            )
        )
    bulk_create_with_history(positions, Position, batch_size=1000, default_user=staff)

    def value(question):
        if question.kind == "single":
            return rng.choice(question.choices)
        if question.kind == "multiple":
            return [choice for choice in question.choices if rng.random() < 0.5] or [question.choices[0]]
        if question.kind == "scale":
            return rng.randint(1, 5)
        return "Un pilote mené avec deux établissements."

    answers = [
        Answer(position=position, question=question, value=value(question))
        for position in Position.objects.filter(consultation=consultation)
        for question in questions
    ]
    bulk_create_with_history(answers, Answer, batch_size=2000, default_user=staff)
    return consultation, len(questions), len(answers)
