from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import CompanyFactory, member_of
from tests.groups.factories import MeetingFactory, WorkingGroupFactory, active_in, chair_of


@pytest.fixture
def group(db):
    return WorkingGroupFactory(name="Réglementaire", slug="reglementaire")


@pytest.fixture
def chair(group):
    user = member_of(
        CompanyFactory(name="Présidence SA"), user__email="chair@chair.example", user__full_name="Claire Présidente"
    )
    chair_of(group, user)
    return user


@pytest.fixture
def attendee(company, group):
    """An active member of the group (from the ``company`` fixture)."""
    user = member_of(company, user__email="alice@member.example", user__full_name="Alice Membre")
    active_in(group, user)
    return user


@pytest.fixture
def second_attendee(company, group):
    user = member_of(company, user__email="bob@member.example", user__full_name="Bob Membre")
    active_in(group, user)
    return user


@pytest.fixture
def meeting(group, chair):
    return MeetingFactory(group=group, title="Comité de rentrée", created_by=chair)


@pytest.fixture
def past_meeting(group, chair):
    starts = timezone.now().replace(microsecond=0) - timedelta(days=2)
    return MeetingFactory(group=group, title="Comité passé", starts_at=starts, ends_at=starts + timedelta(hours=2))
