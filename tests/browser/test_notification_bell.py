import pytest

from tests.groups.factories import WorkingGroupFactory, chair_of, pending_in

from ..conftest import login_in_browser
from ..factories import PASSWORD, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chairs_approval_lights_the_new_members_bell(browser_page, live_server, company, member):
    group = WorkingGroupFactory(name="Think tank", slug="think-tank", is_open=False)
    chair = member_of(company, user__email="chair@company.example", user__full_name="Claire Présidente")
    chair_of(group, chair)
    pending_in(group, member)
    page = browser_page

    login_in_browser(page, live_server, chair.email, PASSWORD)
    page.goto(f"{live_server.url}/groupes/think-tank/")
    page.get_by_role("button", name=f"Approuver {member.full_name}").click()
    assert page.get_by_text(f"{member.full_name} rejoint le groupe.").is_visible()
    page.get_by_role("button", name="Claire Présidente", exact=True).click()
    page.get_by_role("button", name="Se déconnecter").click()

    login_in_browser(page, live_server, member.email, PASSWORD)
    bell = page.get_by_role("link", name="Notifications, 1 non lue")
    assert bell.is_visible()
    assert bell.locator(".notification-count").inner_text() == "1"
    bell.click()
    page.wait_for_url(f"{live_server.url}/notifications/")
    entry = page.get_by_role("link", name="Bienvenue dans le groupe « Think tank »")
    assert entry.get_attribute("href") == "/groupes/think-tank/"
    page.get_by_role("button", name="Marquer comme lue : Bienvenue dans le groupe « Think tank »").click()
    assert page.get_by_role("link", name="Notifications, aucune non lue").is_visible()
    assert page.get_by_role("button", name="Marquer comme lue : Bienvenue dans le groupe « Think tank »").count() == 0
