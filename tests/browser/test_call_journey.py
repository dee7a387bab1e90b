import re

import pytest
from django.core import mail

from projects.models import Submission

from ..conftest import login_in_browser
from ..factories import PASSWORD
from ..projects.factories import MINIMAL_PDF, CallFactory, pass_deadline

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def switch_user(page, live_server, email):
    page.context.clear_cookies()
    login_in_browser(page, live_server, email, PASSWORD)


def test_draft_submit_score_decide_and_see_the_outcome(
    browser_page, live_server, company, member, referent, staff, tmp_path
):
    call = CallFactory(title="Appel IA et santé", slug="appel-ia")
    call.jurors.add(staff)
    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())
    pdf = tmp_path / "dossier.pdf"
    pdf.write_bytes(MINIMAL_PDF)

    # A member drafts the application and attaches a PDF.
    login_in_browser(page, live_server, member.email, PASSWORD)
    page.goto(f"{live_server.url}/appels/")
    page.get_by_role("link", name="Appel IA et santé").click()
    page.get_by_role("link", name="Déposer une candidature").click()
    assert page.get_by_text("Date limite :").is_visible()
    page.get_by_label("Titre").fill("Détection précoce par IA")
    page.get_by_label("Résumé").fill("Un algorithme validé sur données hospitalières.")
    page.get_by_role("button", name="Créer le brouillon").click()
    page.wait_for_url(re.compile(r".*/candidatures/\d+/$"))
    page.get_by_label("Pièce jointe (PDF, 10 Mo au plus)").set_input_files(str(pdf))
    page.get_by_role("button", name="Ajouter la pièce jointe").click()
    assert page.get_by_role("link", name="dossier.pdf").is_visible()
    assert page.get_by_text("Seul un référent de votre entreprise peut déposer la candidature.").is_visible()
    submission_url = page.url

    # The referent submits it.
    switch_user(page, live_server, referent.email)
    page.goto(submission_url)
    page.get_by_role("button", name="Déposer la candidature").click()
    assert page.get_by_text("Candidature déposée.").is_visible()
    submission = Submission.objects.get()
    assert (submission.status, submission.submitted_by) == ("submitted", referent)

    # Once the deadline has passed, staff score it as a juror, then decide and publish.
    pass_deadline(call)
    switch_user(page, live_server, staff.email)
    page.goto(f"{live_server.url}/appels/appel-ia/jury/")
    page.get_by_role("link", name="Évaluer Détection précoce par IA").click()
    page.get_by_label(re.compile("^Intérêt")).fill("8")
    page.get_by_label(re.compile("^Faisabilité")).fill("6")
    page.get_by_role("button", name="Enregistrer l'évaluation").click()
    page.wait_for_url(re.compile(r".*/appels/appel-ia/jury/$"))
    page.goto(f"{live_server.url}/appels/appel-ia/classement/")
    assert page.get_by_role("cell", name="7,5/10").is_visible()  # (8*3 + 6*1) / 4, French format
    page.get_by_label("Décision pour Détection précoce par IA").select_option("laureate")
    page.get_by_role("button", name="Enregistrer Détection précoce par IA").click()
    page.get_by_role("button", name=re.compile("Publier 1 décision")).click()
    assert page.get_by_text("1 décision(s) publiée(s)").is_visible()

    # The referent sees the outcome, and was emailed the acknowledgement then the outcome.
    switch_user(page, live_server, referent.email)
    page.goto(submission_url)
    assert page.get_by_text("Résultat : candidature lauréate.").is_visible()
    outcome = [m for m in mail.outbox if m.to == [referent.email]]
    assert [m.subject for m in outcome] == [
        "Candidature déposée à l'appel « Appel IA et santé »",
        "Résultat de l'appel « Appel IA et santé »",
    ]
