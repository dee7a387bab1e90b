import pytest

from groups.models import Membership
from tests.groups.factories import WorkingGroupFactory, chair_of

from ..conftest import login_in_browser
from ..factories import PASSWORD, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_requests_chair_approves_member_sees_member_list(browser_page, live_server, company, member):
    group = WorkingGroupFactory(name="Think tank", slug="think-tank", is_open=False)
    chair = member_of(company, user__email="chair@company.example", user__full_name="Claire Présidente")
    chair_of(group, chair)
    page = browser_page

    login_in_browser(page, live_server, member.email, PASSWORD)
    page.goto(f"{live_server.url}/groupes/think-tank/")
    assert not page.get_by_role("heading", name="Membres").is_visible()
    page.get_by_role("button", name="Demander à rejoindre").click()
    assert page.get_by_text("Votre demande pour rejoindre « Think tank » est transmise").is_visible()
    page.get_by_role("button", name="Marie Membre").click()
    page.get_by_role("button", name="Se déconnecter").click()

    login_in_browser(page, live_server, chair.email, PASSWORD)
    page.goto(f"{live_server.url}/groupes/think-tank/")
    page.get_by_label("Message à la personne (facultatif)").fill("Bienvenue parmi nous")
    page.get_by_role("button", name="Approuver Marie Membre").click()
    assert page.get_by_text("Marie Membre rejoint le groupe.").is_visible()
    page.get_by_label("Rôle de Marie Membre").select_option("co_chair")
    page.get_by_role("button", name="Changer Marie Membre").click()
    assert page.get_by_text("Marie Membre est désormais co-président·e.").is_visible()
    page.get_by_role("button", name="Claire Présidente", exact=True).click()
    page.get_by_role("button", name="Se déconnecter").click()

    login_in_browser(page, live_server, member.email, PASSWORD)
    page.goto(f"{live_server.url}/groupes/think-tank/")
    members = page.get_by_role("table")
    assert page.get_by_role("heading", name="Membres").is_visible()
    assert members.get_by_role("cell", name="Claire Présidente", exact=True).is_visible()
    assert members.get_by_role("cell", name="Marie Membre", exact=True).is_visible()
    assert members.get_by_label("Rôle de Marie Membre").input_value() == "co_chair"
    assert Membership.objects.get(user=member).decision_message == "Bienvenue parmi nous"
