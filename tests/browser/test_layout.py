"""Layout that must hold at desktop width: the navigation on one line with its icons, list rows whose
status column stays in place whatever the title's length."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.projects.factories import CallFactory
from tests.roadmap.factories import ActionFactory

from ..conftest import login_in_browser
from ..factories import PASSWORD, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = "Programme d'accompagnement des entreprises du dispositif médical vers l'interopérabilité " * 2


@pytest.mark.parametrize(("width", "icons_shown"), [(1200, False), (1280, False), (1600, True)])
def test_staff_navigation_fits_one_line(browser_page, live_server, company, width, icons_shown):
    staff = member_of(
        company,
        user__full_name="Marie-Charlotte de La Rochefoucauld-Montmorency",
        user__is_staff=True,
        user__email="mc@company.example",
    )
    page = browser_page
    page.set_viewport_size({"width": width, "height": 800})

    login_in_browser(page, live_server, staff.email, PASSWORD)
    page.evaluate("document.fonts.ready")
    boxes = page.locator(".site-nav .nav-link").evaluate_all(
        "links => links.map((l) => [Math.round(l.getBoundingClientRect().top), l.getBoundingClientRect().right])"
    )
    icons = page.locator(".site-nav .nav-link .bi").evaluate_all(
        "icons => icons.map((i) => [i.getAttribute('aria-hidden'), getComputedStyle(i).display !== 'none',"
        " getComputedStyle(i, '::before').fontFamily])"
    )

    assert len(boxes) >= 7
    assert len({top for top, _right in boxes}) == 1, f"the navigation wraps: {boxes}"
    assert max(right for _top, right in boxes) <= width, f"the navigation overflows: {boxes}"
    assert len(icons) >= 7
    assert {(hidden, shown) for hidden, shown, _font in icons} == {("true", icons_shown)}
    assert all("bootstrap-icons" in font for _hidden, _shown, font in icons)


def test_collapsed_menu_shows_icons_on_phones(browser_page, live_server, member):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 800})

    login_in_browser(page, live_server, member.email, PASSWORD)
    page.get_by_role("button", name="Menu").click()
    groups = page.locator(".site-nav .nav-link", has_text="Groupes de travail")
    groups.wait_for()

    assert groups.locator(".bi-people").is_visible()
    assert page.evaluate("document.fonts.check('16px bootstrap-icons')")


def _aside_lefts(page, rows: str) -> list[int]:
    return page.locator(f"{rows} .item-head-aside").evaluate_all(
        "asides => asides.map((a) => Math.round(a.getBoundingClientRect().left))"
    )


def test_status_columns_stay_in_place_whatever_the_title(browser_page, live_server):
    now = timezone.now()
    CallFactory(title="Appel court", slug="court", closes_at=now + timedelta(days=9))
    CallFactory(title=LONG, slug="long", closes_at=now + timedelta(days=10))
    first = ActionFactory(title="Action courte", progress=30)
    ActionFactory(orientation=first.orientation, title=LONG, progress=30)
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto(f"{live_server.url}/appels/")
    calls = _aside_lefts(page, ".call-list")
    page.goto(f"{live_server.url}/feuille-de-route/")
    actions = _aside_lefts(page, ".list-group")

    assert len(calls) == 2
    assert len(set(calls)) == 1, calls
    assert len(actions) == 2
    assert len(set(actions)) == 1, actions
