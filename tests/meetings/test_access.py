"""Every meeting workspace page and endpoint refuses the wrong caller, and nothing changes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings import services
from meetings.models import ActionItem, AgendaItem, Attendance, Minutes, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(meeting, past_meeting, chair, attendee):
    services.set_agenda(meeting=meeting, by=chair, items=[{"title": "Point privé"}])
    services.answer_invitation(meeting=meeting, user=attendee, response="remote")
    services.record_attendance(meeting=past_meeting, by=chair, user_ids=[attendee.pk])
    services.save_minutes(meeting=past_meeting, by=chair, text="BROUILLON-SECRET", status="draft", version=0)
    item = services.add_action_item(
        meeting=past_meeting,
        by=chair,
        title="Action",
        owner=attendee,
        due_date=timezone.localdate() + timedelta(days=5),
    )
    return {"meeting": meeting, "past": past_meeting, "item": item}


def snapshot() -> dict:
    return {
        "agenda": sorted(AgendaItem.objects.values_list("meeting_id", "position", "title")),
        "registrations": sorted(Registration.objects.values_list("meeting_id", "user_id", "response")),
        "attendance": sorted(Attendance.objects.values_list("meeting_id", "user_id")),
        "minutes": sorted(Minutes.objects.values_list("meeting_id", "text", "status", "version")),
        "items": sorted(ActionItem.objects.values_list("pk", "title", "owner_id", "due_date", "status")),
    }


def _page(meeting, suffix=""):
    return f"/groupes/{meeting.group.slug}/reunions/{meeting.pk}/{suffix}"


def _requests(world, user_ids):
    meeting, past, item = world["meeting"], world["past"], world["item"]
    due = (timezone.localdate() + timedelta(days=9)).isoformat()
    return [
        ("get", _page(meeting, "ordre-du-jour/"), {}),
        (
            "post",
            _page(meeting, "ordre-du-jour/"),
            {"agenda-TOTAL_FORMS": "1", "agenda-INITIAL_FORMS": "0", "agenda-0-title": "X"},
        ),
        ("post", _page(meeting, "inscription/"), {"response": "in_person"}),
        ("get", _page(meeting, "inscriptions/"), {}),
        ("get", _page(past, "presences/"), {}),
        ("post", _page(past, "presences/"), {"present": user_ids}),
        ("get", _page(past, "presences/feuille/"), {}),
        ("get", _page(past, "presences/feuille.xlsx"), {}),
        ("get", _page(past, "compte-rendu/"), {}),
        ("post", _page(past, "compte-rendu/"), {"text": "écrasé", "status": "circulated", "version": 1}),
        ("post", _page(past, "actions/"), {"item-title": "X", "item-owner": user_ids[0], "item-due_date": due}),
        ("post", _page(past, f"actions/{item.pk}/statut/"), {"status": "done"}),
    ]


def _api(world, user_ids):
    meeting, past, item = world["meeting"], world["past"], world["item"]
    due = (timezone.localdate() + timedelta(days=9)).isoformat()
    return [
        ("get", f"/api/v1/meetings/{meeting.pk}/", {}),
        ("post", f"/api/v1/meetings/{meeting.pk}/registration/", {"response": "in_person"}),
        ("get", f"/api/v1/meetings/{past.pk}/attendance/", {}),
        ("put", f"/api/v1/meetings/{past.pk}/attendance/", {"user_ids": user_ids}),
        ("get", f"/api/v1/meetings/{past.pk}/minutes/", {}),
        ("put", f"/api/v1/meetings/{past.pk}/minutes/", {"text": "écrasé", "status": "circulated", "version": 1}),
        ("get", f"/api/v1/meetings/{past.pk}/action-items/", {}),
        ("post", f"/api/v1/meetings/{past.pk}/action-items/", {"title": "X", "owner": user_ids[0], "due_date": due}),
        ("get", f"/api/v1/action-items/{item.pk}/", {}),
        ("patch", f"/api/v1/action-items/{item.pk}/", {"status": "done"}),
    ]


def test_anonymous_is_sent_to_login_on_pages_and_refused_by_the_api(client, api_client, world, attendee):
    before = snapshot()

    pages = [getattr(client, method)(url, data) for method, url, data in _requests(world, [attendee.pk])]
    api = [getattr(api_client, method)(url, data, format="json") for method, url, data in _api(world, [attendee.pk])]

    assert {(r.status_code, r.url.split("?")[0]) for r in pages} == {(302, "/compte/login/")}
    assert {r.status_code for r in api} <= {401, 403}
    assert snapshot() == before


@pytest.mark.parametrize("who", ["outsider", "member"])
def test_people_outside_the_group_get_404_everywhere(client, api_client, world, attendee, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    api_client.force_authenticate(user)
    before = snapshot()

    pages = [getattr(client, method)(url, data).status_code for method, url, data in _requests(world, [attendee.pk])]
    api = [
        getattr(api_client, method)(url, data, format="json").status_code
        for method, url, data in _api(world, [attendee.pk])
    ]
    listed = api_client.get("/api/v1/meetings/").json()

    assert set(pages) == {404}
    assert set(api) == {404}
    assert listed["count"] == 0
    assert snapshot() == before


def test_a_plain_member_of_the_group_cannot_change_what_chairs_do(client, api_client, world, attendee, second_attendee):
    client.force_login(second_attendee)
    api_client.force_authenticate(second_attendee)
    before = snapshot()
    past, item = world["past"], world["item"]

    pages = {
        url: getattr(client, method)(url, data).status_code
        for method, url, data in _requests(world, [second_attendee.pk])
        if "inscription/" not in url
    }
    api = {
        (method, url): getattr(api_client, method)(url, data, format="json").status_code
        for method, url, data in _api(world, [second_attendee.pk])
        if "registration" not in url and method != "get"
    }
    minutes = api_client.get(f"/api/v1/meetings/{past.pk}/minutes/")

    # The action item belongs to draft minutes: hidden from members (404), like the minutes themselves.
    status_url = _page(past, f"actions/{item.pk}/statut/")
    assert {url: code for url, code in pages.items() if url != status_url} == dict.fromkeys(
        [url for url in pages if url != status_url], 403
    )
    assert pages[status_url] == 404
    assert api == {
        ("put", f"/api/v1/meetings/{past.pk}/attendance/"): 403,
        ("put", f"/api/v1/meetings/{past.pk}/minutes/"): 404,
        ("post", f"/api/v1/meetings/{past.pk}/action-items/"): 403,
        ("patch", f"/api/v1/action-items/{item.pk}/"): 404,
    }
    assert minutes.status_code == 404
    assert snapshot() == before
