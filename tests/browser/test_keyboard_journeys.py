"""Keyboard-only journeys: no mouse, every focused element visibly marked, no keyboard trap."""

import pytest
from django.db import connections

from groups.enums import MembershipStatus
from groups.models import Membership
from roadmap.enums import PositionStatus, Stance
from roadmap.models import Position

from ..factories import PASSWORD
from ..groups.factories import WorkingGroupFactory
from ..roadmap.factories import ActionFactory, ConsultationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 80

# What the focused element shows: an outline of at least 2 px, or a focus ring drawn as a shadow.
FOCUS_STYLE = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const text = (element.innerText || element.value || element.name || "").trim();
  return {outline, shadow: style.boxShadow !== "none", text};
}"""


def _focus_is_visible(page) -> None:
    focus = page.evaluate(FOCUS_STYLE)
    assert focus is None or focus["outline"] or focus["shadow"], f"focus not visible on {focus}"


def tab_to(page, locator, *, backwards: bool = False) -> None:
    """Press Tab until ``locator`` has the focus, checking that each element on the way shows it."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        _focus_is_visible(page)
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{locator} cannot be reached with the keyboard")


def sign_in_with_keyboard(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/compte/login/")
    tab_to(page, page.get_by_label("Courriel"))
    page.keyboard.type(email)
    tab_to(page, page.get_by_label("Mot de passe", exact=False).first)
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/tableau-de-bord/")


def test_sign_in_with_the_keyboard_alone_starting_from_the_skip_link(browser_page, live_server, member):
    page = browser_page
    page.goto(f"{live_server.url}/compte/login/")

    page.keyboard.press("Tab")
    skip_link = page.evaluate("() => document.activeElement.getAttribute('href')")
    sign_in_with_keyboard(page, live_server, member.email)

    assert skip_link == "#main"
    assert page.get_by_role("heading", level=1).inner_text() == "Bonjour Marie"


def test_join_a_group_from_the_navigation_with_the_keyboard(browser_page, live_server, member):
    group = WorkingGroupFactory(name="Interopérabilité", slug="interop", is_open=True)
    page = browser_page
    sign_in_with_keyboard(page, live_server, member.email)

    navigation = page.get_by_role("navigation", name="Navigation principale")
    tab_to(page, navigation.get_by_role("link", name="Groupes de travail", exact=True))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/groupes/")
    tab_to(page, page.get_by_role("link", name="Interopérabilité"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/groupes/interop/")
    tab_to(page, page.get_by_role("button", name="Rejoindre le groupe"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_role("button", name="Quitter le groupe").wait_for()

    try:
        membership = Membership.objects.get(user=member, group=group)
        assert membership.status == MembershipStatus.ACTIVE
    finally:
        connections.close_all()


def test_draft_then_submit_a_position_with_the_keyboard(browser_page, live_server, company, member, referent):
    consultation = ConsultationFactory(action=ActionFactory(number=3, title="Identifiant national de santé"))
    url = f"{live_server.url}{consultation.get_absolute_url()}"
    page = browser_page
    sign_in_with_keyboard(page, live_server, member.email)
    page.goto(url)

    tab_to(page, page.get_by_label("Soutien", exact=True))
    page.keyboard.press("ArrowDown")  # radio buttons: the arrows choose within the group
    tab_to(page, page.get_by_label("Argumentaire"))
    page.keyboard.type("Sous réserve du calendrier de marquage CE.")
    tab_to(page, page.get_by_label("Partager avec les autres entreprises consultées une fois soumise"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Enregistrer le brouillon"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.context.clear_cookies()
    sign_in_with_keyboard(page, live_server, referent.email)
    page.goto(url)
    tab_to(page, page.get_by_role("button", name="Soumettre la position de l'entreprise"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    try:
        position = Position.objects.get()
        assert (position.stance, position.shared, position.status, position.submitted_by) == (
            Stance.SUPPORT_WITH_RESERVATIONS,
            True,
            PositionStatus.SUBMITTED,
            referent,
        )
    finally:
        connections.close_all()


def test_errors_are_summarised_and_the_summary_leads_to_the_field(browser_page, live_server, member):
    consultation = ConsultationFactory(action=ActionFactory(number=4, title="Espace numérique de santé"))
    url = f"{live_server.url}{consultation.get_absolute_url()}"
    page = browser_page
    sign_in_with_keyboard(page, live_server, member.email)
    page.goto(url)

    tab_to(page, page.get_by_label("Soutien", exact=True))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # the third choice: opposition, which needs an argument
    tab_to(page, page.get_by_role("button", name="Enregistrer le brouillon"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.get_by_role("alert").filter(has_text="Le formulaire contient")
    focused_summary = summary.evaluate("element => element === document.activeElement")
    tab_to(page, summary.get_by_role("link", name="Argumentaire"))
    page.keyboard.press("Enter")

    assert focused_summary
    assert page.evaluate("() => document.activeElement.id") == "id_argument"
    assert page.get_by_label("Argumentaire").get_attribute("aria-invalid") == "true"
    assert "id_argument_error" in page.get_by_label("Argumentaire").get_attribute("aria-describedby")


def test_the_keyboard_leaves_a_form_page_and_comes_back_round(browser_page, live_server):
    page = browser_page
    page.goto(f"{live_server.url}/compte/signup/")
    page.keyboard.press("Tab")
    first = page.evaluate("() => document.activeElement.outerHTML")

    # No trap: tabbing on goes through every control, out of the page and back to its first link.
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        _focus_is_visible(page)
        if page.evaluate("() => document.activeElement.outerHTML") == first:
            break
    else:
        raise AssertionError("the focus never came back round: a keyboard trap")
