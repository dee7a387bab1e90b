"""A pending company-join request is cancelled by the person who made it, and by nobody else."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from groups import services
from groups.enums import AffiliationStatus
from groups.models import Affiliation
from snitem_portal.exceptions import Conflict

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(company, referent, lonely_user):
    return services.request_affiliation(user=lonely_user, company=company)


def withdraw_url(affiliation) -> str:
    return reverse("groups:affiliation-withdraw", args=[affiliation.pk])


def test_withdrawing_a_pending_request_records_it_and_emails_nobody(
    pending, lonely_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_affiliation_request(affiliation=pending, by=lonely_user)

    pending.refresh_from_db()
    assert (pending.status, pending.decided_by) == (AffiliationStatus.WITHDRAWN, lonely_user)
    assert [(h.status, h.history_change_reason) for h in pending.history.order_by("history_id")] == [
        (AffiliationStatus.PENDING, None),
        (AffiliationStatus.WITHDRAWN, "withdraw"),
    ]
    assert mail.outbox == []


def test_after_withdrawing_another_company_may_be_asked(pending, lonely_user, other_company):
    services.withdraw_affiliation_request(affiliation=pending, by=lonely_user)

    second = services.request_affiliation(user=lonely_user, company=other_company)

    assert (second.company, second.status) == (other_company, AffiliationStatus.PENDING)


def test_a_request_decided_meanwhile_cannot_be_withdrawn(pending, referent, lonely_user):
    services.decide_affiliation(affiliation=pending, by=referent, approve=True)

    with pytest.raises(Conflict, match="déjà été traitée"):
        services.withdraw_affiliation_request(affiliation=pending, by=lonely_user)

    pending.refresh_from_db()
    assert (pending.status, pending.decided_by) == (AffiliationStatus.APPROVED, referent)


def test_nobody_else_withdraws_a_request(pending, referent):
    with pytest.raises(PermissionDenied):
        services.withdraw_affiliation_request(affiliation=pending, by=referent)

    pending.refresh_from_db()
    assert pending.status == AffiliationStatus.PENDING


def test_a_withdrawn_request_cannot_be_decided(pending, referent, lonely_user):
    services.withdraw_affiliation_request(affiliation=pending, by=lonely_user)

    with pytest.raises(Conflict, match="annulé sa demande"):
        services.decide_affiliation(affiliation=pending, by=referent, approve=True)

    pending.refresh_from_db()
    assert pending.status == AffiliationStatus.WITHDRAWN


def test_dashboard_offers_to_cancel_the_pending_request_and_cancelling_works(client, pending, lonely_user):
    client.force_login(lonely_user)
    dashboard = client.get(reverse("dashboard")).content.decode()

    response = client.post(withdraw_url(pending))

    assert f'action="{withdraw_url(pending)}"' in dashboard
    assert "Annuler ma demande" in dashboard
    assert response.url == reverse("dashboard")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Votre demande de rattachement à {pending.company.name} est annulée."
    ]
    assert Affiliation.objects.get(pk=pending.pk).status == AffiliationStatus.WITHDRAWN
    assert "Demander mon rattachement" in client.get(reverse("dashboard")).content.decode()


def test_request_page_offers_to_cancel_then_shows_the_form_again(client, pending, lonely_user):
    client.force_login(lonely_user)
    page = client.get(reverse("groups:affiliation-request")).content.decode()

    response = client.post(withdraw_url(pending), {"next": reverse("groups:affiliation-request")})

    assert f'action="{withdraw_url(pending)}"' in page
    assert response.url == reverse("groups:affiliation-request")
    after = client.get(reverse("groups:affiliation-request"))
    assert after.context["current"] is None
    assert "Envoyer la demande" in after.content.decode()


def test_referent_no_longer_sees_a_withdrawn_request(client, pending, referent, lonely_user):
    services.withdraw_affiliation_request(affiliation=pending, by=lonely_user)
    client.force_login(referent)

    response = client.get(reverse("groups:requests"))

    assert list(response.context["affiliations_page"]) == []


def test_withdrawing_a_decided_request_through_the_page_warns_and_changes_nothing(
    client, pending, referent, lonely_user
):
    services.decide_affiliation(affiliation=pending, by=referent, approve=False)
    client.force_login(lonely_user)

    response = client.post(withdraw_url(pending))

    assert response.url == reverse("dashboard")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Cette demande a déjà été traitée : elle ne peut plus être annulée."
    ]
    assert Affiliation.objects.get(pk=pending.pk).status == AffiliationStatus.REJECTED
