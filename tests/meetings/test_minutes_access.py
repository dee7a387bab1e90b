"""Who reads minutes is one rule (``minutes_visible_to`` / ``can_read_minutes``): the comment thread,
search, the API and the pages agree on it."""

import pytest
from django.contrib.auth.models import AnonymousUser

from meetings.enums import MinutesStatus
from meetings.models import Minutes
from meetings.permissions import can_read_minutes
from meetings.selectors import minutes_of, minutes_visible_to
from meetings.services import save_minutes
from search.selectors import Search
from tests.groups.factories import MeetingFactory

pytestmark = pytest.mark.django_db

COMMENTS = "/api/v1/comments/"


def _minutes_api(meeting) -> str:
    return f"/api/v1/meetings/{meeting.pk}/minutes/"


def test_the_predicate_and_the_selector_agree_for_every_state_and_reader(group, chair, attendee, outsider, staff):
    rows = {
        status: Minutes.objects.create(meeting=MeetingFactory(group=group), text="Relevé.", status=status)
        for status in MinutesStatus.values
    }
    people = {"chair": chair, "member": attendee, "other company": outsider, "staff": staff, "visitor": AnonymousUser()}

    listed = {who: sorted(minutes_visible_to(user).values_list("status", flat=True)) for who, user in people.items()}
    # The predicate is asked for a meeting its reader sees (the pages and the API load it through
    # meetings_visible_to first): the group's members, its chairs and staff.
    predicate = {
        who: sorted(status for status, minutes in rows.items() if can_read_minutes(people[who], minutes))
        for who in ("chair", "member", "staff")
    }

    assert listed == {
        "chair": ["approved", "circulated", "draft"],
        "member": ["approved", "circulated"],
        "other company": [],
        "staff": ["approved", "circulated", "draft"],
        "visitor": [],
    }
    assert predicate == {who: listed[who] for who in ("chair", "member", "staff")}


def _what_each_place_shows(client, api_client, user, meeting, minutes) -> dict:
    client.force_login(user)
    api_client.force_authenticate(user)
    return {
        "thread": api_client.get(f"{COMMENTS}?on=minutes:{minutes.pk}").status_code,
        "search": Search(user, "cybersécurité").counts,
        "api": api_client.get(_minutes_api(meeting)).status_code,
        "page": client.get(minutes.get_absolute_url()).status_code,
        "panel": "audit de cybersécurité" in client.get(meeting.get_absolute_url()).content.decode(),
    }


def test_a_draft_is_hidden_from_members_everywhere_and_shown_to_chairs_everywhere(
    postgres_only, client, api_client, meeting, chair, attendee, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        minutes = save_minutes(
            meeting=meeting, by=chair, text="Décision : audit de cybersécurité.", status=MinutesStatus.DRAFT, version=0
        )

    shown = {
        who: _what_each_place_shows(client, api_client, user, meeting, minutes)
        for who, user in {"chair": chair, "member": attendee, "staff": staff}.items()
    }

    readable = {"thread": 200, "search": {"minutes": 1}, "api": 200, "page": 200, "panel": True}
    assert shown == {
        "chair": readable,
        "member": {"thread": 404, "search": {}, "api": 404, "page": 403, "panel": False},
        "staff": readable,
    }


def test_circulated_minutes_are_shown_to_members_everywhere(
    postgres_only, client, api_client, meeting, chair, attendee, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft = save_minutes(
            meeting=meeting, by=chair, text="Décision : audit de cybersécurité.", status=MinutesStatus.DRAFT, version=0
        )
        minutes = save_minutes(
            meeting=meeting, by=chair, text=draft.text, status=MinutesStatus.CIRCULATED, version=draft.version
        )

    member = _what_each_place_shows(client, api_client, attendee, meeting, minutes)
    api_client.force_authenticate(outsider)
    outside = (
        api_client.get(f"{COMMENTS}?on=minutes:{minutes.pk}").status_code,
        Search(outsider, "cybersécurité").counts,
        api_client.get(_minutes_api(meeting)).status_code,
    )

    assert member == {"thread": 200, "search": {"minutes": 1}, "api": 200, "page": 200, "panel": True}
    assert outside == (404, {}, 404)


def test_minutes_of_reads_the_group_of_the_meeting_given(meeting, chair, django_assert_num_queries):
    Minutes.objects.create(meeting=meeting, text="Relevé.", status=MinutesStatus.DRAFT)

    with django_assert_num_queries(2):  # the minutes, and the chair's seats: not the meeting again
        found = minutes_of(meeting)
        readable = can_read_minutes(chair, found)

    assert readable is True
