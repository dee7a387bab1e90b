"""Admin of mailings: created through the service, sent through the service, the ledger read-only."""

import pytest
from django.urls import reverse

from mailings import services
from mailings.models import Mailing, MailingStatus, Unsubscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser(email="admin@example.org", password="pw-Admin-123")


def test_admin_lists_a_mailing_with_its_status_and_counts(client, admin_user, member):
    mailing = services.create_mailing(by=admin_user, subject="Admin", body="Corps", all_members=True)
    client.force_login(admin_user)
    assert client.get(reverse("admin:mailings_mailing_changelist")).status_code == 200
    assert client.get(reverse("admin:mailings_mailing_change", args=[mailing.pk])).status_code == 200
    assert client.get(reverse("admin:mailings_delivery_changelist")).status_code == 200


def test_admin_creates_through_the_service_and_shows_its_refusal(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:mailings_mailing_add")
    data = {"subject": "Depuis l'admin", "body": "Corps", "roles": "[]", "company_statuses": '["active"]'}
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Choisissez au moins un groupe" in refused.content.decode()
    assert not Mailing.objects.exists()
    created = client.post(url, {**data, "all_members": "on"})
    assert created.status_code == 302
    mailing = Mailing.objects.get()
    assert (mailing.created_by, mailing.status) == (admin_user, MailingStatus.DRAFT)


def test_admin_send_action_goes_through_the_service(client, admin_user, member, django_capture_on_commit_callbacks):
    mailing = services.create_mailing(by=admin_user, subject="Action", body="Corps", all_members=True)
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:mailings_mailing_changelist"),
            {"action": "send_now", "_selected_action": [mailing.pk]},
        )
    mailing.refresh_from_db()
    assert (mailing.status, mailing.sent_count) == (MailingStatus.SENT, 1)


def test_an_opt_out_is_read_only_in_admin(client, admin_user, member):
    services.unsubscribe(user=member)
    client.force_login(admin_user)
    opt_out = Unsubscription.objects.get(user=member)

    assert client.get(reverse("admin:mailings_unsubscription_changelist")).status_code == 200
    assert (
        client.post(reverse("admin:mailings_unsubscription_delete", args=[opt_out.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert client.get(reverse("admin:mailings_unsubscription_add")).status_code == 403
    assert Unsubscription.objects.filter(user=member).exists()
