"""A person's notifications and choices are in their export and gone with their account."""

import pytest

from inbox import privacy
from inbox.models import Notification, Preference
from snitem_portal.privacy import export_personal_data

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_export_holds_own_notifications_and_choices_only(member, outsider):
    NotificationFactory(recipient=member, kind="meeting", title="Réunion annulée", url="/groupes/x/")
    NotificationFactory(recipient=outsider, title="Pas la mienne")
    Preference.objects.create(user=member, kind="meeting", mode="in_app")

    data = export_personal_data(member)

    assert [(row["kind"], row["title"], row["url"]) for row in data["notifications"]] == [
        ("meeting", "Réunion annulée", "/groupes/x/")
    ]
    assert [(row["kind"], row["mode"]) for row in data["notification_preferences_per_event"]] == [("meeting", "in_app")]


def test_erase_forgets_own_notifications_and_choices_only(member, outsider):
    NotificationFactory(recipient=member)
    Preference.objects.create(user=member, kind="meeting", mode="off")
    theirs = NotificationFactory(recipient=outsider)

    privacy.erase(member)

    assert list(Notification.objects.values_list("pk", flat=True)) == [theirs.pk]
    assert not Preference.objects.exists()
