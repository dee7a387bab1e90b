import pytest
from django.urls import reverse

from groups.enums import AffiliationStatus, CompanyRole
from groups.models import Affiliation, CompanyDomain
from tests.factories import AffiliationFactory, member_of

pytestmark = pytest.mark.django_db


def test_company_page_lists_people_to_its_members(client, company, member, referent):
    client.force_login(member)

    response = client.get(reverse("groups:company-detail", args=[company.pk]))

    assert response.status_code == 200
    assert [a.user for a in response.context["people"]] == [referent, member]
    assert response.context["can_manage"] is False


def test_company_page_is_hidden_from_other_companies_and_anonymous(client, company, member, outsider):
    url = reverse("groups:company-detail", args=[company.pk])

    anonymous = client.get(url)
    client.force_login(outsider)
    other = client.get(url)

    assert anonymous.status_code == 302
    assert other.status_code == 404
    assert member.email.encode() not in other.content


def test_company_page_visible_to_staff(client, company, member, staff):
    client.force_login(staff)

    response = client.get(reverse("groups:company-detail", args=[company.pk]))

    assert response.status_code == 200
    assert member.email in response.content.decode()


@pytest.mark.parametrize("people", [1, 10])
def test_company_page_query_budget(client, company, referent, people, django_assert_num_queries):
    for _ in range(people - 1):
        member_of(company)
    client.force_login(referent)

    # +1: the header's unread notifications count (the bell).
    with django_assert_num_queries(7):
        response = client.get(reverse("groups:company-detail", args=[company.pk]))

    assert len(response.context["people"]) == people


def test_affiliation_request_page_suggests_company_from_domain(client, company, lonely_user):
    CompanyDomain.objects.create(company=company, domain="nowhere.example")
    client.force_login(lonely_user)

    response = client.get(reverse("groups:affiliation-request"))

    assert response.context["form"].initial["company"] == company.name


def test_affiliation_request_page_creates_request(client, company, lonely_user):
    client.force_login(lonely_user)

    response = client.post(reverse("groups:affiliation-request"), {"company": company.name})

    assert response.status_code == 302
    assert Affiliation.objects.get(user=lonely_user).status == AffiliationStatus.PENDING


def test_affiliation_request_with_unknown_company_shows_error(client, lonely_user):
    client.force_login(lonely_user)

    response = client.post(reverse("groups:affiliation-request"), {"company": "Entreprise inconnue"})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["company"]
    assert response.context["form"].errors["company"][0].startswith("Aucune entreprise adhérente ne correspond")
    assert not Affiliation.objects.filter(user=lonely_user).exists()


def test_referent_approves_from_dashboard(client, company, referent, lonely_user):
    pending = AffiliationFactory(user=lonely_user, company=company, status=AffiliationStatus.PENDING)
    client.force_login(referent)
    dashboard = client.get(reverse("dashboard"))

    response = client.post(reverse("groups:affiliation-decide", args=[pending.pk]), {"decision": "approve"})

    assert lonely_user.email in dashboard.content.decode()
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == AffiliationStatus.APPROVED


def test_member_cannot_approve_and_nothing_changes(client, company, member, lonely_user):
    pending = AffiliationFactory(user=lonely_user, company=company, status=AffiliationStatus.PENDING)
    client.force_login(member)

    response = client.post(reverse("groups:affiliation-decide", args=[pending.pk]), {"decision": "approve"})

    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == AffiliationStatus.PENDING


def test_referent_of_other_company_cannot_approve(client, company, other_company, lonely_user):
    other_referent = AffiliationFactory(company=other_company, role=CompanyRole.REFERENT).user
    pending = AffiliationFactory(user=lonely_user, company=company, status=AffiliationStatus.PENDING)
    client.force_login(other_referent)

    response = client.post(reverse("groups:affiliation-decide", args=[pending.pk]), {"decision": "approve"})

    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == AffiliationStatus.PENDING


def test_promote_colleague_from_company_page(client, company, referent, member):
    affiliation = Affiliation.objects.get(user=member)
    client.force_login(referent)

    client.post(reverse("groups:affiliation-role", args=[affiliation.pk]), {"role": "referent"})

    affiliation.refresh_from_db()
    assert affiliation.role == CompanyRole.REFERENT


def test_member_cannot_promote_themself(client, company, member):
    affiliation = Affiliation.objects.get(user=member)
    client.force_login(member)

    response = client.post(reverse("groups:affiliation-role", args=[affiliation.pk]), {"role": "referent"})

    assert response.status_code == 403
    affiliation.refresh_from_db()
    assert affiliation.role == CompanyRole.MEMBER


def test_outsider_cannot_promote_in_another_company(client, company, member, outsider):
    affiliation = Affiliation.objects.get(user=member)
    client.force_login(outsider)

    response = client.post(reverse("groups:affiliation-role", args=[affiliation.pk]), {"role": "referent"})

    assert response.status_code == 404
    affiliation.refresh_from_db()
    assert affiliation.role == CompanyRole.MEMBER


@pytest.mark.parametrize("next_url", ["https://evil.example/x", "//evil.example/x", "abc", ""])
def test_decision_never_redirects_off_site_nor_fails(client, company, referent, lonely_user, next_url):
    pending = AffiliationFactory(user=lonely_user, company=company, status=AffiliationStatus.PENDING)
    client.force_login(referent)

    response = client.post(
        reverse("groups:affiliation-decide", args=[pending.pk]), {"decision": "approve", "next": next_url}
    )

    assert (response.status_code, response.url) == (302, reverse("dashboard"))
