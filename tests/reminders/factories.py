from datetime import timedelta

import factory
from django.utils import timezone

from tests.factories import CompanyFactory, member_of
from tests.groups.factories import MeetingFactory as GroupMeetingFactory
from tests.groups.factories import MembershipFactory as GroupMembershipFactory
from tests.groups.factories import WorkingGroupFactory

__all__ = ["MeetingFactory", "MembershipFactory", "WorkingGroupFactory"]


class MeetingFactory(GroupMeetingFactory):
    """A meeting 12 hours away: inside both default reminder offsets (7 days and 1 day)."""

    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=12))


class MembershipFactory(GroupMembershipFactory):
    """A group membership whose user, by default, belongs to an active company (reminders need both)."""

    user = factory.LazyFunction(lambda: member_of(CompanyFactory()))
