"""Questionnaires through the API: questions on the consultation, answers on the position."""

from datetime import timedelta

import pytest
from django.utils import timezone

from roadmap import services
from roadmap.enums import PositionStatus, QuestionKind, Stance
from roadmap.models import Answer, Consultation, Position, Question
from tests.factories import CompanyFactory, member_of

from .conftest import LEAK
from .factories import PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def single(consultation, staff):
    return services.add_question(
        consultation=consultation,
        by=staff,
        kind=QuestionKind.SINGLE,
        label="Prête ?",
        choices=["Oui", "Non"],
        required=True,
    )


@pytest.fixture
def text(consultation, staff):
    return services.add_question(consultation=consultation, by=staff, kind=QuestionKind.TEXT, label="Exemple")


def test_consultation_shows_its_questions(api_client, member, consultation, single, text):
    api_client.force_authenticate(member)

    data = api_client.get(f"/api/v1/consultations/{consultation.pk}/").json()

    assert data["questions"] == [
        {"id": single.pk, "kind": "single", "label": "Prête ?", "choices": ["Oui", "Non"], "required": True},
        {"id": text.pk, "kind": "text", "label": "Exemple", "choices": [], "required": False},
    ]


def test_staff_open_a_consultation_with_questions(api_client, staff, action):
    api_client.force_authenticate(staff)
    now = timezone.now()

    response = api_client.post(
        "/api/v1/consultations/",
        {
            "action": action.pk,
            "question": "Votre avis ?",
            "opens_at": now.isoformat(),
            "closes_at": (now + timedelta(days=7)).isoformat(),
            "questions": [
                {"kind": "scale", "label": "Importance", "required": True},
                {"kind": "multiple", "label": "Freins", "choices": ["Coût", "Délai"]},
            ],
        },
        format="json",
    )

    assert response.status_code == 201
    assert [(q["kind"], q["label"], q["choices"], q["required"]) for q in response.json()["questions"]] == [
        ("scale", "Importance", [], True),
        ("multiple", "Freins", ["Coût", "Délai"], False),
    ]


def test_add_a_question_then_409_after_the_first_answer(api_client, staff, member, consultation, single):
    api_client.force_authenticate(staff)
    added = api_client.post(
        f"/api/v1/consultations/{consultation.pk}/questions/", {"kind": "text", "label": "Exemple"}, format="json"
    )
    services.create_position(consultation=consultation, by=member, stance=Stance.SUPPORT, answers={single.pk: "Oui"})

    refused = api_client.post(
        f"/api/v1/consultations/{consultation.pk}/questions/", {"kind": "text", "label": "Trop tard"}, format="json"
    )

    assert added.status_code == 201
    assert added.json()["label"] == "Exemple"
    assert refused.status_code == 409
    assert list(consultation.questions.values_list("label", flat=True)) == ["Prête ?", "Exemple"]


def test_a_member_may_not_add_questions(api_client, member, consultation):
    api_client.force_authenticate(member)

    response = api_client.post(
        f"/api/v1/consultations/{consultation.pk}/questions/", {"kind": "text", "label": "Moi aussi"}, format="json"
    )

    assert response.status_code == 403
    assert not Question.objects.exists()


