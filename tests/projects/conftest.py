import pytest
from django.utils import translation

from ..factories import CompanyFactory, UserFactory, member_of
from .factories import CallFactory, SubmissionFactory, submitted


@pytest.fixture(autouse=True)
def french():
    """Service and form messages are checked in French, whatever a previous request activated."""
    with translation.override("fr"):
        yield


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def call(db):
    return CallFactory(title="Appel IA santé", slug="appel-ia-sante")


@pytest.fixture
def draft(call, company, member):
    return SubmissionFactory(call=call, company=company, title="Notre projet", created_by=member)


@pytest.fixture
def other_draft(call, other_company):
    return SubmissionFactory(call=call, company=other_company, title="Projet secret de l'autre")


@pytest.fixture
def other_submitted(call, other_company):
    return submitted(call=call, company=other_company, title="Projet déposé de l'autre")


@pytest.fixture
def juror(call):
    """An external juror (no company) on the call's jury."""
    user = UserFactory(email="juror@jury.example", full_name="Jules Juré")
    call.jurors.add(user)
    return user


@pytest.fixture
def company_juror(call, company):
    """A juror who works for ``company``."""
    user = member_of(company, user__email="juror@company.example", user__full_name="Julie Jurée")
    call.jurors.add(user)
    return user


@pytest.fixture
def third_company(db):
    return CompanyFactory(name="Tierce Entreprise")
