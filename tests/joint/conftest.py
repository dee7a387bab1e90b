from datetime import timedelta

import pytest
from django.utils import timezone

from roadmap.enums import PositionStatus, Stance
from tests.factories import CompanyFactory, UserFactory, member_of, referent_of
from tests.groups.factories import WorkingGroupFactory, active_in, chair_of
from tests.roadmap.factories import ActionFactory, ConsultationFactory, PositionFactory

SECRET = "ARGUMENT-NON-PARTAGÉ"


@pytest.fixture
def world(db):
    """A closed consultation of a group: its chair, three member companies (two shared arguments, one
    unshared, one draft), a member of another company outside the group, staff."""
    group = WorkingGroupFactory(name="Think tank", slug="think-tank")
    action = ActionFactory(number=14, title="Programme e-parcours")
    consultation = ConsultationFactory(
        action=action,
        group=group,
        opens_at=timezone.now() - timedelta(days=30),
        closes_at=timezone.now() - timedelta(days=1),
    )
    chair = member_of(CompanyFactory(name="Présidente SA"), user__email="chair@chair.example")
    chair_of(group, chair)
    people, positions = {}, {}
    for name, stance, shared, status in [
        ("Alpha", Stance.SUPPORT, True, PositionStatus.SUBMITTED),
        ("Beta", Stance.OPPOSE, True, PositionStatus.SUBMITTED),
        ("Gamma", Stance.SUPPORT, False, PositionStatus.SUBMITTED),
        ("Delta", Stance.SUPPORT, True, PositionStatus.DRAFT),
    ]:
        company = CompanyFactory(name=f"{name} SA")
        member = member_of(company, user__email=f"member@{name.lower()}.example")
        active_in(group, member)
        people[name] = member
        argument = SECRET if name in ("Gamma", "Delta") else f"Argument de {name}"
        positions[name] = PositionFactory(
            consultation=consultation, company=company, stance=stance, argument=argument, shared=shared, status=status
        )
    outsider = member_of(CompanyFactory(name="Hors groupe SA"), user__email="outsider@elsewhere.example")
    staff = UserFactory(email="staff@snitem.example", is_staff=True)
    return {
        "group": group,
        "action": action,
        "consultation": consultation,
        "chair": chair,
        "people": people,
        "positions": positions,
        "outsider": outsider,
        "staff": staff,
        "referent_of": referent_of,
    }
