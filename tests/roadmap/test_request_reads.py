"""Reads the roadmap's pages share within one request: right after a write, never stale."""

from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from roadmap.enums import ArgumentsShown, PositionStatus, Stance
from roadmap.permissions import can_open_some_consultation
from roadmap.selectors import positions_visible_to
from snitem_portal.memo import RequestMemoMiddleware
from tests.factories import CompanyFactory, member_of
from tests.groups.factories import active_in, chair_of

from .factories import PositionFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


def _in_request(view):
    """Run ``view`` inside the per-request memo, as a request would; return what it returned."""
    seen = {}

    def get_response(request):
        seen["value"] = view()
        return HttpResponse()

    RequestMemoMiddleware(get_response)(RequestFactory().get("/"))
    return seen["value"]


@pytest.fixture
def shared_elsewhere(consultation, other_company):
    """Another company's submitted, shared position in an open consultation that shows arguments after closing."""
    return PositionFactory(
        consultation=consultation,
        company=other_company,
        stance=Stance.SUPPORT,
        shared=True,
        status=PositionStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )


def test_positions_follow_a_consultation_changed_in_the_same_request(member, consultation, shared_elsewhere):
    def view():
        before = list(positions_visible_to(member))
        consultation.arguments_shown = ArgumentsShown.LIVE
        consultation.save()
        return before, list(positions_visible_to(member))

    before, after = _in_request(view)

    assert before == []
    assert after == [shared_elsewhere]


def test_positions_of_other_companies_are_read_by_the_invited_only(member, outsider, consultation, shared_elsewhere):
    consultation.opens_at = timezone.now() - timedelta(days=10)
    consultation.closes_at = timezone.now() - timedelta(days=1)
    consultation.save()
    group = WorkingGroupFactory()
    active_in(group, outsider)
    in_group = PositionFactory(
        consultation__group=group,
        consultation__arguments_shown=ArgumentsShown.LIVE,
        company=CompanyFactory(),
        shared=True,
        status=PositionStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )

    seen_by_member = _in_request(lambda: list(positions_visible_to(member)))
    seen_by_outsider = _in_request(lambda: sorted(p.pk for p in positions_visible_to(outsider)))

    # The group's consultation invites the outsider's company (they sit in the group), not the member's.
    assert seen_by_member == [shared_elsewhere]
    assert seen_by_outsider == sorted([shared_elsewhere.pk, in_group.pk])


def test_some_consultation_may_be_opened_by_staff_and_chairs_of_an_active_group(member, staff, company):
    chair = member_of(company, user__email="chair@company.example")
    chair_of(WorkingGroupFactory(), chair)
    retired_chair = member_of(company, user__email="retired@company.example")
    chair_of(WorkingGroupFactory(is_active=False), retired_chair)
    active_in(WorkingGroupFactory(), member)

    allowed = {
        who: _in_request(lambda who=who: can_open_some_consultation(who))
        for who in (staff, chair, retired_chair, member)
    }

    assert allowed == {staff: True, chair: True, retired_chair: False, member: False}


def test_action_page_counts_followers_and_knows_who_follows(client, member, outsider, action):
    action.followers.add(member, outsider)

    client.force_login(member)
    as_follower = client.get(reverse("roadmap:action-detail", args=[action.pk])).content.decode()
    client.force_login(member_of(outsider.affiliations.get().company, user__email="third@other.example"))
    as_other = client.get(reverse("roadmap:action-detail", args=[action.pk])).content.decode()

    assert "2 personnes suivent cette action." in as_follower
    assert "Ne plus suivre cette action" in as_follower
    assert "2 personnes suivent cette action." in as_other
    assert "Ne plus suivre cette action" not in as_other
    assert "Suivre cette action" in as_other
