"""The privacy page (staff text, periods from the settings), « Mes données », and the export query budget."""

import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from groups.models import Meeting
from reminders.models import Reminder, ReminderRule
from snitem_portal.models import SiteText
from tests.factories import CompanyFactory, member_of
from tests.groups.factories import MeetingFactory, WorkingGroupFactory, active_in
from tests.projects.factories import SubmissionFactory
from tests.roadmap.factories import PositionFactory

pytestmark = pytest.mark.django_db


def test_policy_states_the_periods_of_the_settings(client, settings):
    settings.LEDGER_RETENTION_DAYS = 123
    settings.API_TOKEN_TTL_DAYS = 45
    settings.UNVERIFIED_SIGNUP_RETENTION_DAYS = 17
    settings.SESSION_COOKIE_AGE = 3 * 24 * 3600

    text = client.get(reverse("privacy-policy")).content.decode()

    assert "le journal des rappels envoyés, 123 jours après l'échéance rappelée." in text
    assert "les jetons d'API, 45 jours après leur création ;" in text
    assert "les inscriptions dont l'adresse n'a jamais été vérifiée, après 17 jours ;" in text
    assert "les sessions de connexion, 3 jours après la dernière activité ;" in text


def test_policy_without_a_staff_text_shows_the_default_with_the_contact(client, settings):
    settings.PRIVACY_CONTACT_EMAIL = "dpo@snitem.example"

    response = client.get(reverse("privacy-policy"))

    text = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Responsable du traitement</strong>" in text
    assert "dpo@snitem.example" in text
    assert reverse("privacy-my-data") in text


def test_policy_shows_the_staffs_text_in_each_language(client, staff):
    SiteText.objects.create(
        key="privacy",
        text_fr="**Responsable** : l'association ÉDITÉE",
        text_en="**Controller**: EDITED",
        updated_by=staff,
    )

    french = client.get(reverse("privacy-policy")).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(reverse("privacy-policy")).content.decode()

    assert "<strong>Responsable</strong> : l'association ÉDITÉE" in french
    assert "Responsable du traitement" not in french
    assert "<strong>Controller</strong>: EDITED" in english
    assert "For how long" in english


def test_every_page_links_the_policy_in_its_footer(client):
    text = client.get(reverse("landing")).content.decode()

    assert f'<a href="{reverse("privacy-policy")}">Politique de confidentialité</a>' in text


def test_my_data_page_is_linked_from_the_account_menu(client, member):
    client.force_login(member)

    response = client.get(reverse("privacy-my-data"))

    assert response.status_code == 200
    assert f'href="{reverse("privacy-my-data")}"' in response.content.decode()
    assert f'href="{reverse("privacy-close-account")}"' in response.content.decode()


def test_my_data_pages_need_a_sign_in(client):
    for name in ("privacy-my-data", "privacy-export", "privacy-close-account"):
        response = client.get(reverse(name))

        assert response.status_code == 302
        assert response["Location"].startswith("/compte/login/?next=")


def _traces(user, company, count: int) -> None:
    """``count`` of each kind of trace: seats, meetings, positions, applications, reminders."""
    rule = ReminderRule.objects.filter(kind="meeting").first()
    for _ in range(count):
        group = WorkingGroupFactory()
        active_in(group, user)
        meeting = MeetingFactory(group=group, created_by=user)
        PositionFactory(company=company, updated_by=user)
        SubmissionFactory(company=company, created_by=user)
        Reminder.objects.create(
            content_type=ContentType.objects.get_for_model(Meeting),
            object_id=meeting.pk,
            kind="meeting",
            rule=rule,
            recipient=user,
            deadline_at=meeting.starts_at,
            due_at=timezone.now(),
            mode="immediate",
            scan_id=uuid.uuid4(),
        )


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_export_query_budget_does_not_grow_with_the_data(api_client, django_assert_max_num_queries):
    company = CompanyFactory()
    user = member_of(company)
    api_client.force_authenticate(user)
    _traces(user, company, 1)
    at_one = _queries(lambda: api_client.get("/api/v1/me/export/"))
    _traces(user, company, 9)

    with django_assert_max_num_queries(at_one):
        response = api_client.get("/api/v1/me/export/")

    assert len(response.json()["positions"]) == 10
    assert at_one <= 60  # one or two queries per kind of data, whatever its size


@pytest.mark.parametrize("count", [1, 10])
def test_my_data_close_and_policy_pages_query_budget(client, count, django_assert_max_num_queries):
    company = CompanyFactory()
    user = member_of(company)
    _traces(user, company, count)
    client.force_login(user)

    with django_assert_max_num_queries(6):
        client.get(reverse("privacy-my-data"))
    with django_assert_max_num_queries(6):
        client.get(reverse("privacy-close-account"))
    with django_assert_max_num_queries(7):
        client.get(reverse("privacy-policy"))


def test_staff_get_a_link_to_edit_the_policy_text_and_others_do_not(client, staff, member):
    client.force_login(member)
    as_member = client.get(reverse("privacy-policy")).content.decode()
    client.force_login(staff)
    before_any_text = client.get(reverse("privacy-policy")).content.decode()
    text = SiteText.objects.create(key="privacy", text_fr="Texte", updated_by=staff)
    once_written = client.get(reverse("privacy-policy")).content.decode()

    assert "Modifier ce texte" not in as_member
    assert f'href="{reverse("admin:snitem_portal_sitetext_add")}?key=privacy"' in before_any_text
    assert f'href="{reverse("admin:snitem_portal_sitetext_change", args=[text.pk])}"' in once_written
