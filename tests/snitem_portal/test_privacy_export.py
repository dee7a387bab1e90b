"""GET /api/v1/me/export/ and the « Télécharger mes données » button: the caller's data, nobody else's."""

import json
import uuid

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from groups.models import Meeting
from groups.services import join_group
from reminders.enums import DeliveryMode, ReminderStatus
from reminders.models import NotificationPreference, Reminder, ReminderRule
from roadmap.enums import PositionStatus
from snitem_portal.privacy import export_personal_data
from tests.groups.factories import MeetingFactory, WorkingGroupFactory, active_in, chair_of
from tests.projects.factories import SubmissionFactory, submitted
from tests.roadmap.factories import ConsultationFactory, PositionFactory

pytestmark = pytest.mark.django_db


def _ledger_row(recipient, meeting: Meeting) -> Reminder:
    return Reminder.objects.create(
        content_type=ContentType.objects.get_for_model(Meeting),
        object_id=meeting.pk,
        kind="meeting",
        rule=ReminderRule.objects.filter(kind="meeting").first(),
        recipient=recipient,
        deadline_at=meeting.starts_at,
        due_at=timezone.now(),
        mode=DeliveryMode.IMMEDIATE,
        status=ReminderStatus.SENT,
        scan_id=uuid.uuid4(),
        sent_at=timezone.now(),
    )


@pytest.fixture
def data(company, other_company, member, referent, outsider):
    """The member's traces everywhere, and an outsider of another company with traces just like them."""
    group = WorkingGroupFactory(name="Cybersécurité", slug="cyber")
    chair_of(group, referent)
    active_in(group, member)
    active_in(group, outsider)
    meeting = MeetingFactory(group=group, title="Réunion du membre", created_by=member)
    MeetingFactory(group=group, title="Réunion de l'autre", created_by=outsider)
    consultation = ConsultationFactory()
    PositionFactory(
        consultation=consultation,
        company=company,
        argument="ARGUMENT-DU-MEMBRE",
        updated_by=member,
        status=PositionStatus.SUBMITTED,
        submitted_by=referent,
        submitted_at=timezone.now(),
    )
    PositionFactory(
        consultation=consultation, company=other_company, argument="ARGUMENT-SECRET-AUTRE", updated_by=outsider
    )
    SubmissionFactory(company=company, title="Projet du membre", created_by=member)
    submitted(company=other_company, title="Projet secret de l'autre", created_by=outsider, submitted_by=outsider)
    NotificationPreference.objects.create(user=member, kind="meeting", mode=DeliveryMode.DIGEST)
    NotificationPreference.objects.create(user=outsider, kind="call", mode=DeliveryMode.OFF)
    _ledger_row(member, meeting)
    _ledger_row(outsider, meeting)
    Authenticator.objects.create(user=member, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    member_token = Token.objects.create(user=member)
    outsider_token = Token.objects.create(user=outsider)
    return {"member_token": member_token, "outsider_token": outsider_token}


def test_export_holds_the_callers_data_in_every_section(api_client, member, data):
    api_client.force_authenticate(member)

    response = api_client.get("/api/v1/me/export/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="snitem-mes-donnees-')
    body = response.json()
    assert body["account"]["email"] == "member@company.example"
    assert body["account"]["full_name"] == "Marie Membre"
    assert [a["company"] for a in body["affiliations"]] == ["Demo Company 1"]
    assert [m["group_slug"] for m in body["memberships"]] == ["cyber"]
    assert [m["title"] for m in body["meetings_scheduled_or_cancelled"]] == ["Réunion du membre"]
    assert [(p["argument"], p["last_edited_by_me"], p["submitted_by_me"]) for p in body["positions"]] == [
        ("ARGUMENT-DU-MEMBRE", True, False)
    ]
    assert [s["title"] for s in body["applications"]] == ["Projet du membre"]
    assert body["notification_preferences"][0]["kind"] == "meeting"
    assert [r["kind"] for r in body["reminders_received"]] == ["meeting"]
    assert body["email_addresses"] == [{"email": "member@company.example", "verified": True, "primary": True}]
    assert set(body["api_token"]) == {"created_at", "expires_at", "last_used_at"}


def test_export_leaks_nothing_of_another_user_or_company_and_no_secret(api_client, member, data):
    api_client.force_authenticate(member)

    text = api_client.get("/api/v1/me/export/").content.decode()

    for foreign in (
        "outsider@other.example",
        "Olga Autre",
        "Autre Entreprise",
        "ARGUMENT-SECRET-AUTRE",
        "Projet secret de l'autre",
        "Réunion de l'autre",
        "referent@company.example",
        "Rémi Référent",
        data["outsider_token"].key,
    ):
        assert foreign not in text
    assert data["member_token"].key not in text
    assert "JBSWY3DPEHPK3PXP" not in text
    assert [a["type"] for a in json.loads(text)["two_factor_authenticators"]] == ["totp"]
    assert member.calendar_token not in text
    assert member.password not in text
    assert json.loads(text)["user_id"] == member.pk


def test_export_button_downloads_the_same_file(client, member, data):
    client.force_login(member)

    page = client.get(reverse("privacy-my-data"))
    download = client.get(reverse("privacy-export"))

    assert reverse("privacy-export") in page.content.decode()
    assert "Télécharger mes données" in page.content.decode()
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    body = json.loads(download.content)
    assert body["account"]["email"] == "member@company.example"
    assert "outsider@other.example" not in download.content.decode()


def test_export_of_a_token_caller_is_their_own(api_client, outsider, member, data):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {data['outsider_token'].key}")

    body = api_client.get("/api/v1/me/export/").json()

    assert body["account"]["email"] == "outsider@other.example"
    assert "member@company.example" not in json.dumps(body)


def test_export_anonymous_is_refused(api_client, client, data):
    assert api_client.get("/api/v1/me/export/").status_code == 401
    response = client.get(reverse("privacy-export"))
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/?next=")


def test_every_exporter_gives_distinct_sections(member, data):
    body = export_personal_data(member)

    assert {"account", "affiliations", "positions", "applications", "reminders_received"} <= set(body)
    assert body["format"] == 1


def test_export_lists_the_history_the_caller_wrote_and_no_other(api_client, member, outsider, data):
    group = WorkingGroupFactory(name="Ouvert", slug="ouvert", is_open=True)
    mine, _ = join_group(user=member, group=group)
    theirs, _ = join_group(user=outsider, group=group)
    api_client.force_authenticate(member)

    history = api_client.get("/api/v1/me/export/").json()["history_authored"]

    assert [(h["object"], h["object_id"], h["action"]) for h in history] == [("groups.Membership", mine.pk, "created")]
    assert theirs.pk != mine.pk
