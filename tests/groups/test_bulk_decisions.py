"""Join requests decided together from the requests page: each through decide_membership (its rules,
history and email), the wrong caller refused with nothing changed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups.enums import MembershipStatus
from groups.models import Membership

from ..factories import CompanyFactory, member_of
from .factories import WorkingGroupFactory, active_in, chair_of, pending_in

pytestmark = pytest.mark.django_db

URL = reverse("groups:memberships-decide-bulk")


@pytest.fixture
def chair(company):
    return member_of(company, user__email="chair@company.example", user__full_name="Claire Présidente")


@pytest.fixture
def requests_(chair):
    group = WorkingGroupFactory(name="Groupe modéré", slug="modere", is_open=False)
    chair_of(group, chair)
    return [
        pending_in(group, member_of(CompanyFactory(name=f"Entreprise {i}"), user__full_name=f"Personne {i}"))
        for i in range(4)
    ]


def _statuses(requests_) -> list[str]:
    return [Membership.objects.get(pk=request.pk).status for request in requests_]


def test_a_chair_approves_the_ticked_requests_in_one_go(
    client, chair, requests_, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(chair)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"memberships": [r.pk for r in requests_[:3]], "decision": "approve"}, follow=True)

    assert response.redirect_chain == [(reverse("groups:requests") + "#adhesions", 302)]
    assert _statuses(requests_) == [MembershipStatus.ACTIVE] * 3 + [MembershipStatus.PENDING]
    assert sorted(message.to[0] for message in mailoutbox) == sorted(r.user.email for r in requests_[:3])
    assert "3 demandes approuvées." in response.content.decode()


def test_a_request_decided_meanwhile_is_reported_and_the_others_are_decided(client, chair, requests_):
    client.force_login(chair)
    Membership.objects.filter(pk=requests_[0].pk).update(status=MembershipStatus.REJECTED)

    response = client.post(URL, {"memberships": [r.pk for r in requests_[:2]], "decision": "reject"}, follow=True)

    html = response.content.decode()
    assert _statuses(requests_[:2]) == [MembershipStatus.REJECTED, MembershipStatus.REJECTED]
    assert "1 demande refusée." in html
    assert "Cette demande a déjà été traitée" in html


def test_nothing_ticked_says_so_and_changes_nothing(client, chair, requests_):
    client.force_login(chair)

    response = client.post(URL, {"decision": "approve"}, follow=True)

    assert "Cochez au moins une demande." in response.content.decode()
    assert _statuses(requests_) == [MembershipStatus.PENDING] * 4


@pytest.mark.parametrize("caller", ["member", "outsider", "lonely_user"])
def test_someone_who_does_not_chair_the_group_gets_404_and_nothing_changes(client, request, requests_, caller):
    client.force_login(request.getfixturevalue(caller))

    response = client.post(URL, {"memberships": [requests_[0].pk], "decision": "approve"})

    assert response.status_code == 404
    assert _statuses(requests_) == [MembershipStatus.PENDING] * 4


def test_a_member_of_the_group_who_does_not_chair_it_gets_403_and_nothing_changes(client, company, requests_):
    seated = member_of(company, user__email="seated@company.example")
    active_in(requests_[0].group, seated)
    client.force_login(seated)

    response = client.post(URL, {"memberships": [requests_[0].pk], "decision": "approve"})

    assert response.status_code == 403
    assert _statuses(requests_) == [MembershipStatus.PENDING] * 4


def test_the_chair_of_another_group_gets_404_for_a_mixed_selection_and_nothing_changes(client, chair, requests_):
    other = WorkingGroupFactory(name="Autre groupe", slug="autre")
    stranger = pending_in(other, member_of(CompanyFactory(name="Tierce")))
    client.force_login(chair)

    response = client.post(URL, {"memberships": [requests_[0].pk, stranger.pk], "decision": "approve"})

    assert response.status_code == 404
    assert _statuses([*requests_, stranger]) == [MembershipStatus.PENDING] * 5


def test_anonymous_is_sent_to_login_and_nothing_changes(client, requests_):
    response = client.post(URL, {"memberships": [requests_[0].pk], "decision": "approve"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert _statuses(requests_) == [MembershipStatus.PENDING] * 4


def test_get_is_not_allowed(client, chair):
    client.force_login(chair)

    assert client.get(URL).status_code == 405


def test_requests_page_with_checkboxes_reads_as_much_for_1_and_10_requests(client, chair):
    group = WorkingGroupFactory(slug="budget", is_open=False)
    chair_of(group, chair)
    client.force_login(chair)
    page = reverse("groups:requests")

    counts = {}
    for count in (1, 10):
        while Membership.objects.filter(group=group, status=MembershipStatus.PENDING).count() < count:
            pending_in(group, member_of(CompanyFactory()))
        client.get(page)  # session warmed
        with CaptureQueriesContext(connection) as queries:
            html = client.get(page).content.decode()
        counts[count] = len(queries)
        assert html.count('form="bulk-memberships"') == count

    assert counts[1] == counts[10]
