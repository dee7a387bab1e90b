import pytest
from django.urls import reverse

from groups.enums import AffiliationStatus, CompanyStatus
from groups.models import Affiliation
from tests.factories import AffiliationFactory, CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.mark.parametrize(
    "name", ["admin:users_user_changelist", "admin:groups_company_changelist", "admin:groups_affiliation_changelist"]
)
def test_admin_changelists_render_with_search_and_filters(client, admin_user, member, name):
    client.force_login(admin_user)

    response = client.get(reverse(name), {"q": "a"})

    assert response.status_code == 200


def test_admin_is_closed_to_members(client, member):
    client.force_login(member)

    response = client.get(reverse("admin:groups_company_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_bulk_suspend_companies(client, admin_user):
    companies = CompanyFactory.create_batch(2)
    client.force_login(admin_user)

    client.post(
        reverse("admin:groups_company_changelist"),
        {"action": "mark_suspended", "_selected_action": [c.pk for c in companies]},
    )

    assert {c.status for c in type(companies[0]).objects.all()} == {CompanyStatus.SUSPENDED}


def test_bulk_approve_affiliations(client, admin_user, company):
    pending = AffiliationFactory.create_batch(2, company=company, status=AffiliationStatus.PENDING)
    client.force_login(admin_user)

    client.post(
        reverse("admin:groups_affiliation_changelist"),
        {"action": "approve", "_selected_action": [a.pk for a in pending]},
    )

    assert set(Affiliation.objects.values_list("status", "decided_by")) == {(AffiliationStatus.APPROVED, admin_user.pk)}


def test_company_csv_export(client, admin_user, company):
    company.domains.create(domain="demo.example")
    client.force_login(admin_user)
    fields = ["id", "name", "siren", "status", "domains"]

    response = client.post(
        reverse("admin:groups_company_export"),
        {
            "format": "0",
            "resource": "0",
            "export_items": [company.pk],
            **{f"companyresource_{field}": "on" for field in fields},
        },
    )

    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines == [",".join(fields), f"{company.pk},{company.name},{company.siren},active,demo.example"]
