from datetime import timedelta

import pytest
from django.utils import timezone

from meetings import services
from meetings.models import ActionItem, Minutes, Registration
from tests.factories import member_of
from tests.groups.factories import MeetingFactory, active_in

pytestmark = pytest.mark.django_db


def test_meeting_detail_has_the_contract_fields(api_client, meeting, chair, attendee):
    meeting.capacity = 20
    meeting.save()
    services.set_agenda(
        meeting=meeting,
        by=chair,
        items=[{"title": "Accueil", "presenter": chair}, {"title": "Norme", "presenter_name": "Bob"}],
    )
    services.answer_invitation(meeting=meeting, user=attendee, response="remote")
    api_client.force_authenticate(attendee)

    data = api_client.get(f"/api/v1/meetings/{meeting.pk}/").json()

    assert {key: data[key] for key in ("id", "group", "title", "capacity", "registered_count")} == {
        "id": meeting.pk,
        "group": "reglementaire",
        "title": "Comité de rentrée",
        "capacity": 20,
        "registered_count": 1,
    }
    assert data["agenda"] == [
        {"position": 1, "title": "Accueil", "presenter": "Claire Présidente"},
        {"position": 2, "title": "Norme", "presenter": "Bob"},
    ]
    assert data["my_registration"]["response"] == "remote"
    assert data["web_url"].endswith(f"/groupes/reglementaire/reunions/{meeting.pk}/")
    assert {"starts_at", "ends_at", "place", "video_url"} <= set(data)


def test_meeting_list_filters_by_group_and_upcoming(api_client, meeting, past_meeting, attendee):
    api_client.force_authenticate(attendee)

    upcoming = api_client.get("/api/v1/meetings/?group=reglementaire&upcoming=1").json()
    everything = api_client.get("/api/v1/meetings/?group=reglementaire").json()
    other = api_client.get("/api/v1/meetings/?group=autre").json()
    bad = api_client.get("/api/v1/meetings/?group=%00")

    assert [m["id"] for m in upcoming["results"]] == [meeting.pk]
    assert sorted(m["id"] for m in everything["results"]) == sorted([meeting.pk, past_meeting.pk])
    assert other["count"] == 0
    assert bad.status_code == 400


def test_registration_endpoint_and_full_room(api_client, meeting, attendee, second_attendee):
    meeting.capacity = 1
    meeting.save()
    api_client.force_authenticate(attendee)
    first = api_client.post(f"/api/v1/meetings/{meeting.pk}/registration/", {"response": "in_person"}, format="json")
    api_client.force_authenticate(second_attendee)

    full = api_client.post(f"/api/v1/meetings/{meeting.pk}/registration/", {"response": "in_person"}, format="json")
    unknown = api_client.post(f"/api/v1/meetings/{meeting.pk}/registration/", {"response": "maybe"}, format="json")

    assert first.status_code == 200
    assert full.status_code == 400
    assert full.json() == {"response": ["La salle est complète (1 place) : vous pouvez participer à distance."]}
    assert unknown.status_code == 400
    assert list(Registration.objects.values_list("user_id", flat=True)) == [attendee.pk]


def test_registration_after_the_deadline_is_400(api_client, meeting, attendee):
    meeting.answer_deadline = timezone.now() - timedelta(hours=1)
    meeting.save()
    api_client.force_authenticate(attendee)

    response = api_client.post(f"/api/v1/meetings/{meeting.pk}/registration/", {"response": "remote"}, format="json")

    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_attendance_put_and_get(api_client, past_meeting, chair, attendee, second_attendee):
    api_client.force_authenticate(chair)

    put = api_client.put(
        f"/api/v1/meetings/{past_meeting.pk}/attendance/",
        {"user_ids": [second_attendee.pk, attendee.pk]},
        format="json",
    )
    got = api_client.get(f"/api/v1/meetings/{past_meeting.pk}/attendance/")
    strangers = api_client.put(f"/api/v1/meetings/{past_meeting.pk}/attendance/", {"user_ids": [999999]}, format="json")

    assert put.status_code == 200
    assert sorted(got.json()["user_ids"]) == sorted([attendee.pk, second_attendee.pk])
    assert strangers.status_code == 400
    assert sorted(got.json()["user_ids"]) == sorted(
        api_client.get(f"/api/v1/meetings/{past_meeting.pk}/attendance/").json()["user_ids"]
    )


