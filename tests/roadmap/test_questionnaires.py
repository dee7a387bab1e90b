"""Questionnaires: questions written by staff and the group's chairs until the first answer; answers
part of the position (draft, version, revision, sign-off with required answers, lock at closing)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from roadmap import services
from roadmap.enums import PositionStatus, QuestionKind, Stance
from roadmap.models import Answer, Consultation, Position, Question
from snitem_portal.exceptions import Conflict
from tests.factories import CompanyFactory, member_of, referent_of
from tests.groups.factories import WorkingGroupFactory, active_in, chair_of

from .factories import ConsultationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions(consultation, staff):
    """Four questions, one of each kind; the single choice and the scale are required."""
    return [
        services.add_question(
            consultation=consultation,
            by=staff,
            kind=QuestionKind.SINGLE,
            label="Prête ?",
            choices=["Oui", "Non"],
            required=True,
        ),
        services.add_question(
            consultation=consultation,
            by=staff,
            kind=QuestionKind.MULTIPLE,
            label="Freins",
            choices=["Coût", "Délai", "Normes"],
        ),
        services.add_question(
            consultation=consultation, by=staff, kind=QuestionKind.SCALE, label="Importance", required=True
        ),
        services.add_question(consultation=consultation, by=staff, kind=QuestionKind.TEXT, label="Exemple"),
    ]


def _answers(questions, **values):
    single, multiple, scale, text = questions
    base = {single.pk: "Oui", multiple.pk: ["Délai", "Coût"], scale.pk: 4, text.pk: "Un pilote en 2024"}
    return {str(key): value for key, value in {**base, **values}.items()}


def _stored(position, field="value"):
    return dict(Answer.objects.filter(position=position).values_list("question_id", field))


# Questions ------------------------------------------------------------------------------------------


def test_questions_keep_their_order_and_clean_choices(questions, consultation):
    assert list(consultation.questions.values_list("label", "position")) == [
        ("Prête ?", 0),
        ("Freins", 1),
        ("Importance", 2),
        ("Exemple", 3),
    ]
    assert Question.history.count() == 4


@pytest.mark.parametrize(
    ("kind", "choices", "field"),
    [
        (QuestionKind.SINGLE, ["Seul"], "choices"),
        (QuestionKind.MULTIPLE, ["A", "A"], "choices"),
        (QuestionKind.SCALE, ["1", "2"], "choices"),
        ("sondage", [], "kind"),
    ],
)
def test_a_malformed_question_is_refused(consultation, staff, kind, choices, field):
    with pytest.raises(ValidationError) as refused:
        services.add_question(consultation=consultation, by=staff, kind=kind, label="Q", choices=choices)

    assert list(refused.value.message_dict) == [field]
    assert not consultation.questions.exists()


def test_a_group_chair_writes_questions_of_their_group_only(consultation, company, staff):
    group = WorkingGroupFactory()
    chair = member_of(company)
    chair_of(group, chair)
    own = ConsultationFactory(group=group)

    services.add_question(consultation=own, by=chair, kind=QuestionKind.TEXT, label="Avis")
    with pytest.raises(PermissionDenied):
        services.add_question(consultation=consultation, by=chair, kind=QuestionKind.TEXT, label="Avis")

    assert own.questions.count() == 1
    assert not consultation.questions.exists()


def test_a_member_cannot_add_a_question(consultation, member):
    with pytest.raises(PermissionDenied):
        services.add_question(consultation=consultation, by=member, kind=QuestionKind.TEXT, label="Avis")

    assert not consultation.questions.exists()


def test_after_the_first_answer_choices_are_frozen_and_no_question_is_added(questions, consultation, member, staff):
    single = questions[0]
    services.create_position(consultation=consultation, by=member, stance=Stance.SUPPORT, answers=_answers(questions))

    with pytest.raises(Conflict):
        services.update_question(
            question=single, by=staff, kind=single.kind, label="Prête ?", choices=["Oui", "Peut-être"]
        )
    with pytest.raises(Conflict):
        services.add_question(consultation=consultation, by=staff, kind=QuestionKind.TEXT, label="Encore")
    with pytest.raises(Conflict):
        services.delete_question(question=questions[3], by=staff)
    services.update_question(
        question=single, by=staff, kind=single.kind, label="Prête ? (corrigé)", choices=["Oui", "Non"]
    )

    single.refresh_from_db()
    assert (single.label, single.choices) == ("Prête ? (corrigé)", ["Oui", "Non"])
    assert consultation.questions.count() == 4


def test_questions_of_a_closed_consultation_do_not_change(closed_consultation, staff):
    with pytest.raises(ValidationError):
        services.add_question(consultation=closed_consultation, by=staff, kind=QuestionKind.TEXT, label="Avis")

    assert not closed_consultation.questions.exists()


# Answers ---------------------------------------------------------------------------------------------


def test_answers_are_stored_cleaned_with_the_draft(questions, consultation, member):
    single, multiple, scale, text = questions

    position = services.create_position(
        consultation=consultation, by=member, stance=Stance.SUPPORT, answers=_answers(questions, **{str(text.pk): "  "})
    )

    # Multiple choices come back in the question's order; an empty text is no answer.
    assert _stored(position) == {single.pk: "Oui", multiple.pk: ["Coût", "Délai"], scale.pk: 4}


@pytest.mark.parametrize(
    ("index", "value", "problem"),
    [
        (0, "Peut-être", "choisissez l'un des choix proposés"),
        (1, ["Coût", "Coût"], "chaque choix ne compte qu'une fois"),
        (1, "Coût", "donnez une liste de choix"),
        (2, 6, "de 1 à 5"),
        (2, True, "de 1 à 5"),
        (2, "4", "de 1 à 5"),
        (3, "x" * 2001, "2000 caractères au plus"),
    ],
)
def test_a_wrong_answer_names_its_question_and_changes_nothing(
    questions, consultation, member, position, index, value, problem
):
    with pytest.raises(ValidationError) as refused:
        services.update_position(
            consultation=consultation,
            by=member,
            stance=Stance.OPPOSE,
            argument="Non",
            version=position.version,
            answers={str(questions[index].pk): value},
        )

    [message] = refused.value.message_dict["answers"]
    assert message.startswith(f"« {questions[index].label} » :")
    assert problem in message
    position.refresh_from_db()
    assert (position.stance, position.version, _stored(position)) == (Stance.SUPPORT, 1, {})


def test_an_answer_to_another_consultations_question_is_refused(questions, member, position):
    elsewhere = Question.objects.create(consultation=ConsultationFactory(), kind=QuestionKind.TEXT, label="Ailleurs")

    with pytest.raises(ValidationError) as refused:
        services.update_position(
            consultation=position.consultation,
            by=member,
            stance=Stance.SUPPORT,
            version=1,
            answers={str(elsewhere.pk): "texte"},
        )

    assert "cette consultation ne la pose pas" in refused.value.message_dict["answers"][0]
    assert not Answer.objects.exists()


def test_a_stale_version_is_a_conflict_and_keeps_the_answers(questions, consultation, member):
    position = services.create_position(
        consultation=consultation, by=member, stance=Stance.SUPPORT, answers=_answers(questions)
    )
    services.update_position(
        consultation=consultation, by=member, stance=Stance.SUPPORT, version=1, answers={str(questions[2].pk): 5}
    )

    with pytest.raises(Conflict):
        services.update_position(
            consultation=consultation, by=member, stance=Stance.SUPPORT, version=1, answers={str(questions[2].pk): 1}
        )

    assert _stored(position)[questions[2].pk] == 5
    assert Position.objects.get(pk=position.pk).version == 2


def test_submitting_checks_every_required_answer(questions, consultation, member, referent, position):
    services.update_position(
        consultation=consultation, by=member, stance=Stance.SUPPORT, version=1, answers={str(questions[1].pk): ["Coût"]}
    )

    with pytest.raises(ValidationError) as refused:
        services.submit_position(position=position, by=referent, version=2)

    assert refused.value.message_dict["answers"] == [
        "« Prête ? » : une réponse est obligatoire pour soumettre la position.",
        "« Importance » : une réponse est obligatoire pour soumettre la position.",
    ]
    assert Position.objects.get(pk=position.pk).status == PositionStatus.DRAFT


def test_answers_follow_the_revision_of_a_submitted_position(questions, consultation, member, referent, staff):
    scale = questions[2]
    position = services.create_position(
        consultation=consultation, by=member, stance=Stance.SUPPORT, answers=_answers(questions)
    )
    position = services.submit_position(position=position, by=referent, version=1)

    revised = services.update_position(
        consultation=consultation, by=member, stance=Stance.SUPPORT, version=1, answers={str(scale.pk): 1}
    )

    # Only the answers changed: that is a revision, and the submitted answers still count.
    assert revised.has_pending_revision
    assert _stored(position)[scale.pk] == 4
    assert _stored(position, "revision_value")[scale.pk] == 1

    services.submit_position(position=revised, by=referent, version=revised.version)

    assert _stored(position)[scale.pk] == 1
    assert set(_stored(position, "revision_value").values()) == {None}
    assert Position.objects.get(pk=position.pk).has_pending_revision is False


def test_editing_answers_back_drops_the_revision(questions, consultation, member, referent):
    scale = questions[2]
    position = services.create_position(
        consultation=consultation, by=member, stance=Stance.SUPPORT, answers=_answers(questions)
    )
    services.submit_position(position=position, by=referent, version=1)
    revised = services.update_position(
        consultation=consultation, by=member, stance=Stance.SUPPORT, version=1, answers={str(scale.pk): 1}
    )

    back = services.update_position(
        consultation=consultation, by=member, stance=Stance.SUPPORT, version=revised.version, answers={str(scale.pk): 4}
    )

    assert back.has_pending_revision is False
    assert _stored(position)[scale.pk] == 4


def test_answers_are_locked_at_closing(questions, consultation, member):
    position = services.create_position(
        consultation=consultation, by=member, stance=Stance.SUPPORT, answers=_answers(questions)
    )
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=timezone.now() - timedelta(days=9), closes_at=timezone.now() - timedelta(seconds=1)
    )

    with pytest.raises(ValidationError):
        services.update_position(
            consultation=consultation, by=member, stance=Stance.SUPPORT, version=1, answers={str(questions[2].pk): 1}
        )

    assert _stored(position)[questions[2].pk] == 4


def test_answer_changes_are_in_the_history(questions, consultation, member):
    position = services.create_position(
        consultation=consultation, by=member, stance=Stance.SUPPORT, answers=_answers(questions)
    )
    services.update_position(
        consultation=consultation, by=member, stance=Stance.SUPPORT, version=1, answers={str(questions[2].pk): 2}
    )

    scale_history = Answer.history.filter(position_id=position.pk, question_id=questions[2].pk).order_by("history_date")
    assert [row.value for row in scale_history] == [4, 2]
    assert {row.history_user for row in scale_history} == {member}


def test_a_company_invited_in_a_group_answers_only_its_own_position(questions, consultation, member, other_company):
    mine = services.create_position(
        consultation=consultation, by=member, stance=Stance.SUPPORT, answers=_answers(questions)
    )
    theirs = services.create_position(
        consultation=consultation, by=member_of(other_company), stance=Stance.SUPPORT, answers=_answers(questions)
    )

    services.update_position(
        consultation=consultation, by=member, stance=Stance.SUPPORT, version=1, answers={str(questions[2].pk): 1}
    )

    assert _stored(mine)[questions[2].pk] == 1
    assert _stored(theirs)[questions[2].pk] == 4


def test_opening_a_consultation_with_questions(action, staff):
    now = timezone.now()

    consultation = services.open_consultation(
        action=action,
        group=None,
        question="Votre avis ?",
        opens_at=now,
        closes_at=now + timedelta(days=3),
        by=staff,
        questions=[
            {"kind": "scale", "label": "Importance"},
            {"kind": "single", "label": "Oui ?", "choices": ["Oui", "Non"]},
        ],
    )

    assert list(consultation.questions.values_list("kind", "label")) == [("scale", "Importance"), ("single", "Oui ?")]


def test_opening_with_a_malformed_question_says_which_and_creates_nothing(action, staff):
    now = timezone.now()

    with pytest.raises(ValidationError) as refused:
        services.open_consultation(
            action=action,
            group=None,
            question="Votre avis ?",
            opens_at=now,
            closes_at=now + timedelta(days=3),
            by=staff,
            questions=[
                {"kind": "scale", "label": "Importance"},
                {"kind": "single", "label": "Oui ?", "choices": ["Oui"]},
            ],
        )

    assert refused.value.message_dict["questions"] == ["Question 2 : Proposez au moins deux choix."]
    assert not Consultation.objects.exists()


def test_chairs_of_another_group_are_refused(company, staff):
    group, other = WorkingGroupFactory(), WorkingGroupFactory()
    chair = referent_of(CompanyFactory())
    chair_of(other, chair)
    active_in(group, member_of(company))
    consultation = ConsultationFactory(group=group)

    with pytest.raises(PermissionDenied):
        services.add_question(consultation=consultation, by=chair, kind=QuestionKind.TEXT, label="Avis")

    assert not consultation.questions.exists()


def test_a_text_answer_with_a_nul_character_is_refused_not_stored(db):
    from roadmap.services.questions import clean_answers
    from tests.roadmap.factories import ConsultationFactory

    question = Question.objects.create(consultation=ConsultationFactory(), kind=QuestionKind.TEXT, label="Pourquoi ?")

    with pytest.raises(ValidationError) as refused:
        clean_answers([question], {question.pk: "avant\x00après"})

    assert "Pourquoi ?" in str(refused.value)
