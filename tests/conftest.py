import logging
import os
import shutil
import socket
import threading
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.cache import cache
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


def _run_together(*calls):
    """Run each call in its own thread (own database connection), released at the same moment.

    Returns what each call returned, or the exception it raised, in the order given.
    """
    from django.db import connection

    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.fixture
def run_together(postgres_only, transactional_db):
    """Race harness: ``run_together(call_a, call_b)`` on PostgreSQL, committed for real (row locks hold)."""
    return _run_together


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


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache (shared pages, sessions, rate limits), as with an empty database."""
    cache.clear()


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


@dataclass
class SmtpSink:
    """What a local aiosmtpd server received; refuses the first ``fail_first`` deliveries with ``refusal``."""

    fail_first: int = 0
    refusal: str = "451 4.3.0 Temporary failure, try again"
    received: list = field(default_factory=list)
    refused: int = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refused < self.fail_first:
            self.refused += 1
            return self.refusal
        self.received.append(envelope)
        return "250 OK"

    @property
    def attempts(self) -> int:
        return self.refused + len(self.received)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on localhost, and the settings that send to it."""
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    yield sink
    controller.stop()


@pytest.fixture
def eager_retries():
    """Eager tasks that retry like a worker would (propagating would turn the retry into an error)."""
    from snitem_portal.celery import app

    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = True


@pytest.fixture
def real_worker(redis_broker_url):
    """An in-process Celery worker consuming from Redis (tasks are not run eagerly)."""
    from celery.contrib.testing.worker import start_worker

    from snitem_portal.celery import app

    app.conf.task_always_eager = False
    app.connection_for_write().default_channel.client.flushdb()
    # The worker sets the root logger to its own level (errors only): give the next tests theirs back.
    root = logging.getLogger()
    level, handlers = root.level, root.handlers[:]
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20) as worker:
            yield worker
    finally:
        root.setLevel(level)
        root.handlers[:] = handlers
        app.conf.task_always_eager = True
        # The app caches its result backend per thread; drop it so later tests can configure theirs.
        vars(app._local).pop("backend", None)
