"""Chairs and staff edit or cancel meetings; members hear of it; cancelled meetings leave every upcoming list."""

from datetime import timedelta

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from groups import services
from groups.models import Meeting
from groups.selectors import upcoming_meetings
from reminders.enums import DeadlineKind
from reminders.registry import get_source
from snitem_portal.exceptions import Conflict
from tests.factories import CompanyFactory, member_of

from .factories import MeetingFactory, WorkingGroupFactory, active_in, pending_in


def _url(meeting, action: str = "") -> str:
    return f"/groupes/{meeting.group.slug}/reunions/{meeting.pk}/{action}"


def _form(meeting, **changes) -> dict:
    data = {
        "title": meeting.title,
        "starts_at": timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y %H:%M"),
        "ends_at": timezone.localtime(meeting.ends_at).strftime("%d/%m/%Y %H:%M"),
        "place": meeting.place,
        "video_url": meeting.video_url,
        "agenda": meeting.agenda,
        "version": meeting.version,
    }
    return {**data, **changes}


def _state(meeting) -> tuple:
    meeting = Meeting.objects.get(pk=meeting.pk)
    return (meeting.title, meeting.starts_at, meeting.ends_at, meeting.cancelled_at, meeting.cancelled_by_id)


@pytest.fixture
def plenary(moderated_group, chair, member):
    active_in(moderated_group, member)
    starts_at = timezone.now().replace(microsecond=0, second=0) + timedelta(days=10)
    return MeetingFactory(group=moderated_group, title="Plénière", starts_at=starts_at)


def test_chair_moves_a_meeting_and_members_are_told(
    client, chair, member, plenary, mailoutbox, django_capture_on_commit_callbacks
):
    pending_in(plenary.group, member_of(CompanyFactory(), user__email="pending@example.com"))
    client.force_login(chair)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(plenary, "modifier/"),
            _form(
                plenary,
                starts_at="11/06/2030 14:00",
                ends_at="11/06/2030 16:00",
            ),
        )

    assert response.status_code == 302
    plenary.refresh_from_db()
    assert timezone.localtime(plenary.starts_at).strftime("%d/%m/%Y %H:%M %Z") == "11/06/2030 14:00 CEST"
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert mailoutbox[0].subject == "Nouvel horaire : Plénière (Think tank)"
    assert "Nouvel horaire : 11 juin 2030, 14:00 (heure de Paris) – 16:00" in mailoutbox[0].body


def test_editing_only_the_agenda_sends_nothing(client, chair, plenary, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(chair)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(plenary, "modifier/"), _form(plenary, agenda="1. Budget"))

    assert response.status_code == 302
    plenary.refresh_from_db()
    assert plenary.agenda == "1. Budget"
    assert mailoutbox == []


def test_edit_form_errors_save_nothing(client, chair, plenary):
    before = _state(plenary)
    client.force_login(chair)

    response = client.post(
        _url(plenary, "modifier/"), _form(plenary, starts_at="11/06/2030 14:00", ends_at="11/06/2030 12:00")
    )

    assert response.status_code == 200
    assert "La fin de la réunion doit suivre son début." in response.content.decode()
    assert _state(plenary) == before


def test_moving_a_meeting_into_the_past_is_refused(chair, plenary):
    before = _state(plenary)

    with pytest.raises(ValidationError):
        services.update_meeting(
            meeting=plenary,
            by=chair,
            version=plenary.version,
            starts_at=timezone.now() - timedelta(days=1),
            ends_at=timezone.now() - timedelta(hours=22),
        )

    assert _state(plenary) == before


def test_chair_cancels_a_meeting(client, chair, member, plenary, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(chair)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(plenary, "annuler/"))

    assert response.status_code == 302
    plenary.refresh_from_db()
    assert plenary.cancelled_by == chair
    assert plenary.cancelled_at is not None
    assert Meeting.objects.filter(pk=plenary.pk).exists()
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert mailoutbox[0].subject == "Réunion annulée : Plénière (Think tank)"
    page = client.get(_url(plenary)).content.decode()
    assert "Annulée" in page
    assert "Modifier la réunion" not in page


def test_cancelling_twice_is_a_conflict(client, chair, plenary, mailoutbox, django_capture_on_commit_callbacks):
    services.cancel_meeting(meeting=plenary, by=chair)
    before = _state(plenary)
    client.force_login(chair)

    with pytest.raises(Conflict):
        services.cancel_meeting(meeting=plenary, by=chair)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(plenary, "annuler/"), follow=True)

    assert "Cette réunion est déjà annulée." in response.content.decode()
    assert _state(plenary) == before
    assert mailoutbox == []


def test_cancelled_meeting_can_no_longer_be_edited(client, chair, plenary):
    services.cancel_meeting(meeting=plenary, by=chair)
    before = _state(plenary)
    client.force_login(chair)

    page = client.get(_url(plenary, "modifier/"))
    post = client.post(_url(plenary, "modifier/"), _form(plenary, title="Autre"))

    assert (page.status_code, post.status_code) == (403, 403)
    assert _state(plenary) == before
    with pytest.raises(Conflict):
        services.update_meeting(meeting=plenary, by=chair, version=plenary.version, title="Autre")


