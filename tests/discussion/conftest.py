"""A world to discuss in: a private group (a chair from a third company, a member, and an outsider who
only asked to join), a consultation of that group, an all-member consultation and an action."""

import pytest

from discussion.registry import thread_for
from tests.factories import CompanyFactory, member_of
from tests.groups.factories import WorkingGroupFactory, active_in, chair_of, pending_in
from tests.roadmap.factories import ActionFactory, ConsultationFactory


@pytest.fixture
def group(db):
    return WorkingGroupFactory(name="Évaluation", slug="evaluation", is_open=False)


@pytest.fixture
def chair(group):
    user = member_of(CompanyFactory(name="Présidente SA"), user__email="claire.chair@chair.example")
    user.full_name = "Claire Présidente"
    user.save(update_fields=["full_name"])
    chair_of(group, user)
    return user


@pytest.fixture
def seat(group, member):
    return active_in(group, member)


@pytest.fixture
def colleague(company, group):
    """Another member of the group, from the member's company."""
    user = member_of(company, user__email="paul.pair@company.example", user__full_name="Paul Pair")
    active_in(group, user)
    return user


@pytest.fixture
def asking(group, outsider):
    """``outsider`` only asked to join the group: not a member."""
    return pending_in(group, outsider)


@pytest.fixture
def action(db):
    return ActionFactory(number=12, title="Interopérabilité")


@pytest.fixture
def group_consultation(group, action, seat, chair):
    return ConsultationFactory(action=action, group=group, question="Faut-il un référentiel commun ?")


@pytest.fixture
def all_consultation(action):
    return ConsultationFactory(action=action, question="Soutenez-vous cette action ?")


@pytest.fixture
def group_thread(group, member, seat):
    return thread_for(member, f"group:{group.slug}")


def thread_of(user, on: str):
    return thread_for(user, on)
