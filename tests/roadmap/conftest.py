from datetime import timedelta

import pytest
from django.utils import timezone

from roadmap.enums import PositionStatus, Stance

from .factories import ActionFactory, ConsultationFactory, PositionFactory

LEAK = "TEXTE-SECRET-DU-BROUILLON"


@pytest.fixture
def action(db):
    return ActionFactory(number=14, title="Programme e-parcours")


@pytest.fixture
def consultation(action):
    """Open, for every member company."""
    return ConsultationFactory(action=action)


@pytest.fixture
def closed_consultation(action):
    return ConsultationFactory(
        action=action,
        opens_at=timezone.now() - timedelta(days=30),
        closes_at=timezone.now() - timedelta(days=1),
    )


@pytest.fixture
def position(consultation, company, member):
    """The company's draft, last edited by a member."""
    return PositionFactory(consultation=consultation, company=company, updated_by=member)


@pytest.fixture
def other_draft(consultation, other_company):
    """Another company's draft, with a text that must never leak."""
    return PositionFactory(
        consultation=consultation,
        company=other_company,
        stance=Stance.OPPOSE,
        argument=LEAK,
        shared=True,
        status=PositionStatus.DRAFT,
    )


@pytest.fixture
def other_unshared(consultation, other_company):
    """Another company's submitted but unshared position."""
    return PositionFactory(
        consultation=consultation,
        company=other_company,
        stance=Stance.OPPOSE,
        argument=LEAK,
        shared=False,
        status=PositionStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
