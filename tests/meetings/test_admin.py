from datetime import timedelta

import pytest
from django.utils import timezone

from groups.models import Meeting
from meetings import services
from meetings.models import ActionItem, Minutes
from tests.groups.factories import MeetingFactory

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


# The meeting's change form as the admin shows it: its fields, and the workspace's inlines.
def _meeting_form(meeting, agenda: list[dict]) -> dict:
    starts_at, ends_at = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    existing = [row for row in agenda if "id" in row]
    data = {
        "title": meeting.title,
        "starts_at_0": starts_at.strftime("%d/%m/%Y"),
        "starts_at_1": starts_at.strftime("%H:%M"),
        "ends_at_0": ends_at.strftime("%d/%m/%Y"),
        "ends_at_1": ends_at.strftime("%H:%M"),
        "place": meeting.place,
        "video_url": meeting.video_url,
        "agenda": meeting.agenda,
        "read_version": meeting.version,
        "agenda_items-TOTAL_FORMS": str(len(agenda)),
        "agenda_items-INITIAL_FORMS": str(len(existing)),
        **{
            f"{prefix}-{name}": "0"
            for prefix in ("registrations", "attendances", "minutes")
            for name in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    }
    for index, row in enumerate(agenda):
        data.update({f"agenda_items-{index}-{name}": value for name, value in row.items()})
    return data


def _agenda(meeting) -> list[tuple]:
    return list(meeting.agenda_items.order_by("position").values_list("position", "title", "presenter_name"))


def test_admin_agenda_goes_through_the_service_in_the_order_of_the_ranks(admin_client_, meeting, chair):
    first, second = services.set_agenda(
        meeting=meeting, by=chair, items=[{"title": "Accueil"}, {"title": "Budget", "presenter_name": "Bruno"}]
    )

    response = admin_client_.post(
        f"/admin/groups/meeting/{meeting.pk}/change/",
        _meeting_form(
            meeting,
            [
                {"id": first.pk, "position": "3", "title": "Accueil des nouveaux"},
                {"id": second.pk, "position": "2", "title": "Budget", "presenter_name": "Bruno"},
                {"title": "  Questions diverses  "},
            ],
        ),
    )

    assert response.status_code == 302
    assert _agenda(meeting) == [(1, "Budget", "Bruno"), (2, "Accueil des nouveaux", ""), (3, "Questions diverses", "")]


def test_admin_deletes_an_agenda_item_through_the_service(admin_client_, meeting, chair):
    first, second = services.set_agenda(meeting=meeting, by=chair, items=[{"title": "Accueil"}, {"title": "Budget"}])

    response = admin_client_.post(
        f"/admin/groups/meeting/{meeting.pk}/change/",
        _meeting_form(
            meeting,
            [
                {"id": first.pk, "position": "1", "title": "Accueil", "DELETE": "on"},
                {"id": second.pk, "position": "2", "title": "Budget"},
            ],
        ),
    )

    assert response.status_code == 302
    assert _agenda(meeting) == [(1, "Budget", "")]


def test_admin_shows_a_cancelled_meetings_agenda_read_only(admin_client_, meeting, chair):
    services.set_agenda(meeting=meeting, by=chair, items=[{"title": "Accueil"}])
    while_open = admin_client_.get(f"/admin/groups/meeting/{meeting.pk}/change/").content.decode()
    Meeting.objects.filter(pk=meeting.pk).update(cancelled_at=timezone.now())

    page = admin_client_.get(f"/admin/groups/meeting/{meeting.pk}/change/").content.decode()

    assert 'name="agenda_items-0-title"' in while_open
    assert 'name="agenda_items-0-title"' not in page
    assert "Accueil" in page


def test_admin_schedules_a_meeting_with_its_agenda_through_the_services(admin_client_, group, staff):
    data = {
        **_meeting_form(MeetingFactory.build(group=group, title="Atelier"), [{"title": "Accueil"}, {"title": "Norme"}]),
        "group": group.pk,
    }
    del data["read_version"]

    response = admin_client_.post("/admin/groups/meeting/add/", data)

    meeting = Meeting.objects.get(title="Atelier")
    assert response.status_code == 302
    assert meeting.created_by == staff
    assert _agenda(meeting) == [(1, "Accueil", ""), (2, "Norme", "")]
