"""Destructive actions ask first: dismissing the question changes nothing, accepting it goes ahead."""

import pytest

from groups.enums import MembershipStatus
from groups.models import Membership
from tests.groups.factories import WorkingGroupFactory, active_in

from ..conftest import login_in_browser
from ..factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leaving_a_group_asks_first(browser_page, live_server, member):
    group = WorkingGroupFactory(name="Formation", slug="formation")
    active_in(group, member)
    page = browser_page
    questions = []
    login_in_browser(page, live_server, member.email, PASSWORD)
    page.goto(f"{live_server.url}/groupes/formation/")

    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Quitter le groupe").click()
    kept = Membership.objects.get(user=member, group=group).status
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="Quitter le groupe").click()

    assert questions == ["Quitter ce groupe ? Vous ne verrez plus ses membres ni ses réunions."]
    assert kept == MembershipStatus.ACTIVE
    assert Membership.objects.get(user=member, group=group).status == MembershipStatus.LEFT
