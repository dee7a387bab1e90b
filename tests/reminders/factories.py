from datetime import timedelta

import factory
from django.utils import timezone

from tests.groups.factories import MeetingFactory as GroupMeetingFactory
from tests.groups.factories import MembershipFactory, WorkingGroupFactory

__all__ = ["MeetingFactory", "MembershipFactory", "WorkingGroupFactory"]


class MeetingFactory(GroupMeetingFactory):
    """A meeting 12 hours away: inside both default reminder offsets (7 days and 1 day)."""

    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=12))
