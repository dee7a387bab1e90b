import pytest
from django.urls import reverse

from groups.enums import AffiliationStatus, CompanyRole, CompanyStatus
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


def test_admin_last_referent_cannot_step_down(client, admin_user, company, referent):
    affiliation = Affiliation.objects.get(user=referent)
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:groups_affiliation_change", args=[affiliation.pk]),
        {"role": CompanyRole.MEMBER, "status": AffiliationStatus.APPROVED},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == ["L'entreprise doit garder au moins un référent."]
    affiliation.refresh_from_db()
    assert affiliation.role == CompanyRole.REFERENT


def test_admin_approval_and_promotion_in_one_change(
    client, admin_user, company, referent, mailoutbox, django_capture_on_commit_callbacks
):
    pending = AffiliationFactory(company=company, status=AffiliationStatus.PENDING)
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:groups_affiliation_change", args=[pending.pk]),
            {"role": CompanyRole.REFERENT, "status": AffiliationStatus.APPROVED},
        )

    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.role, pending.decided_by) == (
        AffiliationStatus.APPROVED,
        CompanyRole.REFERENT,
        admin_user,
    )
    assert [m.to for m in mailoutbox] == [[pending.user.email]]


def test_admin_refuses_a_status_move_no_service_makes(client, admin_user, company, member):
    affiliation = Affiliation.objects.get(user=member)
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:groups_affiliation_change", args=[affiliation.pk]),
        {"role": CompanyRole.MEMBER, "status": AffiliationStatus.PENDING},
    )

    assert response.context["adminform"].form.non_field_errors() == [
        "Ce statut ne passe pas de « Approuvée » à « En attente » ici."
    ]
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.APPROVED


def test_admin_new_affiliation_is_a_request_to_the_referents(
    client, admin_user, company, referent, mailoutbox, django_capture_on_commit_callbacks
):
    newcomer = UserFactory()
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:groups_affiliation_add"), {"user": newcomer.pk, "company": company.pk})

    assert response.status_code == 302
    assert list(Affiliation.objects.filter(user=newcomer).values_list("company", "status")) == [
        (company.pk, AffiliationStatus.PENDING)
    ]
    assert [m.to for m in mailoutbox] == [[referent.email]]


def test_user_admin_shows_the_affiliations_the_groups_app_adds(client, admin_user, company, member):
    client.force_login(admin_user)

    response = client.get(reverse("admin:users_user_change", args=[member.pk]))

    assert response.status_code == 200
    inline = response.context["inline_admin_formsets"][0]
    assert [form.original for form in inline] == list(Affiliation.objects.filter(user=member))
    assert client.get(reverse("admin:users_user_changelist"), {"affiliations__status": "approved"}).status_code == 200