def test_a_bad_question_is_400(api_client, staff, consultation):
    api_client.force_authenticate(staff)

    response = api_client.post(
        f"/api/v1/consultations/{consultation.pk}/questions/",
        {"kind": "single", "label": "Oui ?", "choices": ["Oui"]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"choices": ["Proposez au moins deux choix."]}


def test_answers_in_post_and_patch(api_client, member, consultation, single, text):
    api_client.force_authenticate(member)

    created = api_client.post(
        "/api/v1/positions/",
        {"consultation": consultation.pk, "stance": "support", "answers": {str(single.pk): "Oui"}},
        format="json",
    )
    patched = api_client.patch(
        f"/api/v1/positions/{created.json()['id']}/",
        {"version": 1, "answers": {str(text.pk): "Un pilote", str(single.pk): None}},
        format="json",
    )

    assert created.status_code == 201
    assert created.json()["answers"] == {str(single.pk): "Oui"}
    assert patched.status_code == 200
    assert patched.json()["answers"] == {str(text.pk): "Un pilote"}
    assert patched.json()["version"] == 2


def test_a_wrong_answer_is_400_with_a_message_per_question(api_client, member, position, single, text):
    api_client.force_authenticate(member)

    response = api_client.patch(
        f"/api/v1/positions/{position.pk}/",
        {"version": 1, "answers": {str(single.pk): "Peut-être", str(text.pk): 12, "999999": "x"}},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "answers": [
            "« Prête ? » : choisissez l'un des choix proposés.",
            "« Exemple » : donnez un texte.",
            "Question 999999 : cette consultation ne la pose pas.",
        ]
    }
    assert not Answer.objects.exists()


def test_stale_version_on_answers_is_409_and_nothing_is_lost(api_client, member, position, single):
    api_client.force_authenticate(member)
    api_client.patch(
        f"/api/v1/positions/{position.pk}/", {"version": 1, "answers": {str(single.pk): "Oui"}}, format="json"
    )

    response = api_client.patch(
        f"/api/v1/positions/{position.pk}/", {"version": 1, "answers": {str(single.pk): "Non"}}, format="json"
    )

    assert response.status_code == 409
    assert Answer.objects.get().value == "Oui"
    assert Position.objects.get(pk=position.pk).version == 2


def test_submit_without_a_required_answer_is_400_naming_it(api_client, referent, position, single):
    api_client.force_authenticate(referent)

    response = api_client.post(f"/api/v1/positions/{position.pk}/submit/", {"version": 1}, format="json")

    assert response.status_code == 400
    assert response.json() == {"answers": ["« Prête ? » : une réponse est obligatoire pour soumettre la position."]}
    assert Position.objects.get(pk=position.pk).status == PositionStatus.DRAFT


def test_pending_revision_answers_are_the_companys_own(
    api_client, member, referent, consultation, single, other_company
):
    position = services.create_position(
        consultation=consultation, by=member, stance=Stance.SUPPORT, shared=True, answers={single.pk: "Oui"}
    )
    services.submit_position(position=position, by=referent, version=1)
    services.update_position(
        consultation=consultation, by=member, stance=Stance.SUPPORT, shared=True, version=1, answers={single.pk: "Non"}
    )
    Consultation.objects.filter(pk=consultation.pk).update(arguments_shown="live")
    api_client.force_authenticate(member)
    own = api_client.get(f"/api/v1/positions/{position.pk}/").json()
    api_client.force_authenticate(member_of(other_company))
    other = api_client.get(f"/api/v1/positions/{position.pk}/").json()

    assert (own["answers"], own["pending_revision"]["answers"]) == ({str(single.pk): "Oui"}, {str(single.pk): "Non"})
    assert (other["answers"], other["pending_revision"]) == ({str(single.pk): "Oui"}, None)


def test_another_companys_answers_neither_leak_nor_change(api_client, outsider, consultation, company, text):
    draft = PositionFactory(consultation=consultation, company=company)
    Answer.objects.create(position=draft, question=text, value=LEAK)
    unshared = PositionFactory(
        consultation=consultation,
        company=CompanyFactory(name="Tierce SA"),
        shared=False,
        status=PositionStatus.SUBMITTED,
    )
    Answer.objects.create(position=unshared, question=text, value=LEAK)
    api_client.force_authenticate(outsider)

    listed = api_client.get("/api/v1/positions/")
    seen = [api_client.get(f"/api/v1/positions/{p.pk}/").status_code for p in (draft, unshared)]
    changed = api_client.patch(
        f"/api/v1/positions/{draft.pk}/", {"version": 1, "answers": {str(text.pk): "pirate"}}, format="json"
    )
    synthesis = api_client.get(f"/api/v1/consultations/{consultation.pk}/synthesis/")

    assert LEAK not in listed.content.decode()
    assert seen == [404, 404]
    assert changed.status_code == 404
    assert LEAK not in synthesis.content.decode()
    assert list(Answer.objects.order_by("pk").values_list("value", flat=True)) == [LEAK, LEAK]


def test_anonymous_gets_401_on_questions_and_answers(api_client, consultation, position, text):
    added = api_client.post(
        f"/api/v1/consultations/{consultation.pk}/questions/", {"kind": "text", "label": "x"}, format="json"
    )
    patched = api_client.patch(
        f"/api/v1/positions/{position.pk}/", {"version": 1, "answers": {str(text.pk): "x"}}, format="json"
    )

    assert (added.status_code, patched.status_code) == (401, 401)
    assert consultation.questions.count() == 1
    assert not Answer.objects.exists()


@pytest.mark.parametrize(("companies", "questions"), [(1, 1), (30, 5)])
def test_synthesis_with_questions_query_count(
    api_client, consultation, staff, member, django_assert_num_queries, companies, questions
):
    asked = [
        services.add_question(consultation=consultation, by=staff, kind=QuestionKind.SCALE, label=f"Échelle {index}")
        for index in range(questions)
    ]
    for _ in range(companies):
        position = PositionFactory(consultation=consultation, company=CompanyFactory(), status=PositionStatus.SUBMITTED)
        Answer.objects.bulk_create(Answer(position=position, question=question, value=3) for question in asked)
    api_client.force_authenticate(member)

    # affiliation, consultation, its questions and the caller's position (prefetched), invited
    # companies, submitted positions, answers
    with django_assert_num_queries(7):
        data = api_client.get(f"/api/v1/consultations/{consultation.pk}/synthesis/").json()

    assert [question["answered"] for question in data["questions"]] == [
        None if companies < 3 else companies
    ] * questions
