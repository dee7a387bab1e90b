"""The notifications page, the bell and the merged preferences page: each person sees and changes their own."""

import html

import pytest
from django.urls import reverse
from django.utils import timezone

from inbox.enums import NoticeMode
from inbox.models import Notification, Preference
from tests.factories import referent_of

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db


def _state():
    return sorted(Notification.objects.values_list("pk", "read_at"))


def test_list_shows_own_notifications_newest_first_and_no_one_elses(client, member, outsider):
    NotificationFactory(recipient=member, title="Ancienne", created_at=timezone.now() - timezone.timedelta(days=2))
    NotificationFactory(recipient=member, title="Récente")
    NotificationFactory(recipient=outsider, title="Secret Zeta")
    client.force_login(member)

    response = client.get(reverse("inbox:list"))

    assert response.status_code == 200
    assert [notification.title for notification in response.context["page"]] == ["Récente", "Ancienne"]
    assert "Secret Zeta" not in response.content.decode()


def test_unread_filter_keeps_unread_ones(client, member):
    NotificationFactory(recipient=member, title="Lue", read_at=timezone.now())
    NotificationFactory(recipient=member, title="Pas lue")
    client.force_login(member)

    response = client.get(reverse("inbox:list") + "?unread=1")

    assert [notification.title for notification in response.context["page"]] == ["Pas lue"]


def test_empty_list_says_what_comes_here(client, member):
    client.force_login(member)

    response = client.get(reverse("inbox:list"))

    assert "Aucune notification pour l'instant." in html.unescape(response.content.decode())


def test_bell_names_the_unread_count(client, member):
    for _ in range(3):
        NotificationFactory(recipient=member)
    NotificationFactory(recipient=member, read_at=timezone.now())
    client.force_login(member)

    page = client.get(reverse("dashboard")).content.decode()

    assert 'aria-label="Notifications, 3 non lues"' in page


def test_bell_says_none_unread(client, member):
    client.force_login(member)

    page = client.get(reverse("dashboard")).content.decode()

    assert 'aria-label="Notifications, aucune non lue"' in page


def test_mark_one_read_then_back_to_the_list(client, member):
    notification = NotificationFactory(recipient=member)
    client.force_login(member)

    response = client.post(reverse("inbox:read", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == reverse("inbox:list")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_marking_another_persons_notification_is_404_and_changes_nothing(client, member, outsider):
    theirs = NotificationFactory(recipient=outsider)
    before = _state()
    client.force_login(member)

    response = client.post(reverse("inbox:read", args=[theirs.pk]))

    assert response.status_code == 404
    assert _state() == before


def test_mark_all_read_marks_only_ones_own(client, member, outsider):
    mine = [NotificationFactory(recipient=member) for _ in range(2)]
    theirs = NotificationFactory(recipient=outsider)
    client.force_login(member)

    client.post(reverse("inbox:read-all"))

    assert [n.read_at is not None for n in Notification.objects.filter(pk__in=[m.pk for m in mine])] == [True, True]
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_foreign_next_address_is_not_followed(client, member):
    client.force_login(member)

    response = client.post(reverse("inbox:read-all"), {"next": "https://evil.example/"})

    assert response.url == reverse("inbox:list")


@pytest.mark.parametrize("name", ["inbox:list", "inbox:read-all"])
def test_anonymous_is_sent_to_login_and_nothing_changes(client, member, name):
    NotificationFactory(recipient=member)
    before = _state()

    response = client.post(reverse(name)) if name.endswith("all") else client.get(reverse(name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert _state() == before


@pytest.mark.parametrize("count", [1, 10])
def test_list_query_budget(client, member, count, django_assert_num_queries):
    for _ in range(count):
        NotificationFactory(recipient=member)
    client.force_login(member)

    # session, user, affiliation (header), bell count, page count, page rows.
    with django_assert_num_queries(6):
        response = client.get(reverse("inbox:list"))

    assert len(response.context["page"]) == count


def test_preferences_page_holds_reminders_and_events(client, member):
    client.force_login(member)

    page = client.get(reverse("reminders:preferences")).content.decode()

    assert "Rappels d'échéances" in html.unescape(page)
    assert "Événements du portail" in page
    assert 'name="notices-membership_decided"' in page


def test_member_saves_a_mode_per_kind(client, member):
    client.force_login(member)

    response = client.post(
        reverse("reminders:preferences"),
        {"meeting": "digest", "notices-membership_decided": "in_app", "notices-mentioned": "off"},
    )

    assert response.status_code == 302
    assert dict(Preference.objects.filter(user=member).values_list("kind", "mode")) == {
        "membership_decided": NoticeMode.IN_APP,
        "mentioned": NoticeMode.OFF,
    }
    assert member.notification_preferences.get().mode == "digest"


def test_referent_cannot_switch_off_what_they_sign_off_and_nothing_is_saved(client, company):
    referent = referent_of(company)
    client.force_login(referent)

    response = client.post(
        reverse("reminders:preferences"),
        {"meeting": "digest", "notices-mentioned": "off", "notices-position_to_sign": "off"},
    )

    assert response.status_code == 200
    assert (
        "En tant que référent, vous devez recevoir au moins un résumé pour : Positions de votre entreprise à valider."
        in response.content.decode()
    )
    assert not Preference.objects.exists()
    assert not referent.notification_preferences.exists()


def test_service_refuses_the_same_for_a_referent(company):
    from django.core.exceptions import ValidationError

    from inbox.services import set_notice_preferences

    referent = referent_of(company)

    with pytest.raises(ValidationError):
        set_notice_preferences(user=referent, modes={"position_to_sign": NoticeMode.IN_APP})

    assert not Preference.objects.exists()
