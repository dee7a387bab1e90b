import re

import pytest

from projects.models import Submission

from ..conftest import login_in_browser
from ..factories import PASSWORD
from ..projects.factories import CallFactory, pass_deadline, submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_decide_only_after_closing_and_a_stray_click_records_nothing(
    browser_page, live_server, company, other_company, staff
):
    call = CallFactory(title="Appel données de santé", slug="appel-donnees")
    ours = submitted(call=call, company=company, title="Projet Alpha")
    submitted(call=call, company=other_company, title="Projet Beta")
    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())
    login_in_browser(page, live_server, staff.email, PASSWORD)

    # While the call is open: no decision can be chosen, nothing can be published.
    page.goto(f"{live_server.url}/appels/appel-donnees/classement/")
    assert page.get_by_text("L’appel n’est pas encore clos").is_visible()
    assert page.get_by_label("Décision pour Projet Alpha").count() == 0
    assert page.get_by_role("button", name=re.compile("Publier")).is_disabled()

    # Once closed: the decision starts empty, and saving it untouched records nothing.
    pass_deadline(call)
    page.reload()
    decision = page.get_by_label("Décision pour Projet Alpha")
    assert decision.input_value() == ""
    page.get_by_role("button", name="Enregistrer Projet Alpha").click()
    assert decision.evaluate("select => select.validity.valueMissing") is True
    assert Submission.objects.get(pk=ours.pk).decision == ""

    # One decision recorded out of two: publishing waits for the other one.
    decision.select_option("laureate")
    page.get_by_role("button", name="Enregistrer Projet Alpha").click()
    assert page.get_by_text("Décision enregistrée (en attente de publication).").is_visible()
    assert page.get_by_text("1 candidature n’a pas encore de décision").is_visible()
    assert page.get_by_role("button", name=re.compile("Publier")).is_disabled()
    ours.refresh_from_db()
    assert (ours.decision, ours.decision_published_at) == ("laureate", None)
