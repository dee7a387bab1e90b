"""Factories of the groups app: working groups, memberships, meetings."""

from datetime import timedelta

import factory
from django.utils import timezone

from groups.enums import GroupRole, MembershipStatus
from groups.models import Meeting, Membership, WorkingGroup
from tests.factories import UserFactory


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    name = factory.Sequence(lambda n: f"Groupe {n}")
    slug = factory.Sequence(lambda n: f"groupe-{n}")
    description = "Un groupe de travail."
    is_open = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    group = factory.SubFactory(WorkingGroupFactory)
    role = GroupRole.MEMBER
    status = MembershipStatus.ACTIVE


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    group = factory.SubFactory(WorkingGroupFactory)
    title = factory.Sequence(lambda n: f"Réunion {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda meeting: meeting.starts_at + timedelta(hours=2))
    place = "Snitem, 92 boulevard Malesherbes, Paris"


def chair_of(group, user, role=GroupRole.CHAIR):
    return MembershipFactory(group=group, user=user, role=role, status=MembershipStatus.ACTIVE)


def active_in(group, user, role=GroupRole.MEMBER):
    return MembershipFactory(group=group, user=user, role=role, status=MembershipStatus.ACTIVE)


def pending_in(group, user):
    return MembershipFactory(group=group, user=user, status=MembershipStatus.PENDING, decided_at=None)