def test_plain_member_cannot_edit_or_cancel(client, member, plenary):
    before = _state(plenary)
    client.force_login(member)

    responses = [
        client.get(_url(plenary, "modifier/")),
        client.post(_url(plenary, "modifier/"), _form(plenary, title="Piratée")),
        client.post(_url(plenary, "annuler/")),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    assert _state(plenary) == before
    assert "Annuler la réunion" not in client.get(_url(plenary)).content.decode()


def test_non_members_and_anonymous_cannot_edit_or_cancel(client, outsider, plenary):
    before = _state(plenary)

    anonymous = client.post(_url(plenary, "annuler/"))
    client.force_login(outsider)
    responses = [
        client.get(_url(plenary, "modifier/")),
        client.post(_url(plenary, "modifier/"), _form(plenary, title="Piratée")),
        client.post(_url(plenary, "annuler/")),
    ]

    assert anonymous.status_code == 302
    assert [r.status_code for r in responses] == [404, 404, 404]
    assert _state(plenary) == before


def test_staff_cancels_any_meeting(staff, plenary):
    services.cancel_meeting(meeting=plenary, by=staff)

    plenary.refresh_from_db()
    assert plenary.cancelled_by == staff


def test_cancelled_meeting_is_struck_out_on_the_group_page(client, chair, member, plenary):
    other = MeetingFactory(group=plenary.group, title="Atelier")
    services.cancel_meeting(meeting=plenary, by=chair)
    client.force_login(member)

    response = client.get("/groupes/think-tank/")

    assert response.context["meetings"] == [other, plenary]
    page = response.content.decode()
    assert '<del><a href="' + plenary.get_absolute_url() + '">Plénière</a></del>' in page
    assert '<span class="badge text-bg-danger">Annulée</span>' in page


def test_cancelled_meeting_leaves_upcoming_lists_dashboard_reminders_and_calendar(
    client, api_client, chair, member, plenary
):
    kept = MeetingFactory(group=plenary.group, title="Atelier", starts_at=plenary.starts_at + timedelta(days=1))
    services.cancel_meeting(meeting=plenary, by=chair)
    source = get_source(DeadlineKind.MEETING)
    client.force_login(member)
    api_client.force_authenticate(member)

    dashboard = client.get("/tableau-de-bord/").content.decode()
    calendar = icalendar.Calendar.from_ical(client.get(f"/calendar/{member.calendar_token}.ics").content)
    deadlines = api_client.get("/api/v1/deadlines/").json()

    assert list(upcoming_meetings(Meeting.objects.all())) == [kept]
    assert list(source.objects()) == [kept]
    assert list(source.for_user(member)) == [kept]
    assert "Atelier" in dashboard
    assert "Plénière" not in dashboard
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Réunion de groupe : Think tank — Atelier"]
    assert [d["title"] for d in deadlines["results"]] == ["Think tank — Atelier"]


def test_ics_of_a_cancelled_meeting_says_so(client, chair, member, plenary):
    services.cancel_meeting(meeting=plenary, by=chair)
    client.force_login(member)

    response = client.get(_url(plenary, "reunion.ics"))

    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["status"]) == "CANCELLED"


@pytest.mark.parametrize("count", [1, 10])
def test_group_page_budget_with_cancelled_meetings(client, chair, moderated_group, count, django_assert_num_queries):
    for _ in range(count):
        active_in(moderated_group, member_of(CompanyFactory()))
        MeetingFactory(group=moderated_group)
        MeetingFactory(group=moderated_group, cancelled_at=timezone.now(), cancelled_by=chair)
        WorkingGroupFactory(parent=moderated_group)
    client.force_login(chair)

    # +1: the header's unread notifications count (the bell); +2: the group's comment thread.
    with django_assert_num_queries(11):
        response = client.get("/groupes/think-tank/")

    assert len(response.context["meetings"]) == 2 * count
    assert sum(m.is_cancelled for m in response.context["meetings"]) == count


def test_a_member_of_a_suspended_company_is_not_told_of_a_cancellation(
    chair, member, plenary, mailoutbox, django_capture_on_commit_callbacks
):
    suspended = member_of(CompanyFactory(status="suspended"), user__email="suspended@example.com")
    active_in(plenary.group, suspended)

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting=plenary, by=chair)

    assert [m.to for m in mailoutbox] == [[member.email]]


def test_stale_edit_form_is_refused_and_keeps_the_other_change(client, chair, plenary):
    other_chair = chair
    stale_form = _form(plenary, agenda="1. Budget (mon ordre du jour)")
    services.update_meeting(meeting=plenary, by=other_chair, version=plenary.version, place="Salle B")
    client.force_login(chair)

    response = client.post(_url(plenary, "modifier/"), stale_form)

    plenary.refresh_from_db()
    assert response.status_code == 200
    assert "modifiée entre-temps" in response.content.decode()
    assert (plenary.place, plenary.agenda, plenary.version) == ("Salle B", "", 2)


def test_one_audience_for_page_emails_reminders_and_calendar(
    client, chair, member, plenary, mailoutbox, django_capture_on_commit_callbacks
):
    suspended = member_of(CompanyFactory(status="suspended"), user__email="suspended@example.com")
    former = member_of(CompanyFactory(status="former"), user__email="former@example.com")
    revoked = member_of(CompanyFactory(), user__email="revoked@example.com")
    revoked.affiliations.update(status="rejected")
    inactive = member_of(CompanyFactory(), user__email="inactive@example.com", user__is_active=False)
    people = [member, suspended, former, revoked, inactive]
    for person in people[1:]:
        active_in(plenary.group, person)

    sees_page, in_calendar = set(), set()
    for person in people:
        client.force_login(person)
        if client.get(_url(plenary)).status_code == 200:
            sees_page.add(person.email)
        feed = client.get(f"/calendar/{person.calendar_token}.ics")
        if feed.status_code == 200 and plenary.title in feed.content.decode():
            in_calendar.add(person.email)
    reminded = {person.email for person in get_source(DeadlineKind.MEETING).targets(plenary)} - {chair.email}
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting=plenary, by=chair)
    emailed = {message.to[0] for message in mailoutbox}

    assert sees_page == in_calendar == reminded == emailed == {member.email}
