from datetime import timedelta

import pytest
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


def test_me_gives_the_absolute_calendar_url(api_client, member, settings):
    settings.SITE_URL = "https://portail.example"
    api_client.force_authenticate(member)

    response = api_client.get("/api/v1/me/")

    assert response.json()["calendar_url"] == f"https://portail.example/calendar/{member.calendar_token}.ics"
