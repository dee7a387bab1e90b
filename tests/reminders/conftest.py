import pytest

from tests.factories import CompanyFactory, UserFactory, member_of

from .factories import MeetingFactory, MembershipFactory, WorkingGroupFactory


@pytest.fixture
def default_rules(transactional_db):
    """The rules of the data migration, for transactional tests (a previous one's flush removed them)."""
    from reminders.conf import DEFAULT_OFFSETS_DAYS
    from reminders.enums import DeadlineKind
    from reminders.models import ReminderRule

    for kind in DeadlineKind.values:
        for days in DEFAULT_OFFSETS_DAYS:
            ReminderRule.objects.get_or_create(kind=kind, days_before=days, hours_before=0)


@pytest.fixture
def group(db):
    return WorkingGroupFactory(name="Évaluation des solutions", slug="evaluation")


@pytest.fixture
def meeting(group):
    """A meeting in 12 hours: both default rules (7 days, 1 day) are due."""
    return MeetingFactory(group=group, title="Plénière")


def add_members(group, count: int, **user_kwargs):
    """``count`` active members of ``group``, each a member of an active company."""
    company = CompanyFactory()
    return [
        MembershipFactory(group=group, user=member_of(company, user=UserFactory(**user_kwargs))).user
        for _ in range(count)
    ]
