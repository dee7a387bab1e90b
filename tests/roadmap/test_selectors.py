import pytest

from roadmap.enums import PositionStatus
from roadmap.selectors import open_consultations_awaiting

from .factories import ConsultationFactory, PositionFactory

pytestmark = pytest.mark.django_db


def test_open_consultations_awaiting_ignores_positions_submitted_elsewhere(action, company, other_company):
    awaiting = ConsultationFactory(action=action, question="Celle-ci ?")
    answered = ConsultationFactory(action=action, question="Déjà répondu")
    PositionFactory(consultation=awaiting, company=company, status=PositionStatus.DRAFT)
    PositionFactory(consultation=answered, company=company, status=PositionStatus.SUBMITTED)
    PositionFactory(consultation=awaiting, company=other_company, status=PositionStatus.SUBMITTED)

    result = list(open_consultations_awaiting(company))

    assert result == [awaiting]
