"""Requests to decide: summarised on the dashboard, listed in full on their own paginated page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from groups.enums import AffiliationStatus, MembershipStatus
from groups.models import Membership
from tests.factories import AffiliationFactory, CompanyFactory, member_of

from .factories import WorkingGroupFactory, active_in, pending_in


def _pending_affiliations(company, count):
    return [AffiliationFactory(company=company, status=AffiliationStatus.PENDING) for _ in range(count)]


def _pending_memberships(group, count):
    return [pending_in(group, member_of(CompanyFactory())) for _ in range(count)]


def _panel(response, title):
    return next(panel for panel in response.context["panels"] if panel.title == title)


def test_staff_dashboard_lists_five_requests_and_links_to_the_rest(client, staff, company, moderated_group):
    _pending_affiliations(company, 7)
    _pending_memberships(moderated_group, 8)
    client.force_login(staff)

    response = client.get("/tableau-de-bord/")

    affiliations = _panel(response, "Demandes de rattachement à traiter")
    memberships = _panel(response, "Demandes d'adhésion aux groupes à traiter")
    assert (len(affiliations.context["pending"]), affiliations.context["more"], affiliations.action_count) == (5, 2, 7)
    assert (len(memberships.context["pending"]), memberships.context["more"], memberships.action_count) == (5, 3, 8)
    html = response.content.decode()
    assert '<a href="/demandes/#rattachements">Et 2 autres demandes à traiter</a>' in html
    assert '<a href="/demandes/#adhesions">Et 3 autres demandes à traiter</a>' in html


def test_dashboard_with_few_requests_has_no_more_link(client, chair, member, moderated_group):
    pending_in(moderated_group, member)
    client.force_login(chair)

    response = client.get("/tableau-de-bord/")

    panel = _panel(response, "Demandes d'adhésion aux groupes à traiter")
    assert (len(panel.context["pending"]), panel.context["more"], panel.action_count) == (1, 0, 1)
    assert "/demandes/" not in response.content.decode()


@pytest.mark.parametrize("count", [1, 12])
def test_staff_dashboard_query_budget(client, staff, company, moderated_group, count, django_assert_num_queries):
    _pending_affiliations(company, count)
    _pending_memberships(moderated_group, count)
    client.force_login(staff)

    # Each request panel counts its rows in the query that reads them (no count query).
    # +1: the header's unread notifications count (the bell). +2: the meetings' action items (their
    # panel, and their deadline source in the reminders panel).
    with django_assert_num_queries(13):
        response = client.get("/tableau-de-bord/")

    assert _panel(response, "Demandes de rattachement à traiter").action_count == count


def _dashboard_queries(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/tableau-de-bord/")
    return response, [query["sql"] for query in queries.captured_queries]


def test_member_who_chairs_nothing_costs_no_request_query(client, member, chair, moderated_group):
    active_in(moderated_group, member)

    as_member, member_queries = _dashboard_queries(client, member)
    _as_chair, chair_queries = _dashboard_queries(client, chair)

    # Both belong to one group of the same data; only the chair's dashboard looks for requests to decide.
    assert len(member_queries) == len(chair_queries) - 1
    assert sum('"groups_membership"."status" = \'pending\'' in sql for sql in member_queries) == 0
    titles = [panel.title for panel in as_member.context["panels"]]
    assert "Mes groupes de travail" in titles


def test_requests_page_lists_every_request_fifty_at_a_time(client, staff, company, moderated_group):
    pending = _pending_memberships(moderated_group, 51)
    _pending_affiliations(company, 2)
    client.force_login(staff)

    first = client.get("/demandes/")
    second = client.get("/demandes/?adhesions=2")

    assert first.status_code == second.status_code == 200
    assert [m.pk for m in first.context["memberships"]] == [m.pk for m in pending[:50]]
    assert [m.pk for m in second.context["memberships"]] == [pending[50].pk]
    assert len(first.context["affiliations_panel"]["context"]["pending"]) == 2
    assert 'href="?adhesions=2#adhesions"' in first.content.decode()


def test_requests_page_shows_a_chair_only_their_groups_requests(client, chair, moderated_group, open_group):
    mine = pending_in(moderated_group, member_of(CompanyFactory()))
    pending_in(open_group, member_of(CompanyFactory()))
    client.force_login(chair)

    response = client.get("/demandes/")

    assert [m.pk for m in response.context["memberships"]] == [mine.pk]
    assert list(response.context["affiliations_page"]) == []


def test_requests_page_shows_a_plain_member_nothing(client, member, moderated_group):
    pending_in(moderated_group, member_of(CompanyFactory()))
    client.force_login(member)

    response = client.get("/demandes/")

    assert response.status_code == 200
    assert list(response.context["memberships"]) == []
    assert "Aucune demande d'adhésion à traiter." in response.content.decode()


def test_requests_page_needs_login(client):
    response = client.get("/demandes/")

    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]


@pytest.mark.parametrize("count", [1, 10])
def test_requests_page_query_budget(client, staff, company, moderated_group, count, django_assert_num_queries):
    _pending_affiliations(company, count)
    _pending_memberships(moderated_group, count)
    client.force_login(staff)

    # +1: the header's unread notifications count (the bell).
    with django_assert_num_queries(8):
        response = client.get("/demandes/")

    assert len(response.context["memberships"]) == count


def test_decision_from_the_requests_page_comes_back_to_it(client, chair, member, moderated_group):
    request = pending_in(moderated_group, member)
    client.force_login(chair)

    response = client.post(
        f"/groupes/participations/{request.pk}/decision/", {"decision": "approve", "next": "/demandes/"}
    )

    assert response["Location"] == "/demandes/"
    assert Membership.objects.get(pk=request.pk).status == MembershipStatus.ACTIVE


def test_staff_dashboard_request_panels_stay_small_with_many_requests(client, staff, company):
    group = WorkingGroupFactory()
    _pending_memberships(group, 60)
    _pending_affiliations(company, 60)
    client.force_login(staff)

    response = client.get("/tableau-de-bord/")

    assert len(_panel(response, "Demandes d'adhésion aux groupes à traiter").context["pending"]) == 5
    assert response.content.decode().count('name="decision" value="approve"') == 10
