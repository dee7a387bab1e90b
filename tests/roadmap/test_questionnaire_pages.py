"""Questionnaires on pages: the position form, the question editor, the company's record, the export."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from roadmap import services
from roadmap.enums import PositionStatus, QuestionKind, Stance
from roadmap.models import Answer, Question
from tests.factories import CompanyFactory, member_of
from tests.groups.factories import WorkingGroupFactory, active_in

from .conftest import LEAK
from .factories import ConsultationFactory, PositionFactory

pytestmark = pytest.mark.django_db

KINDS = [QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE, QuestionKind.TEXT, QuestionKind.SINGLE]


def _questions(consultation, staff, count: int) -> list[Question]:
    return [
        services.add_question(
            consultation=consultation,
            by=staff,
            kind=KINDS[index],
            label=f"Question {index}",
            choices=["Oui", "Non"] if KINDS[index] in ("single", "multiple") else [],
        )
        for index in range(count)
    ]


def test_member_answers_on_the_consultation_page(client, member, consultation, staff):
    single, multiple, scale, text = _questions(consultation, staff, 4)
    client.force_login(member)

    page = client.get(consultation.get_absolute_url()).content.decode()
    response = client.post(
        consultation.get_absolute_url(),
        {
            "stance": "support",
            f"answer_{single.pk}": "Non",
            f"answer_{multiple.pk}": ["Oui", "Non"],
            f"answer_{scale.pk}": "3",
            f"answer_{text.pk}": "Notre exemple",
        },
    )

    assert '<legend class="form-label fs-6">Question 0</legend>' in page
    assert response.status_code == 302
    assert dict(Answer.objects.values_list("question__label", "value")) == {
        "Question 0": "Non",
        "Question 1": ["Oui", "Non"],
        "Question 2": 3,
        "Question 3": "Notre exemple",
    }


def test_a_required_answer_missing_at_submit_is_said_on_the_page(client, referent, consultation, staff, position):
    Question.objects.create(consultation=consultation, kind=QuestionKind.SCALE, label="Importance", required=True)
    client.force_login(referent)

    response = client.post(
        reverse("roadmap:position-submit", args=[consultation.pk]), {"version": position.version}, follow=True
    )

    assert "« Importance » : une réponse est obligatoire pour soumettre la position." in response.content.decode()
    position.refresh_from_db()
    assert position.status == PositionStatus.DRAFT


def _page_queries(client, consultation) -> int:
    client.get(consultation.get_absolute_url())  # the writes renewed the cross-request caches' stamps: warm them
    with CaptureQueriesContext(connection) as queries:
        assert client.get(consultation.get_absolute_url()).status_code == 200
    return len(queries)


def test_consultation_page_queries_do_not_grow_with_questions(client, member, company, staff, action):
    counts = []
    for count in (1, 5):
        consultation = ConsultationFactory(action=action)
        questions = _questions(consultation, staff, count)
        position = PositionFactory(consultation=consultation, company=company, status=PositionStatus.SUBMITTED)
        for question in questions:
            Answer.objects.create(position=position, question=question, value=3 if question.kind == "scale" else "Oui")
        client.force_login(member)
        counts.append(_page_queries(client, consultation))

    assert counts[0] == counts[1]
    assert counts[0] <= 13


# Question editor -------------------------------------------------------------------------------------


def _formset(*forms):
    data = {
        "questions-TOTAL_FORMS": str(len(forms)),
        "questions-INITIAL_FORMS": str(sum(1 for form in forms if form.get("id"))),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "30",
    }
    for index, form in enumerate(forms):
        data |= {f"questions-{index}-{name}": value for name, value in form.items()}
    return data


def test_staff_write_the_questionnaire_on_its_page(client, staff, consultation):
    client.force_login(staff)
    url = reverse("roadmap:consultation-questions", args=[consultation.pk])

    assert client.get(url).status_code == 200
    response = client.post(
        url,
        _formset(
            {"kind": "single", "label": "Prête ?", "choices": "Oui\nNon\n", "required": "on"},
            {"kind": "scale", "label": "Importance", "choices": ""},
        ),
    )

    assert response.status_code == 302
    assert list(consultation.questions.values_list("kind", "label", "choices", "required")) == [
        ("single", "Prête ?", ["Oui", "Non"], True),
        ("scale", "Importance", [], False),
    ]


def test_the_editor_refuses_new_choices_after_an_answer_and_keeps_the_input(client, staff, member, consultation):
    [single] = _questions(consultation, staff, 1)
    services.create_position(consultation=consultation, by=member, stance=Stance.SUPPORT, answers={single.pk: "Oui"})
    client.force_login(staff)

    response = client.post(
        reverse("roadmap:consultation-questions", args=[consultation.pk]),
        _formset({"id": single.pk, "kind": "single", "label": "Question 0", "choices": "Oui\nNon\nSans avis"}),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "son type et ses choix ne changent plus" in page
    assert "Sans avis" in page
    single.refresh_from_db()
    assert single.choices == ["Oui", "Non"]


def test_the_editor_is_refused_to_members_outsiders_and_anonymous(client, member, consultation, staff):
    group = WorkingGroupFactory()
    active_in(group, member_of(CompanyFactory()))
    private = ConsultationFactory(group=group)
    data = _formset({"kind": "text", "label": "Intrus"})

    client.force_login(member)
    as_member = client.post(reverse("roadmap:consultation-questions", args=[consultation.pk]), data)
    not_invited = client.get(reverse("roadmap:consultation-questions", args=[private.pk]))
    client.logout()
    anonymous = client.post(reverse("roadmap:consultation-questions", args=[consultation.pk]), data)

    assert (as_member.status_code, not_invited.status_code, anonymous.status_code) == (403, 404, 302)
    assert "/compte/connexion/" in anonymous["Location"] or "login" in anonymous["Location"]
    assert not Question.objects.exists()


# The company's record ----------------------------------------------------------------------------------


def _submitted(company, count: int, staff):
    for index in range(count):
        consultation = ConsultationFactory(question=f"Consultation {index}")
        [question] = _questions(consultation, staff, 1)
        position = PositionFactory(consultation=consultation, company=company, status=PositionStatus.SUBMITTED)
        Answer.objects.create(position=position, question=question, value="Oui")


@pytest.mark.parametrize("count", [1, 10])
def test_company_record_lists_submitted_positions_with_answers(
    client, member, company, staff, django_assert_num_queries, count
):
    _submitted(company, count, staff)
    draft = PositionFactory(consultation=ConsultationFactory(), company=company, argument=LEAK)
    client.force_login(member)

    # session, user, company, affiliation, count, page, answers, unread notifications
    with django_assert_num_queries(8):
        response = client.get(reverse("roadmap:company-positions", args=[company.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="card mb-3 company-position"') == count
    assert page.count("<dd>Oui</dd>") == count
    assert LEAK not in page
    assert draft.argument == LEAK


def test_company_record_is_refused_to_other_companies_and_anonymous(client, outsider, company, staff):
    _submitted(company, 1, staff)
    url = reverse("roadmap:company-positions", args=[company.pk])

    client.force_login(outsider)
    other = client.get(url)
    client.force_login(staff)
    as_staff = client.get(url)
    client.logout()
    anonymous = client.get(url)

    assert other.status_code == 404
    assert as_staff.status_code == 200
    assert anonymous.status_code == 302


# Export ------------------------------------------------------------------------------------------------


def test_xlsx_export_has_one_sheet_per_question(client, staff, member, referent, consultation):
    single, scale = (
        services.add_question(
            consultation=consultation, by=staff, kind="single", label="=Prête ?", choices=["Oui", "Non"]
        ),
        services.add_question(consultation=consultation, by=staff, kind="scale", label="Importance"),
    )
    position = services.create_position(
        consultation=consultation, by=member, stance=Stance.SUPPORT, answers={single.pk: "Oui", scale.pk: 4}
    )
    services.submit_position(position=position, by=referent, version=1)
    client.force_login(staff)

    response = client.get(reverse("roadmap:synthesis-export", args=[consultation.pk, "xlsx"]))

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Synthèse", "Q1 =Prête", "Q2 Importance"]
    rows = list(book["Q1 =Prête"].values)
    assert rows[1][2] == "Oui"
    assert ("'=Prête ?", None, None) in rows  # formula-safe
    assert ("Oui", None, 1) in rows
    assert ("Moyenne", None, 4) in list(book["Q2 Importance"].values)


def test_after_closing_the_page_shows_the_submitted_answers_not_the_pending_revision(
    client, member, referent, consultation, staff
):
    [single] = _questions(consultation, staff, 1)
    position = services.create_position(
        consultation=consultation, by=member, stance=Stance.SUPPORT, answers={single.pk: "Oui"}
    )
    services.submit_position(position=position, by=referent, version=1)
    services.update_position(
        consultation=consultation, by=member, stance=Stance.SUPPORT, version=1, answers={single.pk: "Non"}
    )
    type(consultation).objects.filter(pk=consultation.pk).update(
        opens_at=consultation.opens_at - timedelta(days=30), closes_at=timezone.now() - timedelta(seconds=1)
    )
    client.force_login(member)

    page = client.get(consultation.get_absolute_url()).content.decode()

    assert '<dt class="fw-normal text-body-secondary">Question 0</dt>\n    <dd>Oui</dd>' in page
    assert "<dd>Non</dd>" not in page


def test_a_pending_revision_shows_the_submitted_answers_beside_the_form(client, member, referent, consultation, staff):
    [single] = _questions(consultation, staff, 1)
    position = services.create_position(
        consultation=consultation, by=member, stance=Stance.SUPPORT, answers={single.pk: "Oui"}
    )
    services.submit_position(position=position, by=referent, version=1)
    services.update_position(
        consultation=consultation, by=member, stance=Stance.SUPPORT, version=1, answers={single.pk: "Non"}
    )
    client.force_login(member)

    page = client.get(consultation.get_absolute_url()).content.decode()

    revision = page[page.index('id="position-revision"') : page.index("</div>", page.index('id="position-revision"'))]
    assert "<dd>Oui</dd>" in revision
    assert f'id="id_answer_{single.pk}_1" checked' in page  # the form edits the revision: « Non »
