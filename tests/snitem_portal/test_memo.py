"""Per-request memoisation: once per request, never across requests, forgotten after a write."""

from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from groups.models import Membership
from groups.selectors import live_memberships, meetings_visible_to, member_affiliation
from snitem_portal.memo import RequestMemoMiddleware, per_request, recall
from tests.groups.factories import MeetingFactory, WorkingGroupFactory, active_in


def _in_request(view):
    """Run ``view`` inside the middleware, as a request would; return what it returned."""
    seen = {}

    def get_response(request):
        seen["value"] = view()
        return HttpResponse()

    RequestMemoMiddleware(get_response)(RequestFactory().get("/"))
    return seen["value"]


def test_outside_a_request_every_call_builds():
    calls = []

    per_request("key", lambda: calls.append(1))
    per_request("key", lambda: calls.append(1))

    assert calls == [1, 1]
    assert recall("key") is None


def test_within_a_request_the_value_is_built_once_and_not_kept_after():
    calls = []

    def view():
        first = per_request("key", lambda: calls.append(1) or "value")
        second = per_request("key", lambda: calls.append(1) or "other")
        return first, second, recall("key")

    assert _in_request(view) == ("value", "value", "value")
    assert _in_request(lambda: recall("key")) is None
    assert calls == [1]


def test_a_membership_change_in_the_request_is_seen_by_later_reads(member):
    group = WorkingGroupFactory()

    def view():
        before = [m.group_id for m in live_memberships(member)]
        active_in(group, member)
        after = [m.group_id for m in live_memberships(member)]
        return before, after

    assert _in_request(view) == ([], [group.pk])
    assert Membership.objects.filter(user=member, group=group).exists()


def test_meetings_use_the_memberships_the_request_read(member, outsider):
    mine, other = WorkingGroupFactory(), WorkingGroupFactory()
    active_in(mine, member)
    active_in(other, outsider)
    meeting = MeetingFactory(group=mine)
    MeetingFactory(group=other)

    def view():
        live_memberships(member)
        member_affiliation(member)
        with CaptureQueriesContext(connection) as queries:
            found = list(meetings_visible_to(member))
        return found, [query["sql"] for query in queries.captured_queries]

    found, queries = _in_request(view)

    # One query, with the group ids inlined instead of a subquery on memberships.
    assert found == [meeting]
    assert len(queries) == 1
    assert "groups_membership" not in queries[0]
    assert list(meetings_visible_to(member)) == [meeting]
