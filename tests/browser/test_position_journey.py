import pytest
from django.db import connections

from roadmap.enums import PositionStatus
from roadmap.models import Position
from tests.roadmap.factories import ActionFactory, ConsultationFactory

from ..conftest import login_in_browser
from ..factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_drafts_referent_submits_and_the_chart_shows_it(
    browser_page, live_server, company, member, referent, settings
):
    settings.SYNTHESIS_MIN_GROUP = (
        1  # one company answers: its count is shown here (masking: test_questionnaire_journey)
    )
    consultation = ConsultationFactory(
        action=ActionFactory(number=14, title="Programme e-parcours"),
        question="Soutenez-vous le programme e-parcours ?",
    )
    page = browser_page
    url = f"{live_server.url}{consultation.get_absolute_url()}"

    login_in_browser(page, live_server, member.email, PASSWORD)
    page.goto(url)
    page.get_by_label("Soutien avec réserves").check()
    page.get_by_label("Argumentaire").fill("Sous réserve d'un calendrier compatible avec le marquage CE.")
    page.get_by_label("Partager avec les autres entreprises consultées une fois soumise").check()
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.wait_for_url(url)
    assert page.locator("#position-status").inner_text() == "Brouillon"
    assert page.get_by_role("button", name="Soumettre la position de l'entreprise").count() == 0

    page.context.clear_cookies()
    login_in_browser(page, live_server, referent.email, PASSWORD)
    page.goto(url)
    page.get_by_role("button", name="Soumettre la position de l'entreprise").click()
    page.wait_for_url(url)

    assert page.locator("#position-status").inner_text() == "Soumise"
    try:
        _assert_chart_and_state(page, member, referent)
    finally:
        # Under Playwright's sync API the test body gets its own database connection (another
        # context); close it so the test database can be dropped at the end of the session.
        connections.close_all()


def _assert_chart_and_state(page, member, referent):
    row = page.locator('tr[data-stance="support_with_reservations"]')
    assert row.locator(".synthesis-count").inner_text() == "1"
    assert "pct-100" in row.locator(".synthesis-bar").get_attribute("class")
    assert page.get_by_text("Sous réserve d'un calendrier compatible avec le marquage CE.").count() >= 1
    position = Position.objects.get()
    assert (position.status, position.submitted_by, position.updated_by) == (
        PositionStatus.SUBMITTED,
        referent,
        member,
    )
