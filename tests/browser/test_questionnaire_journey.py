"""In the browser: staff write a questionnaire, a member answers it in the company's draft, the
referent's sign-off asks for the required answer left out, then goes through; members read the small
counts as « moins de 3 », staff read the numbers."""

import pytest
from django.db import connections

from roadmap.enums import PositionStatus
from roadmap.models import Answer, Position
from tests.roadmap.factories import ActionFactory, ConsultationFactory

from ..conftest import login_in_browser
from ..factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_questionnaire_from_editor_to_synthesis(browser_page, live_server, member, referent, staff):
    consultation = ConsultationFactory(
        action=ActionFactory(number=14, title="Programme e-parcours"),
        question="Soutenez-vous le programme e-parcours ?",
    )
    page = browser_page
    url = f"{live_server.url}{consultation.get_absolute_url()}"
    try:
        _staff_write_questions(page, live_server, staff, url)
        _member_drafts_answers(page, live_server, member, url)
        _referent_signs_off(page, live_server, referent, url)
        _staff_read_numbers(page, live_server, staff, url)
        position = Position.objects.get()
        assert position.status == PositionStatus.SUBMITTED
        assert dict(Answer.objects.values_list("question__label", "value")) == {
            "Votre entreprise est-elle prête ?": "En partie",
            "Principaux freins": ["Coût", "Normes"],
            "Importance de l'action": 4,
        }
    finally:
        # Under Playwright's sync API the test body gets its own database connection (another
        # context); close it so the test database can be dropped at the end of the session.
        connections.close_all()


def _staff_write_questions(page, live_server, staff, url):
    login_in_browser(page, live_server, staff.email, PASSWORD)
    page.goto(url)
    page.get_by_role("link", name="Ajouter des questions").click()
    form = page.locator("fieldset").first
    form.get_by_label("Type").select_option("single")
    form.get_by_label("Intitulé").fill("Votre entreprise est-elle prête ?")
    form.get_by_label("Choix (un par ligne)").fill("Oui\nEn partie\nNon")
    form.get_by_label("Réponse obligatoire").check()
    page.get_by_role("button", name="Enregistrer le questionnaire").click()
    page.wait_for_url(url)
    page.get_by_role("link", name="Modifier le questionnaire (1 question)").click()
    new = page.locator("fieldset").nth(1)
    new.get_by_label("Type").select_option("multiple")
    new.get_by_label("Intitulé").fill("Principaux freins")
    new.get_by_label("Choix (un par ligne)").fill("Coût\nCalendrier\nNormes")
    page.get_by_role("button", name="Enregistrer le questionnaire").click()
    page.wait_for_url(url)
    page.get_by_role("link", name="Modifier le questionnaire (2 questions)").click()
    new = page.locator("fieldset").nth(2)
    new.get_by_label("Type").select_option("scale")
    new.get_by_label("Intitulé").fill("Importance de l'action")
    new.get_by_label("Réponse obligatoire").check()
    page.get_by_role("button", name="Enregistrer le questionnaire").click()
    page.wait_for_url(url)
    page.context.clear_cookies()


def _member_drafts_answers(page, live_server, member, url):
    login_in_browser(page, live_server, member.email, PASSWORD)
    page.goto(url)
    page.get_by_label("Soutien", exact=True).check()
    page.get_by_role("group", name="Votre entreprise est-elle prête ?").get_by_label("En partie").check()
    freins = page.get_by_role("group", name="Principaux freins")
    freins.get_by_label("Coût").check()
    freins.get_by_label("Normes").check()
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.wait_for_url(url)
    assert page.locator("#position-status").inner_text() == "Brouillon"
    page.context.clear_cookies()


def _referent_signs_off(page, live_server, referent, url):
    login_in_browser(page, live_server, referent.email, PASSWORD)
    page.goto(url)
    page.get_by_role("button", name="Soumettre la position de l'entreprise").click()
    page.wait_for_url(url)
    assert page.get_by_text("« Importance de l'action » : une réponse est obligatoire").count() == 1
    assert page.locator("#position-status").inner_text() == "Brouillon"
    page.get_by_role("group", name="Importance de l'action").get_by_label("4").check()
    page.get_by_role("button", name="Enregistrer les modifications").click()
    page.wait_for_url(url)
    page.get_by_role("button", name="Soumettre la position de l'entreprise").click()
    page.wait_for_url(url)
    assert page.locator("#position-status").inner_text() == "Soumise"
    # One company answered: a member reads « moins de 3 » wherever a count would name it.
    assert page.locator('tr[data-stance="support"] .synthesis-count').inner_text() == "moins de 3"
    assert page.locator("#synthesis-masked").count() == 1
    page.context.clear_cookies()


def _staff_read_numbers(page, live_server, staff, url):
    login_in_browser(page, live_server, staff.email, PASSWORD)
    page.goto(url)
    assert page.locator('tr[data-stance="support"] .synthesis-count').inner_text() == "1"
    importance = page.locator(".question-synthesis").nth(2)
    assert "4 / 5" in importance.locator(".question-average").inner_text()
    assert page.locator("#synthesis-masked").count() == 0
