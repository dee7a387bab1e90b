"""The partners field of an application: a searchable multi-select, used with the keyboard alone,
without a Content Security Policy violation and without an accessibility violation; without
JavaScript, the native list still works."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from projects.models import Submission
from snitem_portal.accessibility import AXE_TAGS

from ..conftest import login_in_browser
from ..factories import PASSWORD, CompanyFactory
from ..projects.factories import CallFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": list(AXE_TAGS)}, "resultTypes": ["violations"]}


@pytest.fixture
def call_and_companies(company):
    call = CallFactory(title="Appel IA et santé", slug="appel-ia")
    for name in ("Alpha Implants", "Biotronique Santé", "Cardio Systèmes", "Dentaire Plus", "Écho Médical"):
        CompanyFactory(name=name)
    return call


def _violations(page) -> list[str]:
    results = Axe().run(page, options=AXE_OPTIONS).response
    return [f"{v['id']}: " + "; ".join(", ".join(n["target"]) for n in v["nodes"]) for v in results["violations"]]


def test_pick_a_partner_by_typing_part_of_its_name_with_the_keyboard(
    browser_page, live_server, member, call_and_companies
):
    page = browser_page
    blocked = []  # what Chromium refused under the Content Security Policy (no inline script or style)
    page.on("console", lambda message: blocked.append(message.text) if "Security Policy" in message.text else None)
    login_in_browser(page, live_server, member.email, PASSWORD)
    page.goto(f"{live_server.url}/appels/appel-ia/candidater/")

    page.get_by_label("Titre").fill("Registre des implants connectés")
    page.get_by_label("Données demandées").focus()
    page.keyboard.press("Tab")
    partners = page.get_by_role("combobox", name="Entreprises partenaires")
    assert partners.evaluate("element => element === document.activeElement")
    page.keyboard.type("tronique")
    expect(page.get_by_role("option")).to_have_count(1)  # the others are filtered out
    expect(page.get_by_role("option", name="Biotronique Santé")).to_be_visible()
    assert _violations(page) == []  # the list open, an option active
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    chosen = page.locator(".ts-control .item", has_text="Biotronique Santé")
    assert chosen.is_visible()
    assert chosen.get_by_role("button", name="Retirer Biotronique Santé").count() == 1
    assert _violations(page) == []  # closed, one partner chosen
    page.keyboard.press("Tab")
    assert page.get_by_label(re.compile("^Budget")).evaluate("element => element === document.activeElement")
    page.keyboard.type("120000")
    page.keyboard.press("Enter")  # sends the form
    page.wait_for_url(re.compile(r".*/candidatures/\d+/$"))

    submission = Submission.objects.get()
    assert [company.name for company in submission.partners.all()] == ["Biotronique Santé"]
    assert submission.budget == 120000
    assert blocked == []
    # The draft's edit form starts with the partner chosen, in the same widget.
    assert page.locator(".ts-control .item", has_text="Biotronique Santé").is_visible()


def test_without_javascript_the_native_list_works(browser_page, live_server, member, call_and_companies):
    context = browser_page.context.browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    login_in_browser(page, live_server, member.email, PASSWORD)
    page.goto(f"{live_server.url}/appels/appel-ia/candidater/")

    page.get_by_label("Titre").fill("Registre des implants connectés")
    page.get_by_label("Entreprises partenaires").select_option(label=["Cardio Systèmes", "Écho Médical"])
    page.get_by_role("button", name="Créer le brouillon").click()
    page.wait_for_url(re.compile(r".*/candidatures/\d+/$"))
    context.close()

    submission = Submission.objects.get()
    assert sorted(company.name for company in submission.partners.all()) == ["Cardio Systèmes", "Écho Médical"]
