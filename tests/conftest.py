import os
import shutil

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from .factories import CompanyFactory, UserFactory, member_of, referent_of

IN_CI = bool(os.environ.get("CI"))


def require_service(available: bool, reason: str) -> None:
    """Skip locally when a real service is missing; in CI a missing service is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


@pytest.fixture
def postgres_only():
    require_service(
        settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        "needs PostgreSQL (set DATABASE_URL=postgres://...)",
    )


@pytest.fixture
def redis_broker_url():
    url = settings.CELERY_BROKER_URL
    require_service(url.startswith("redis://"), "needs Redis (set CELERY_BROKER_URL=redis://...)")
    return url


@pytest.fixture
def chromium_path():
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    require_service(bool(path), "needs Debian's chromium (apt-get install chromium)")
    return path


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def company(db):
    return CompanyFactory(name="Demo Company 1")


@pytest.fixture
def other_company(db):
    return CompanyFactory(name="Autre Entreprise")


@pytest.fixture
def member(company):
    return member_of(company, user__email="member@company.example", user__full_name="Marie Membre")


@pytest.fixture
def referent(company):
    return referent_of(company, user__email="referent@company.example", user__full_name="Rémi Référent")


@pytest.fixture
def outsider(other_company):
    return member_of(other_company, user__email="outsider@other.example", user__full_name="Olga Autre")


@pytest.fixture
def staff(db):
    return UserFactory(email="staff@snitem.example", full_name="Sam Staff", is_staff=True)


@pytest.fixture
def lonely_user(db):
    """A verified user with no company."""
    return UserFactory(email="lonely@nowhere.example")
