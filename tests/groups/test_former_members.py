"""A seat in a group only counts while its holder belongs to an active member company."""

import pytest

from groups.enums import CompanyStatus, MembershipStatus
from groups.models import Membership

from .factories import MeetingFactory, active_in, pending_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def suspended_member(company, member, moderated_group):
    active_in(moderated_group, member)
    company.status = CompanyStatus.SUSPENDED
    company.save()
    return type(member).objects.get(pk=member.pk)


def test_member_of_suspended_company_no_longer_sees_meetings_or_members(client, suspended_member, moderated_group):
    meeting = MeetingFactory(group=moderated_group, agenda="Ordre du jour confidentiel")
    client.force_login(suspended_member)

    meeting_page = client.get(meeting.get_absolute_url())
    group_page = client.get(moderated_group.get_absolute_url())
    api = client.get(f"/api/v1/groups/{moderated_group.slug}/memberships/")

    assert meeting_page.status_code == 404
    assert "Ordre du jour confidentiel" not in group_page.content.decode()
    assert suspended_member.email not in group_page.content.decode()
    assert api.status_code in {403, 404}


def test_chair_whose_company_is_suspended_cannot_approve(api_client, chair, chair_company, moderated_group, outsider):
    request = pending_in(moderated_group, outsider)
    chair_company.status = CompanyStatus.SUSPENDED
    chair_company.save()
    api_client.force_authenticate(type(chair).objects.get(pk=chair.pk))

    response = api_client.post(f"/api/v1/memberships/{request.pk}/approve/")

    assert response.status_code in {403, 404}
    assert Membership.objects.get(pk=request.pk).status == MembershipStatus.PENDING
