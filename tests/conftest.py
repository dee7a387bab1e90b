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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Close connections left by the live server's request threads before dropping the test DB."""
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


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


@pytest.fixture
def browser_page(chromium_path, live_server, monkeypatch):
    """A Playwright page in Debian's headless Chromium, pointed at the live test server.

    Use ``browser_page.goto(live_server.url + "/...")``.
    """
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # test itself between browser steps are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()


def login_in_browser(page, live_server, email: str, password: str) -> None:
    page.goto(f"{live_server.url}/compte/login/")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url(f"{live_server.url}/tableau-de-bord/")
