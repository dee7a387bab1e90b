"""A meeting from invitation (with its agenda and a document) to a followed-up action item, in the browser."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from documents.demo import minimal_pdf
from documents.models import Document
from meetings.models import ActionItem, AgendaItem, Attendance, Minutes, Registration
from snitem_portal.timefmt import PARIS
from tests.groups.factories import WorkingGroupFactory, active_in, chair_of

from ..conftest import login_in_browser
from ..factories import PASSWORD, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user):
    page.context.clear_cookies()
    login_in_browser(page, live_server, user.email, PASSWORD)


def test_chair_runs_a_meeting_from_invitation_to_action_item(browser_page, live_server, company, member):
    group = WorkingGroupFactory(name="Réglementaire", slug="reglementaire")
    chair = member_of(company, user__email="chair@company.example", user__full_name="Claire Présidente")
    chair_of(group, chair)
    active_in(group, member)
    colleague = member_of(company, user__email="paul@company.example", user__full_name="Paul Collègue")
    active_in(group, colleague)
    page = browser_page
    starts = (timezone.now() + timedelta(days=2)).astimezone(PARIS).replace(hour=10, minute=0, second=0, microsecond=0)

    _sign_in(page, live_server, chair)
    page.goto(f"{live_server.url}/groupes/reglementaire/reunions/nouvelle/")
    page.get_by_label("Titre").fill("Comité MDR")
    page.get_by_label("Début (heure de Paris)").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Fin (heure de Paris)").fill((starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Lieu").fill("Snitem, Paris")
    page.get_by_role("button", name="Planifier").click()
    page.get_by_role("link", name="Modifier l'ordre du jour").click()
    page.locator("#id_agenda-0-title").fill("Tour de table")
    page.locator("#id_agenda-1-title").fill("Règlement MDR : point d'étape")
    page.locator("#id_agenda-1-presenter_name").fill("Claire Présidente")
    page.get_by_role("button", name="Enregistrer l'ordre du jour").click()
    assert page.get_by_text("L'ordre du jour est enregistré.").is_visible()
    assert page.get_by_text("Rappel : droit de la concurrence").is_visible()
    meeting_url = page.url.split("#")[0]
    page.get_by_role("link", name="Joindre un document à la réunion").click()
    page.get_by_label("Titre").fill("Projet de note de position")
    page.get_by_label("Fichier").set_input_files(
        files=[{"name": "note.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf("Note de position")}]
    )
    page.get_by_role("button", name="Ajouter").click()
    page.goto(meeting_url)
    materials = page.get_by_role("region", name="Documents de la réunion")
    assert materials.get_by_role("link", name="Projet de note de position").is_visible()

    for person, answer in ((member, "Sur place"), (colleague, "À distance")):
        _sign_in(page, live_server, person)
        page.goto(meeting_url)
        page.get_by_label(answer).check()
        page.get_by_role("button", name="Envoyer ma réponse").click()
        assert page.get_by_text("Votre réponse est enregistrée.").is_visible()

    with time_machine.travel(starts + timedelta(hours=3), tick=True):
        _sign_in(page, live_server, chair)
        page.goto(meeting_url)
        page.get_by_role("link", name="Enregistrer les présences").click()
        page.get_by_role("button", name="Enregistrer les présences").click()
        assert page.get_by_text("Les présences sont enregistrées.").is_visible()
        page.get_by_role("link", name="Rédiger le compte rendu").click()
        page.get_by_label("Compte rendu (Markdown)").fill("- Le groupe **valide** la note de position.")
        page.get_by_label("Statut").select_option("circulated")
        page.get_by_role("button", name="Enregistrer le compte rendu").click()
        assert page.get_by_text("Le compte rendu est enregistré.").is_visible()
        page.get_by_label("Action", exact=True).fill("Envoyer la note à l'ANSM")
        page.get_by_label("Responsable").select_option(label="Marie Membre")
        page.get_by_label("Échéance").fill((starts + timedelta(days=10)).strftime("%Y-%m-%d"))
        page.get_by_role("button", name="Ajouter l'action").click()
        assert page.get_by_text("L'action est ajoutée.").is_visible()

        _sign_in(page, live_server, colleague)
        page.goto(meeting_url + "compte-rendu/")
        assert page.get_by_role("strong").filter(has_text="valide").is_visible()

        _sign_in(page, live_server, member)
        panel = page.get_by_role("region", name="Mes actions")
        assert panel.get_by_role("link", name="Envoyer la note à l'ANSM").is_visible()

    assert list(AgendaItem.objects.values_list("title", flat=True)) == [
        "Tour de table",
        "Règlement MDR : point d'étape",
    ]
    assert dict(Registration.objects.values_list("user__email", "response")) == {
        member.email: "in_person",
        colleague.email: "remote",
    }
    assert sorted(Attendance.objects.values_list("user__email", flat=True)) == sorted([member.email, colleague.email])
    assert Minutes.objects.get().status == "circulated"
    assert ActionItem.objects.get().owner == member
    assert list(Document.objects.values_list("title", "meeting__title")) == [
        ("Projet de note de position", "Comité MDR")
    ]
