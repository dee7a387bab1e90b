from datetime import timedelta

import pytest
from django.utils import timezone

from meetings import services
from meetings.models import ActionItem, Minutes

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, staff):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    return client


def test_admin_pages_of_the_workspace_load(admin_client_, past_meeting, chair, attendee):
    services.save_minutes(meeting=past_meeting, by=chair, text="ok", status="draft", version=0)
    item = services.add_action_item(
        meeting=past_meeting, by=chair, title="Relire", owner=attendee, due_date=timezone.localdate() + timedelta(2)
    )

    pages = [
        f"/admin/groups/meeting/{past_meeting.pk}/change/",
        "/admin/meetings/minutes/",
        f"/admin/meetings/minutes/{past_meeting.minutes.pk}/change/",
        "/admin/meetings/actionitem/",
        f"/admin/meetings/actionitem/{item.pk}/change/",
        "/admin/snitem_portal/sitetext/",
    ]

    assert [admin_client_.get(url).status_code for url in pages] == [200] * len(pages)


def test_admin_minutes_change_goes_through_the_workflow(admin_client_, past_meeting, chair):
    minutes = services.save_minutes(meeting=past_meeting, by=chair, text="v1", status="draft", version=0)
    url = f"/admin/meetings/minutes/{minutes.pk}/change/"

    stale = admin_client_.post(url, {"text": "écrasé", "status": "draft", "read_version": 0})
    skipped = admin_client_.post(url, {"text": "v1", "status": "approved", "read_version": 1})
    circulated = admin_client_.post(url, {"text": "v2", "status": "circulated", "read_version": 1})

    assert (stale.status_code, skipped.status_code, circulated.status_code) == (200, 200, 302)
    assert "modifié entre-temps" in stale.content.decode()
    assert Minutes.objects.values_list("text", "status", "version").get() == ("v2", "circulated", 2)


def test_admin_action_item_owner_must_be_in_the_group(admin_client_, past_meeting, attendee, outsider):
    due = (timezone.localdate() + timedelta(days=4)).isoformat()
    data = {"meeting": past_meeting.pk, "title": "Relire", "due_date": due}

    refused = admin_client_.post("/admin/meetings/actionitem/add/", {**data, "owner": outsider.pk})
    created = admin_client_.post("/admin/meetings/actionitem/add/", {**data, "owner": attendee.pk})

    assert (refused.status_code, created.status_code) == (200, 302)
    assert list(ActionItem.objects.values_list("owner_id", "created_by__is_staff")) == [(attendee.pk, True)]


def test_admin_changes_an_action_items_owner_through_the_service(admin_client_, past_meeting, chair, attendee):
    item = services.add_action_item(
        meeting=past_meeting, by=chair, title="Relire", owner=attendee, due_date=timezone.localdate() + timedelta(2)
    )
    data = {"meeting": past_meeting.pk, "title": "Relire", "due_date": item.due_date.isoformat(), "status": "open"}

    response = admin_client_.post(f"/admin/meetings/actionitem/{item.pk}/change/", {**data, "owner": chair.pk})

    assert response.status_code == 302
    assert ActionItem.objects.get().owner == chair


def test_admin_deletes_no_meeting_minutes_or_action_item(admin_client_, past_meeting, chair, attendee):
    minutes = services.save_minutes(meeting=past_meeting, by=chair, text="ok", status="draft", version=0)
    item = services.add_action_item(
        meeting=past_meeting, by=chair, title="Relire", owner=attendee, due_date=timezone.localdate() + timedelta(2)
    )

    urls = [
        f"/admin/groups/meeting/{past_meeting.pk}/delete/",
        f"/admin/meetings/minutes/{minutes.pk}/delete/",
        f"/admin/meetings/actionitem/{item.pk}/delete/",
    ]

    assert [admin_client_.post(url, {"post": "yes"}).status_code for url in urls] == [403] * 3
    assert (Minutes.objects.count(), ActionItem.objects.count()) == (1, 1)
