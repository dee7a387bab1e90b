from datetime import UTC, timedelta

import icalendar
import pytest
from django.utils import timezone

from groups.enums import MembershipStatus
from reminders.services import regenerate_calendar_token

from .factories import MeetingFactory, MembershipFactory


def test_calendar_feed_parses_and_holds_the_users_meetings_in_utc(client, group, member):
    MembershipFactory(group=group, user=member)
    starts_at = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    meeting = MeetingFactory(group=group, title="Plénière", starts_at=starts_at)
    MeetingFactory(title="Réunion d'un autre groupe")

    response = client.get(f"/calendar/{member.calendar_token}.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(event["uid"]) for event in events] == [f"meeting-{meeting.pk}@snitem-portal"]
    (event,) = events
    assert event.decoded("dtstart") == starts_at.astimezone(UTC)
    assert event.decoded("dtstart").utcoffset() == timedelta(0)
    assert event.decoded("dtend") == meeting.ends_at.astimezone(UTC)
    assert "Plénière" in str(event["summary"])
    assert f"DTSTART:{starts_at.astimezone(UTC):%Y%m%dT%H%M%S}Z" in response.content.decode()


def test_calendar_feed_leaves_out_groups_the_user_left(client, group, member):
    MembershipFactory(group=group, user=member, status=MembershipStatus.LEFT)
    MeetingFactory(group=group)

    response = client.get(f"/calendar/{member.calendar_token}.ics")

    assert icalendar.Calendar.from_ical(response.content).walk("VEVENT") == []


def test_unknown_calendar_token_is_404(client, member):
    response = client.get("/calendar/not-a-token.ics")

    assert response.status_code == 404


def test_regenerated_token_revokes_the_old_feed(client, member):
    old = member.calendar_token

    new = regenerate_calendar_token(user=member)

    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200


def test_regenerate_from_the_preferences_page(client, member):
    old = member.calendar_token
    client.force_login(member)

    response = client.post("/notifications/calendrier/")

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.calendar_token != old


def test_regenerate_needs_a_login_and_changes_nothing(client, member):
    old = member.calendar_token

    response = client.post("/notifications/calendrier/")

    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]
    member.refresh_from_db()
    assert member.calendar_token == old


@pytest.mark.parametrize("path", ["/calendar/%00.ics", "/calendar/a%00b.ics", f"/calendar/{'x' * 65}.ics"])
def test_malformed_calendar_token_is_404(client, member, path):
    response = client.get(path)

    assert response.status_code == 404
