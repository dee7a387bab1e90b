import pytest
from django.utils import translation

from ..factories import CompanyFactory, member_of
from ..groups.factories import MeetingFactory, WorkingGroupFactory, active_in, chair_of


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
def group(db):
    return WorkingGroupFactory(name="Évaluation", slug="evaluation")


@pytest.fixture
def chair(group):
    user = member_of(
        CompanyFactory(name="Présidente SA"), user__email="chair@chair.example", user__full_name="Claire Chair"
    )
    chair_of(group, user)
    return user


@pytest.fixture
def seat(group, member):
    return active_in(group, member)


@pytest.fixture
def colleague(group, company):
    """Another active member of the group (same company as ``member``)."""
    user = member_of(company, user__email="colleague@company.example", user__full_name="Colin Collègue")
    active_in(group, user)
    return user


@pytest.fixture
def meeting(group):
    return MeetingFactory(group=group, title="Réunion de mars")


def stored_files(root) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []
