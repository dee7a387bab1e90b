import io
from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone

from meetings import services
from meetings.enums import MinutesStatus, Response
from meetings.models import ActionItem, AgendaItem, Attendance, Minutes, Registration
from snitem_portal.models import SiteText
from tests.factories import member_of
from tests.groups.factories import active_in

pytestmark = pytest.mark.django_db


def _url(meeting, suffix=""):
    return f"/groupes/{meeting.group.slug}/reunions/{meeting.pk}/{suffix}"


def test_meeting_page_shows_agenda_registration_and_the_staff_competition_notice(client, meeting, chair, attendee):
    SiteText.objects.create(key="competition_notice", text_fr="Aucune information **sensible**.", text_en="No data.")
    services.set_agenda(
        meeting=meeting, by=chair, items=[{"title": "Accueil"}, {"title": "Norme ISO", "presenter_name": "Alice"}]
    )
    client.force_login(attendee)

    page = client.get(_url(meeting)).content.decode()

    assert "Aucune information <strong>sensible</strong>." in page
    assert page.index("Accueil") < page.index("Norme ISO")
    assert "Envoyer ma réponse" in page


def test_meeting_page_without_staff_text_shows_the_shipped_notice(client, meeting, attendee):
    client.force_login(attendee)

    page = client.get(_url(meeting)).content.decode()

    assert "aucune information commercialement sensible" in page


def test_member_answers_from_the_meeting_page(client, meeting, attendee):
    client.force_login(attendee)

    response = client.post(_url(meeting, "inscription/"), {"response": "remote"})

    assert response.status_code == 302
    assert list(Registration.objects.values_list("user_id", "response")) == [(attendee.pk, Response.REMOTE)]


