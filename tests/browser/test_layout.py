"""Layout that must hold at desktop width: the navigation on one line with its icons, list rows whose
status column stays in place whatever the title's length; and on a phone (320 and 390 px), main pages
full of long names that never scroll sideways."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.groups.factories import MeetingFactory, WorkingGroupFactory, chair_of, pending_in
from tests.projects.factories import CallFactory, SubmissionFactory, submitted
from tests.roadmap.factories import ActionFactory, ConsultationFactory

from ..conftest import login_in_browser
from ..factories import PASSWORD, CompanyFactory, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = "Programme d'accompagnement des entreprises du dispositif médical vers l'interopérabilité " * 2


@pytest.mark.parametrize("width", [1200, 1280, 1600])
def test_staff_navigation_fits_one_line(browser_page, live_server, company, width):
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
    bell = page.locator(".site-nav .notification-bell .bi")
    icons = page.locator(".site-nav .nav-link:not(.notification-bell) .bi").evaluate_all(
        "icons => icons.map((i) => [i.getAttribute('aria-hidden'), getComputedStyle(i).display !== 'none',"
        " getComputedStyle(i, '::before').fontFamily])"
    )

    assert len(boxes) >= 7
    assert len({top for top, _right in boxes}) == 1, f"the navigation wraps: {boxes}"
    assert max(right for _top, right in boxes) <= width, f"the navigation overflows: {boxes}"
    assert len(icons) >= 7
    assert {(hidden, shown) for hidden, shown, _font in icons} == {("true", False)}  # text only, one line
    assert bell.is_visible()  # the bell's icon is all it shows on a desktop
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


OVERFLOW = """() => {
  const limit = document.documentElement.clientWidth;
  return [...document.body.querySelectorAll("*")]
    .filter((element) => element.getBoundingClientRect().right > limit + 1 && !element.closest(".table-responsive"))
    .slice(0, 3)
    .map((element) => [element.tagName.toLowerCase(), ...String(element.className).split(" ")].join("."));
}"""


@pytest.mark.parametrize("width", [320, 390])
def test_main_pages_never_scroll_sideways_on_a_phone_with_long_names(browser_page, live_server, company, width):
    """The main pages, filled with long titles and names as real data has them, fit a phone's width (a
    wide table scrolls inside its own box, the page does not)."""
    staff = member_of(
        company,
        user__full_name="Marie-Charlotte de La Rochefoucauld-Montmorency",
        user__is_staff=True,
        user__email="marie-charlotte.de-la-rochefoucauld-montmorency@entreprise-tres-longue.example",
    )
    group = WorkingGroupFactory(name=LONG.strip(), slug="long", is_open=False, description=LONG * 3)
    chair_of(group, staff)
    other = CompanyFactory(name="Laboratoires Internationaux de Dispositifs Médicaux Implantables")
    pending_in(group, member_of(other, user__full_name="Jean-Baptiste Emmanuel de Saint-Exupéry-Lamartine"))
    meeting = MeetingFactory(group=group, title=LONG.strip(), video_url="https://visio.example/" + "x" * 60)
    action = ActionFactory(title=LONG, progress=30)
    consultation = ConsultationFactory(action=action, question=LONG * 2)
    call = CallFactory(title=LONG.strip(), slug="long-appel", closes_at=timezone.now() + timedelta(days=9))
    draft = SubmissionFactory(call=call, company=company, title=LONG.strip())
    submitted(call=call, company=other, title=LONG.strip())
    pages = [
        "/tableau-de-bord/",
        "/groupes/",
        f"/groupes/{group.slug}/",
        f"/groupes/{group.slug}/reunions/{meeting.pk}/",
        "/demandes/",
        "/feuille-de-route/",
        f"/feuille-de-route/actions/{action.pk}/",
        "/consultations/",
        f"/consultations/{consultation.pk}/",
        "/appels/",
        f"/appels/{call.slug}/",
        f"/candidatures/{draft.pk}/",
        "/candidatures/",
    ]
    page = browser_page
    page.set_viewport_size({"width": width, "height": 800})
    login_in_browser(page, live_server, staff.email, PASSWORD)

    overflowing = {}
    for url in pages:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        if sticking_out := page.evaluate(OVERFLOW):
            overflowing[url] = sticking_out

    assert overflowing == {}
