"""The synthesis tells a member how many companies did not answer, never which ones."""

import pytest

from roadmap.enums import PositionStatus
from roadmap.selectors import synthesis_of
from tests.factories import CompanyFactory, member_of
from tests.groups.factories import WorkingGroupFactory, active_in, chair_of

from .factories import ConsultationFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def group_consultation(action, company, member):
    group = WorkingGroupFactory(name="Évaluation", slug="evaluation")
    active_in(group, member)
    for name in ("Silencieuse SA", "Muette SAS"):
        active_in(group, member_of(CompanyFactory(name=name)))
    consultation = ConsultationFactory(action=action, group=group)
    PositionFactory(consultation=consultation, company=company, status=PositionStatus.SUBMITTED, shared=True)
    return consultation


def test_member_sees_how_many_did_not_answer_but_not_who(client, member, group_consultation, settings):
    settings.SYNTHESIS_MIN_GROUP = 1  # counts of one and two, not masked here
    client.force_login(member)

    synthesis = synthesis_of(group_consultation, viewer=member)
    page = client.get(group_consultation.get_absolute_url()).content.decode()

    assert (synthesis.invited, synthesis.responded, synthesis.no_record) == (3, 1, 2)
    assert synthesis.no_record_companies == []
    assert "Silencieuse SA" not in page
    assert "Muette SAS" not in page


def test_staff_and_group_chairs_see_who_did_not_answer(client, staff, group_consultation):
    chair = member_of(CompanyFactory(name="Présidente SA"))
    chair_of(group_consultation.group, chair)
    client.force_login(chair)

    page = client.get(group_consultation.get_absolute_url()).content.decode()

    assert synthesis_of(group_consultation, viewer=staff).no_record_companies == [
        "Muette SAS",
        "Présidente SA",
        "Silencieuse SA",
    ]
    assert "Silencieuse SA" in page