def test_minutes_workflow_and_locking_through_the_api(api_client, past_meeting, chair, attendee):
    url = f"/api/v1/meetings/{past_meeting.pk}/minutes/"
    api_client.force_authenticate(chair)

    empty = api_client.get(url).json()
    draft = api_client.put(url, {"text": "<script>x</script> **ok**", "status": "draft", "version": 0}, format="json")
    stale = api_client.put(url, {"text": "écrasé", "status": "draft", "version": 0}, format="json")
    api_client.force_authenticate(attendee)
    hidden = api_client.get(url)
    api_client.force_authenticate(chair)
    circulated = api_client.put(url, {"text": "**ok**", "status": "circulated", "version": 1}, format="json")
    api_client.force_authenticate(attendee)
    read = api_client.get(url)
    refused = api_client.put(url, {"text": "membre", "status": "circulated", "version": 2}, format="json")
    api_client.force_authenticate(chair)
    approved = api_client.put(url, {"text": "**ok**", "status": "approved", "version": 2}, format="json")
    frozen = api_client.put(url, {"text": "après", "status": "approved", "version": 3}, format="json")

    assert empty == {"text": "", "status": "draft", "version": 0, "html": ""}
    assert draft.json()["html"] == "<p>&lt;script&gt;x&lt;/script&gt; <strong>ok</strong></p>"
    assert (stale.status_code, hidden.status_code) == (409, 404)
    assert circulated.json()["status"] == "circulated"
    assert read.json() == {"text": "**ok**", "status": "circulated", "version": 2, "html": "<p><strong>ok</strong></p>"}
    assert refused.status_code == 403
    assert approved.json()["version"] == 3
    assert frozen.status_code == 409
    assert Minutes.objects.values_list("text", "status").get() == ("**ok**", "approved")


def test_action_items_create_list_and_patch(api_client, past_meeting, chair, attendee, second_attendee):
    services.save_minutes(meeting=past_meeting, by=chair, text="ok", status="circulated", version=0)
    url = f"/api/v1/meetings/{past_meeting.pk}/action-items/"
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    api_client.force_authenticate(chair)

    created = api_client.post(url, {"title": "Relire", "owner": attendee.pk, "due_date": due}, format="json")
    bad_owner = api_client.post(url, {"title": "Relire", "owner": 999999, "due_date": due}, format="json")
    api_client.force_authenticate(attendee)
    listed = api_client.get(url).json()
    item_url = f"/api/v1/action-items/{created.json()['id']}/"
    done = api_client.patch(item_url, {"status": "done"}, format="json")
    moved = api_client.patch(item_url, {"owner": second_attendee.pk}, format="json")

    assert created.status_code == 201
    assert created.json()["owner"] == attendee.pk
    assert bad_owner.status_code == 400
    assert [row["title"] for row in listed["results"]] == ["Relire"]
    assert done.json()["status"] == "done"
    assert moved.status_code == 403
    assert ActionItem.objects.values_list("owner_id", "status").get() == (attendee.pk, "done")


@pytest.mark.parametrize("count", [1, 10])
def test_meeting_list_query_budget(api_client, group, attendee, chair, company, count, django_assert_max_num_queries):
    for _ in range(count):
        meeting = MeetingFactory(group=group)
        services.set_agenda(meeting=meeting, by=chair, items=[{"title": "A"}, {"title": "B", "presenter": chair}])
        person = member_of(company)
        active_in(group, person)
        services.answer_invitation(meeting=meeting, user=person, response="remote")
        services.answer_invitation(meeting=meeting, user=attendee, response="remote")
    api_client.force_authenticate(attendee)

    with django_assert_max_num_queries(5):
        response = api_client.get("/api/v1/meetings/?upcoming=1")

    assert response.json()["count"] == count
    assert {m["registered_count"] for m in response.json()["results"]} == {2}


@pytest.mark.parametrize("count", [1, 10])
def test_action_item_list_query_budget(api_client, past_meeting, chair, attendee, count, django_assert_max_num_queries):
    services.save_minutes(meeting=past_meeting, by=chair, text="ok", status="circulated", version=0)
    for _ in range(count):
        services.add_action_item(
            meeting=past_meeting,
            by=chair,
            title="Action",
            owner=attendee,
            due_date=timezone.localdate() + timedelta(days=3),
        )
    api_client.force_authenticate(attendee)

    with django_assert_max_num_queries(7):
        response = api_client.get(f"/api/v1/meetings/{past_meeting.pk}/action-items/")

    assert response.json()["count"] == count


def test_patch_of_an_action_item_ignores_its_title(api_client, past_meeting, chair, attendee):
    services.save_minutes(meeting=past_meeting, by=chair, text="ok", status="circulated", version=0)
    item = services.add_action_item(
        meeting=past_meeting, by=chair, title="Relire", owner=attendee, due_date=timezone.localdate() + timedelta(3)
    )
    api_client.force_authenticate(chair)

    response = api_client.patch(
        f"/api/v1/action-items/{item.pk}/", {"title": "Réécrit", "status": "done"}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["title"], response.json()["status"]) == ("Relire", "done")
    assert ActionItem.objects.values_list("title", "status").get() == ("Relire", "done")


def test_schema_documents_the_action_item_patch_as_the_contract(api_client):
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    operation = schema["paths"]["/api/v1/action-items/{id}/"]["patch"]
    request_ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][request_ref.rsplit("/", 1)[1]]
    assert sorted(component["properties"]) == ["due_date", "owner", "status"]
