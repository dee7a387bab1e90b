import pytest

from tests.factories import CompanyFactory, member_of

from .factories import WorkingGroupFactory, chair_of


@pytest.fixture
def open_group(db):
    return WorkingGroupFactory(name="Formation", slug="formation", is_open=True)


@pytest.fixture
def moderated_group(db):
    return WorkingGroupFactory(name="Think tank", slug="think-tank", is_open=False)


@pytest.fixture
def chair_company(db):
    return CompanyFactory(name="Entreprise Présidente")


@pytest.fixture
def chair(chair_company, moderated_group):
    """The chair of ``moderated_group``, from a third company."""
    user = member_of(chair_company, user__email="chair@chair.example", user__full_name="Claire Présidente")
    chair_of(moderated_group, user)
    return user
