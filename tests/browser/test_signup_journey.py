import re

import pytest
from django.core import mail

from groups.models import Affiliation, CompanyDomain

from ..conftest import login_in_browser
from ..factories import PASSWORD, CompanyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signup_verify_login_and_request_affiliation(browser_page, live_server, company, referent):
    page = browser_page
    page.goto(f"{live_server.url}/compte/signup/")
    page.get_by_label("Nom complet").fill("Nina Nouvelle")
    page.get_by_label("Courriel").fill("nina@company.example")
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    page.get_by_label("Votre entreprise (facultatif)").fill(company.name)
    page.get_by_role("button", name="Création de compte").click()
    page.wait_for_url(re.compile(r".*/compte/confirm-email/$"))

    verification = next(m for m in mail.outbox if m.to == ["nina@company.example"])
    link = re.search(r"https?://\S+/compte/confirm-email/\S+/", verification.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirmer").click()
    login_in_browser(page, live_server, "nina@company.example", PASSWORD)

    assert page.get_by_role("heading", name="Bonjour Nina").is_visible()
    assert page.get_by_text(f"Votre demande de rattachement à {company.name}").is_visible()
    affiliation = Affiliation.objects.get(user__email="nina@company.example")
    assert (affiliation.company, affiliation.status) == (company, "pending")


def test_signup_suggests_companies_as_one_types_and_from_the_email_domain(browser_page, live_server, company):
    CompanyDomain.objects.create(company=company, domain="company.example")
    CompanyFactory(name="Demo Company 2")
    page = browser_page
    page.goto(f"{live_server.url}/compte/signup/")
    field = page.get_by_label("Votre entreprise (facultatif)")

    page.get_by_label("Courriel").fill("nina@company.example")
    page.get_by_label("Nom complet").focus()  # leaving the email field asks for its company
    page.get_by_role("button", name=f"Je travaille chez {company.name}").click()
    chosen = field.input_value()
    field.fill("demo")
    page.get_by_role("status").filter(has_text="2 entreprises correspondent.").wait_for()

    assert chosen == company.name
    options = page.locator(f"datalist#{field.get_attribute('id')}_options option")
    assert [options.nth(i).get_attribute("value") for i in range(options.count())] == [
        "Demo Company 1",
        "Demo Company 2",
    ]
