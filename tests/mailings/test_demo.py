"""The demo's mailings: in proportion to ``--scale``, in every demo member's archive, and no email sent."""

import io

import pytest
from django.core.management import call_command

from mailings.models import Delivery, DeliveryStatus, Mailing, MailingStatus

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_the_archive_without_sending(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--force", "--password", "demo", stdout=io.StringIO())

    sent = Mailing.objects.filter(status=MailingStatus.SENT)
    assert sent.count() == 1  # one per unit of --scale
    assert Mailing.objects.filter(status=MailingStatus.DRAFT).count() == 1
    for mailing in sent:
        assert mailing.recipients_count == mailing.sent_count > 0
        assert Delivery.objects.filter(mailing=mailing, status=DeliveryStatus.SENT).count() == mailing.sent_count
    assert not [message for message in mailoutbox if "Lettre de la filière" in message.subject]
