"""The demo starts with a lit bell: notifications for each referent and member, some read, none emailed."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from inbox.models import Notification

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_demo_gives_each_member_read_and_unread_notifications(mailoutbox):
    call_command("seed_demo")

    mine = Notification.objects.filter(recipient__email="member.1@demo.example")
    assert mine.count() == 2
    assert mine.filter(read_at__isnull=True).count() == 1
    assert Notification.objects.filter(recipient__email="staff@demo.example").count() == 0
    assert Notification.objects.filter(recipient__email__startswith="referent.").count() == 100
    assert mailoutbox == []