def test_full_meeting_page_answer_shows_the_reason(client, meeting, attendee, second_attendee):
    meeting.capacity = 1
    meeting.save()
    services.answer_invitation(meeting=meeting, user=second_attendee, response=Response.IN_PERSON)
    client.force_login(attendee)

    response = client.post(_url(meeting, "inscription/"), {"response": "in_person"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "La salle est complète (1 place) : vous pouvez participer à distance."
    ]
    assert not Registration.objects.filter(user=attendee).exists()


def test_chair_edits_the_agenda(client, meeting, chair):
    client.force_login(chair)
    data = {
        "agenda-TOTAL_FORMS": "3",
        "agenda-INITIAL_FORMS": "0",
        "agenda-0-title": "Tour de table",
        "agenda-1-title": "",
        "agenda-2-title": "Règlement MDR",
        "agenda-2-presenter_name": "Bob",
    }

    response = client.post(_url(meeting, "ordre-du-jour/"), data)

    assert response.status_code == 302
    assert list(AgendaItem.objects.values_list("position", "title", "presenter_name")) == [
        (1, "Tour de table", ""),
        (2, "Règlement MDR", "Bob"),
    ]


def test_chair_records_attendance_and_exports_the_sheet(
    client, past_meeting, chair, attendee, second_attendee, company
):
    client.force_login(chair)

    client.post(_url(past_meeting, "presences/"), {"present": [attendee.pk]})
    sheet = client.get(_url(past_meeting, "presences/feuille/"))
    export = client.get(_url(past_meeting, "presences/feuille.xlsx"))

    assert list(Attendance.objects.values_list("user_id", flat=True)) == [attendee.pk]
    assert "Alice Membre" in sheet.content.decode()
    assert "Bob Membre" not in sheet.content.decode()
    assert export["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.values)
    assert rows[1][:3] == ("Alice Membre", "alice@member.example", company.name)


def test_attendance_export_is_formula_safe(client, past_meeting, chair, company):
    evil = member_of(company, user__full_name='=HYPERLINK("http://x")', user__email="evil@member.example")
    active_in(past_meeting.group, evil)
    services.record_attendance(meeting=past_meeting, by=chair, user_ids=[evil.pk])
    client.force_login(chair)

    export = client.get(_url(past_meeting, "presences/feuille.xlsx"))

    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.values)
    assert rows[1][0] == '\'=HYPERLINK("http://x")'


def test_minutes_page_chair_circulates_and_member_reads(client, past_meeting, chair, attendee):
    client.force_login(chair)
    client.post(_url(past_meeting, "compte-rendu/"), {"text": "- décision **A**", "status": "circulated", "version": 0})
    client.force_login(attendee)

    page = client.get(_url(past_meeting, "compte-rendu/")).content.decode()

    assert Minutes.objects.get().status == MinutesStatus.CIRCULATED
    assert "<li>décision <strong>A</strong></li>" in page
    assert "Enregistrer le compte rendu" not in page


def test_members_cannot_see_draft_minutes(client, past_meeting, chair, attendee):
    services.save_minutes(meeting=past_meeting, by=chair, text="secret du brouillon", status="draft", version=0)
    client.force_login(attendee)

    detail = client.get(_url(past_meeting)).content.decode()
    minutes = client.get(_url(past_meeting, "compte-rendu/"))

    assert "secret du brouillon" not in detail
    assert minutes.status_code == 403


def test_minutes_page_stale_version_keeps_the_other_text(client, past_meeting, chair):
    services.save_minutes(meeting=past_meeting, by=chair, text="v1", status="draft", version=0)
    services.save_minutes(meeting=past_meeting, by=chair, text="v2", status="draft", version=1)
    client.force_login(chair)

    response = client.post(_url(past_meeting, "compte-rendu/"), {"text": "écrasé", "status": "draft", "version": 1})

    assert response.status_code == 200
    assert "modifié entre-temps" in response.content.decode()
    assert Minutes.objects.get().text == "v2"


def test_owner_marks_an_action_item_done_from_the_meeting_page(client, past_meeting, chair, attendee):
    services.save_minutes(meeting=past_meeting, by=chair, text="ok", status="circulated", version=0)
    item = services.add_action_item(
        meeting=past_meeting,
        by=chair,
        title="Relire",
        owner=attendee,
        due_date=timezone.localdate() + timedelta(days=3),
    )
    client.force_login(attendee)

    client.post(_url(past_meeting, f"actions/{item.pk}/statut/"), {"status": "done"})

    assert ActionItem.objects.get().status == "done"


def test_chair_adds_an_action_item_from_the_minutes_page(client, past_meeting, chair, attendee):
    client.force_login(chair)
    due = (timezone.localdate() + timedelta(days=10)).isoformat()

    client.post(
        _url(past_meeting, "actions/"),
        {"item-title": "Écrire au ministère", "item-owner": attendee.pk, "item-due_date": due},
    )

    assert list(ActionItem.objects.values_list("title", "owner_id")) == [("Écrire au ministère", attendee.pk)]


def test_dashboard_shows_my_actions_answers_and_minutes_to_review(client, meeting, past_meeting, chair, attendee):
    services.save_minutes(meeting=past_meeting, by=chair, text="ok", status="circulated", version=0)
    services.add_action_item(
        meeting=past_meeting,
        by=chair,
        title="Préparer la note",
        owner=attendee,
        due_date=timezone.localdate() + timedelta(days=3),
    )
    client.force_login(attendee)

    page = client.get("/tableau-de-bord/").content.decode()

    assert "Mes actions" in page
    assert "Préparer la note" in page
    assert "Réunions en attente de ma réponse" in page
    assert "Comptes rendus à relire" in page


@pytest.mark.parametrize("count", [1, 10])
def test_meeting_page_query_budget(client, past_meeting, chair, company, count, django_assert_max_num_queries):
    people = []
    for index in range(count):
        person = member_of(company, user__full_name=f"Membre {index}")
        active_in(past_meeting.group, person)
        people.append(person)
        AgendaItem.objects.create(meeting=past_meeting, position=index + 1, title=f"Point {index}")
        Registration.objects.create(meeting=past_meeting, user=person, response=Response.REMOTE)
    services.record_attendance(meeting=past_meeting, by=chair, user_ids=[p.pk for p in people])
    services.save_minutes(meeting=past_meeting, by=chair, text="ok", status="circulated", version=0)
    for person in people:
        services.add_action_item(
            meeting=past_meeting,
            by=chair,
            title="Action",
            owner=person,
            due_date=timezone.localdate() + timedelta(days=3),
        )
    client.force_login(chair)

    with django_assert_max_num_queries(20):
        response = client.get(_url(past_meeting))

    assert response.status_code == 200
    assert response.content.decode().count("Point ") == count


@pytest.mark.parametrize("count", [1, 10])
def test_registration_list_query_budget(client, meeting, chair, company, count, django_assert_max_num_queries):
    for index in range(count):
        person = member_of(company, user__full_name=f"Membre {index}")
        active_in(meeting.group, person)
        Registration.objects.create(meeting=meeting, user=person, response=Response.REMOTE)
    client.force_login(chair)

    with django_assert_max_num_queries(9):
        response = client.get(_url(meeting, "inscriptions/"))

    assert len(response.context["page_obj"].object_list) == count


@pytest.mark.parametrize("count", [1, 10])
def test_workspace_pages_query_budget(client, past_meeting, chair, company, count, django_assert_max_num_queries):
    people = []
    for index in range(count):
        person = member_of(company, user__full_name=f"Membre {index}")
        active_in(past_meeting.group, person)
        people.append(person)
        AgendaItem.objects.create(meeting=past_meeting, position=index + 1, title=f"Point {index}")
    services.record_attendance(meeting=past_meeting, by=chair, user_ids=[p.pk for p in people])
    services.save_minutes(meeting=past_meeting, by=chair, text="ok", status="circulated", version=0)
    for person in people:
        services.add_action_item(
            meeting=past_meeting, by=chair, title="Action", owner=person, due_date=timezone.localdate() + timedelta(3)
        )
    client.force_login(chair)
    budgets = {"compte-rendu/": 15, "presences/feuille/": 8, "presences/": 10, "ordre-du-jour/": 10}

    for suffix, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            response = client.get(_url(past_meeting, suffix))
        assert response.status_code == 200
