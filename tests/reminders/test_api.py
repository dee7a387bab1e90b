from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from .factories import MeetingFactory, MembershipFactory, WorkingGroupFactory


def test_deadlines_lists_the_callers_upcoming_deadlines(api_client, member, settings):
    settings.SITE_URL = "https://portail.example"
    group = WorkingGroupFactory(name="Formation")
    MembershipFactory(group=group, user=member)
    soon = MeetingFactory(group=group, title="Atelier", starts_at=timezone.now() + timedelta(days=2))
    later = MeetingFactory(group=group, title="Plénière", starts_at=timezone.now() + timedelta(days=40))
    MeetingFactory(group=group, title="Passée", starts_at=timezone.now() - timedelta(days=1))
    MeetingFactory(title="Pas mon groupe")
    api_client.force_authenticate(member)

    response = api_client.get("/api/v1/deadlines/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [(row["kind"], row["title"]) for row in body["results"]] == [
        ("meeting", "Formation — Atelier"),
        ("meeting", "Formation — Plénière"),
    ]
    assert body["results"][0]["url"].startswith("https://portail.example/")
    assert body["results"][0]["due_at"] == timezone.localtime(soon.starts_at).isoformat()
    assert later.pk != soon.pk


def test_deadlines_need_authentication(api_client, db):
    response = api_client.get("/api/v1/deadlines/")

    assert response.status_code == 401


def test_deadlines_refused_to_a_user_without_company(api_client, lonely_user, group):
    MembershipFactory(group=group, user=lonely_user)
    MeetingFactory(group=group)
    api_client.force_authenticate(lonely_user)

    response = api_client.get("/api/v1/deadlines/")

    assert response.status_code == 403


@pytest.mark.parametrize("count", [1, 10])
def test_deadlines_query_count_is_constant(api_client, member, group, count, django_assert_num_queries):
    MembershipFactory(group=group, user=member)
    MeetingFactory.create_batch(count, group=group)
    api_client.force_authenticate(member)

    # The affiliation check, then one query per deadline source (meetings, consultations, calls, extensions,
    # action items).
    with django_assert_num_queries(6):
        response = api_client.get("/api/v1/deadlines/")

    assert response.json()["count"] == count


def _titles(response) -> list[str]:
    return [row["title"] for row in response.json()["results"]]


def test_deadlines_served_again_from_the_cache_run_no_source_query(api_client, member, group):
    MembershipFactory(group=group, user=member)
    MeetingFactory(group=group, title="Atelier")
    api_client.force_authenticate(member)
    first = api_client.get("/api/v1/deadlines/")

    with CaptureQueriesContext(connection) as captured:
        second = api_client.get("/api/v1/deadlines/")

    assert [q["sql"] for q in captured if "groups_meeting" in q["sql"] or "roadmap_" in q["sql"]] == []
    assert second.json() == first.json()


def test_cached_deadlines_are_each_callers_own(api_client, member, outsider, group):
    MembershipFactory(group=group, user=member)
    MeetingFactory(group=group, title="Atelier")
    api_client.force_authenticate(member)
    api_client.get("/api/v1/deadlines/")
    api_client.force_authenticate(outsider)

    response = api_client.get("/api/v1/deadlines/")

    assert response.json()["count"] == 0


def test_a_changed_meeting_shows_in_the_deadlines_at_once(api_client, member, group):
    MembershipFactory(group=group, user=member)
    meeting = MeetingFactory(group=group, title="Atelier")
    api_client.force_authenticate(member)
    api_client.get("/api/v1/deadlines/")
    meeting.title = "Atelier reporté"
    meeting.save()

    response = api_client.get("/api/v1/deadlines/")

    assert _titles(response) == [f"{group.name} — Atelier reporté"]


def test_a_cached_deadline_is_dropped_the_second_it_passes(api_client, member, group):
    # The start of a minute: both reads fall in the same minute, the second one served from the cache.
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=1)
    MembershipFactory(group=group, user=member)
    MeetingFactory(group=group, title="Atelier", starts_at=start + timedelta(seconds=5))
    MeetingFactory(group=group, title="Plénière", starts_at=start + timedelta(days=3))
    api_client.force_authenticate(member)
    with time_machine.travel(start, tick=False):
        before = _titles(api_client.get("/api/v1/deadlines/"))

    with time_machine.travel(start + timedelta(seconds=6), tick=False):
        after = _titles(api_client.get("/api/v1/deadlines/"))

    assert before == [f"{group.name} — Atelier", f"{group.name} — Plénière"]
    assert after == [f"{group.name} — Plénière"]


def test_me_gives_the_absolute_calendar_url(api_client, member, settings):
    settings.SITE_URL = "https://portail.example"
    api_client.force_authenticate(member)

    response = api_client.get("/api/v1/me/")

    assert response.json()["calendar_url"] == f"https://portail.example/calendar/{member.calendar_token}.ics"
