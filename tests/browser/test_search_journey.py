import pytest

from tests.groups.factories import MeetingFactory, WorkingGroupFactory, active_in

from ..conftest import login_in_browser
from ..factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_searches_from_the_header_and_opens_a_result(browser_page, live_server, member):
    group = WorkingGroupFactory(name="Imagerie médicale", slug="imagerie")
    active_in(group, member)
    meeting = MeetingFactory(group=group, title="Plénière de printemps", agenda="Téléradiologie et intelligence")
    page = browser_page

    login_in_browser(page, live_server, member.email, PASSWORD)
    page.get_by_role("search", name="Recherche dans le portail").get_by_label("Rechercher dans le portail").fill(
        "teleradiologie"
    )
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/recherche/?q=teleradiologie")
    section = page.get_by_role("region", name="Réunions")
    result = section.get_by_role("link", name="Plénière de printemps")

    assert page.get_by_role("status").inner_text() == "1 résultat pour « teleradiologie »."
    assert section.locator("mark").all_inner_texts() == ["Téléradiologie"]
    result.click()
    page.wait_for_url(f"{live_server.url}{meeting.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == "Plénière de printemps"
