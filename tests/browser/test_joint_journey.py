"""The association's joint position, from a closed consultation to the action's page: the chair
writes it from the consultation page and puts it in review, staff validate and publish it, a
visitor reads it in « La ligne de l'association » with the two arguments it quotes."""

import re

import pytest
from django.urls import reverse

from joint.models import JointPosition, JointStatus
from tests.joint import conftest as joint_tests

from ..conftest import login_in_browser
from ..factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

world = joint_tests.world  # the joint tests' closed consultation: chair, shared and unshared arguments, staff
SECRET = joint_tests.SECRET

TEXT = "La filière soutient ce programme, à condition d'un calendrier réaliste."


def test_chair_writes_staff_publish_visitor_reads_it_on_the_action_page(browser_page, live_server, world):
    page = browser_page
    consultation = world["consultation"]
    consultation_url = live_server.url + consultation.get_absolute_url()

    # The chair opens the editor from the consultation page, writes, quotes two arguments, circulates.
    login_in_browser(page, live_server, world["chair"].email, PASSWORD)
    page.goto(consultation_url)
    page.get_by_role("link", name="Rédiger la position commune").click()
    page.get_by_label("Texte de la position commune").fill(TEXT)
    page.get_by_label(re.compile(r"^Alpha SA")).check()
    page.get_by_label(re.compile(r"^Beta SA")).check()
    assert not page.get_by_text(SECRET).count()  # unshared and draft arguments are not offered
    page.get_by_label(re.compile(r"^Publique")).check()
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("La position commune est enregistrée.").is_visible()
    page.get_by_role("button", name="Mettre en relecture").click()
    assert page.get_by_text("La position commune est en relecture").is_visible()
    page.goto(consultation_url)
    page.get_by_role("link", name="Position commune", exact=True).click()
    assert page.get_by_role("heading", name="Position commune de l'association").is_visible()
    page.context.clear_cookies()

    # Staff validate and publish it (the publication asks for a confirmation).
    login_in_browser(page, live_server, world["staff"].email, PASSWORD)
    page.goto(live_server.url + reverse("joint:detail", args=[consultation.pk]))
    page.get_by_role("button", name="Valider").click()
    assert page.get_by_text("La position commune est validée.").is_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Publier").click()
    assert page.get_by_text("La position commune est publiée sur la page de l'action.").is_visible()
    page.context.clear_cookies()

    joint = JointPosition.objects.get(consultation=consultation)
    assert (joint.status, joint.public, joint.text) == (JointStatus.PUBLISHED, True, TEXT)
    assert sorted(joint.quotes.values_list("company__name", flat=True)) == ["Alpha SA", "Beta SA"]

    # A visitor reads it on the action's page, then its two quotes on its own page.
    page.goto(live_server.url + world["action"].get_absolute_url())
    assert page.get_by_role("heading", name="La ligne de l'association").is_visible()
    assert page.get_by_text(TEXT).is_visible()
    page.get_by_role("link", name="Lire la position commune et les arguments cités").click()
    quotes = page.get_by_role("list", name="Arguments des entreprises cités")
    assert quotes.get_by_text("Argument de Alpha").is_visible()
    assert quotes.get_by_text("Argument de Beta").is_visible()
    assert not page.get_by_text(SECRET).count()

    # A member of the consultation's group is led to it from the consultation page.
    login_in_browser(page, live_server, world["people"]["Alpha"].email, PASSWORD)
    page.goto(consultation_url)
    page.get_by_role("link", name="Lire la position commune").click()
    assert page.get_by_text(TEXT).is_visible()
