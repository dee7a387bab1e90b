"""Accessibility audit: axe-core in Chromium on every page, for each role and language.

The scope is ``snitem_portal.accessibility.PAGES`` (the statement page publishes it). One world of
data and one live server serve the whole module; each (role, language) signs in once and keeps
its browser context. A URL of the project that is neither audited nor declared "not a page"
fails ``test_every_url_of_the_project_is_audited``.
"""

import os
import shutil
from io import StringIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from snitem_portal.accessibility import AXE_TAGS, NOT_PAGES, NOT_PAGES_PREFIXES, PAGES, checked_runs

from ..conftest import require_service
from ..factories import PASSWORD
from .a11y_world import build_world

# The module's world is committed by audit_world; the marker only asks for the test database.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

REFLOW_WIDTH = 320  # WCAG 1.4.10: content reflows at 320 CSS pixels
OVERFLOW_SCRIPT = """() => {
  const limit = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= limit) return [];
  return [...document.body.querySelectorAll("*")]
    .filter((element) => element.getBoundingClientRect().right > limit + 1 && !element.closest(".table-responsive"))
    .slice(0, 5)
    .map((element) => [element.tagName.toLowerCase(), ...String(element.className).split(" ")].join("."));
}"""
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": list(AXE_TAGS)}, "resultTypes": ["violations"]}


@pytest.fixture(scope="module")
def audit_world(django_db_setup, django_db_blocker):
    """The world, committed for the live server; at the end the database is put back as it was
    (as a transactional test with serialized rollback would)."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        before = connection.creation.serialize_db_to_string()
        objects, people = build_world()
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server, objects, people
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True, stdout=StringIO())
            connection.creation.deserialize_db_from_string(before)


class Audit:
    """A browser with one signed-in context per (role, language), opened on first use."""

    def __init__(self, browser, server, people):
        self.browser, self.server, self.people = browser, server, people
        self.tabs = {}
        self.axe = Axe()

    def tab(self, role: str, language: str):
        if (role, language) not in self.tabs:
            context = self.browser.new_context(
                locale="fr-FR" if language == "fr" else "en-GB", timezone_id="Europe/Paris"
            )
            context.add_cookies([{"name": "django_language", "value": language, "url": self.server.url}])
            tab = context.new_page()
            tab.set_default_timeout(15_000)
            if role != "anonymous":
                self.sign_in(tab, self.people[role, language].email)
            self.tabs[role, language] = tab
        return self.tabs[role, language]

    def reauthenticate(self, tab) -> None:
        """Confirm the password, as security pages ask of a session signed in a while ago."""
        tab.goto(f"{self.server.url}{reverse('account_reauthenticate')}")
        tab.locator("input[name=password]").fill(PASSWORD)
        with tab.expect_navigation():
            tab.locator("main form [type=submit]").first.click()

    def sign_in(self, tab, email: str) -> None:
        tab.goto(f"{self.server.url}{reverse('account_login')}")
        tab.locator("input[name=login]").fill(email)
        tab.locator("input[name=password]").fill(PASSWORD)
        with tab.expect_navigation():
            tab.locator("main form [type=submit]").first.click()
        assert tab.url.endswith(reverse("dashboard")), f"{email} could not sign in"


@pytest.fixture(scope="module")
def audit(audit_world):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, where each test's (empty) database
    # transaction is also opened.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    require_service(bool(path), "needs Debian's chromium (apt-get install chromium)")
    server, objects, people = audit_world
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield Audit(browser, server, people), objects
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE")


def _describe(violations: list[dict]) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(", ".join(node["target"]) for node in v["nodes"][:5])
        for v in violations
    ]


RUNS = checked_runs()


@pytest.mark.parametrize(
    ("page", "role", "language"), RUNS, ids=[f"{page.key}-{role}-{language}" for page, role, language in RUNS]
)
def test_page_has_no_accessibility_violation(audit, page, role, language):
    browser, objects = audit
    tab = browser.tab(role, language)
    if page.fresh_login:
        browser.reauthenticate(tab)
    url = _page_url(browser, objects, page)

    response = tab.goto(url)
    if page.submit:
        button = tab.locator(page.submit).first
        button.evaluate("button => { button.form.noValidate = true; }")  # the server's errors, not the browser's
        with tab.expect_navigation() as navigation:
            button.click()
        response = navigation.value
    results = browser.axe.run(tab, options=AXE_OPTIONS).response
    overflow = _overflow_at(tab, REFLOW_WIDTH)

    assert response.status == page.status
    if not page.redirects and not page.submit:
        assert tab.url == url, "the page redirected: it is not the page the scope names"
    assert tab.locator("html").get_attribute("lang") == (page.content_language or language)
    assert _describe(results["violations"]) == []
    assert overflow == [], f"wider than {REFLOW_WIDTH} px: the page scrolls sideways"


def _overflow_at(tab, width: int) -> list[str]:
    """Elements sticking out of a ``width``-pixel-wide screen (tables scroll inside their own box)."""
    tab.set_viewport_size({"width": width, "height": 800})
    try:
        return tab.evaluate(OVERFLOW_SCRIPT)
    finally:
        tab.set_viewport_size({"width": 1280, "height": 800})


def _page_url(browser, objects, page) -> str:
    return browser.server.url + reverse(page.url_name, args=[objects[name] for name in page.args]) + page.suffix


def test_every_page_has_its_own_title(audit):
    """Titles say which page this is: two different pages never share one (checked in French, as the
    first role of each page)."""
    browser, objects = audit
    titles = {}
    for page in PAGES:
        if page.submit or page.status != 200 or page.fresh_login:
            continue
        tab = browser.tab(page.roles[0], "fr")
        tab.goto(_page_url(browser, objects, page))
        titles.setdefault(tab.title(), set()).add(page.url_name)

    shared = {title: sorted(names) for title, names in titles.items() if len(names) > 1}

    assert shared == {}


# Pages that stand on their own: the two homes (the landing page, and the dashboard once signed in),
# the submitted copy of an application (a frozen document), and the notification preferences, whose
# breadcrumb comes with their merge into one preferences page.
WITHOUT_BREADCRUMB = {
    "landing",
    "dashboard",
    "projects:submission-snapshot",
    "reminders:preferences",
    "reminders:preferences-signed",
}


def test_every_inner_page_has_a_breadcrumb(audit):
    """Every other page of the audit shows where it stands: a breadcrumb (a labelled ``nav``) ending
    on the page itself, for each role that sees it (error pages included)."""
    browser, objects = audit
    missing = []
    for page in PAGES:
        if page.key in WITHOUT_BREADCRUMB or page.submit or page.fresh_login:
            continue
        for role in page.roles:
            tab = browser.tab(role, "fr")
            tab.goto(_page_url(browser, objects, page))
            trail = tab.locator("main nav[aria-label] .breadcrumb [aria-current=page]")
            if trail.count() != 1:
                missing.append(f"{page.key} as {role}")

    assert missing == []


def _url_patterns(resolver=None, prefix="", namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            yield route, f"{namespace}{pattern.name}" if pattern.name else route


def test_every_url_of_the_project_is_audited_or_declared_not_a_page():
    audited = {page.url_name for page in PAGES}
    patterns = [(route, name) for route, name in _url_patterns() if not route.startswith(tuple(NOT_PAGES_PREFIXES))]
    names = {name for _route, name in patterns}

    missing = sorted(name for name in names if name not in audited and name not in NOT_PAGES)
    stale = sorted(name for name in (audited | set(NOT_PAGES)) if name not in names)

    assert missing == [], "pages without an accessibility check: add them to snitem_portal/accessibility.py"
    assert stale == []
