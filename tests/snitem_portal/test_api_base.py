import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.test import override_settings
from rest_framework.authtoken.models import Token

from groups.enums import CompanyStatus
from groups.models import Company
from tests.factories import PASSWORD, CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_throttles():
    cache.clear()


def test_token_for_valid_credentials_authenticates_later_calls(api_client, member):
    response = api_client.post("/api/v1/auth/token/", {"email": member.email, "password": PASSWORD})
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = api_client.get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=member).key}
    assert me.json()["email"] == member.email


def test_token_gives_same_error_for_unknown_email_and_wrong_password(api_client, member):
    wrong_password = api_client.post("/api/v1/auth/token/", {"email": member.email, "password": "nope"})
    unknown = api_client.post("/api/v1/auth/token/", {"email": "ghost@example.org", "password": "nope"})

    assert wrong_password.status_code == unknown.status_code == 400
    assert wrong_password.json() == unknown.json()
    assert wrong_password.json()["detail"].startswith("E-mail ou mot de passe incorrect")
    assert not Token.objects.exists()


def test_token_refused_for_unverified_account(api_client):
    user = UserFactory(verified=False)

    response = api_client.post("/api/v1/auth/token/", {"email": user.email, "password": PASSWORD})

    assert response.status_code == 400
    assert not Token.objects.exists()


def test_token_refused_for_account_with_two_factor(api_client, member):
    Authenticator.objects.create(user=member, type=Authenticator.Type.TOTP, data={"secret": "x"})

    response = api_client.post("/api/v1/auth/token/", {"email": member.email, "password": PASSWORD})

    assert response.status_code == 400
    assert response.json()["detail"].startswith("E-mail ou mot de passe incorrect")
    assert not Token.objects.exists()


def test_token_endpoint_is_rate_limited(api_client, member):
    statuses = [
        api_client.post("/api/v1/auth/token/", {"email": member.email, "password": "x"}).status_code for _ in range(12)
    ]

    assert statuses == [400] * 5 + [429] * 7


@pytest.mark.parametrize("payload", [{}, {"email": "not-an-email", "password": 3}, {"email": ["a"]}])
def test_token_endpoint_validates_input(api_client, payload):
    response = api_client.post("/api/v1/auth/token/", payload, format="json")

    assert response.status_code == 400


def test_me_describes_user_company_and_role(api_client, referent, company, settings):
    settings.SITE_URL = "https://portail.example"
    api_client.force_authenticate(referent)

    response = api_client.get("/api/v1/me/")

    assert response.json() == {
        "id": referent.pk,
        "email": referent.email,
        "full_name": referent.full_name,
        "language": "fr",
        "company": {"id": company.pk, "name": company.name},
        "company_role": "referent",
        "is_staff": False,
        "calendar_url": f"https://portail.example/calendar/{referent.calendar_token}.ics",
    }


def test_me_without_company(api_client, lonely_user):
    api_client.force_authenticate(lonely_user)

    body = api_client.get("/api/v1/me/").json()

    assert (body["company"], body["company_role"]) == (None, None)


def test_anonymous_calls_get_401(api_client):
    for url in ["/api/v1/me/", "/api/v1/companies/"]:
        response = api_client.get(url)
        assert response.status_code == 401
        assert "detail" in response.json()


def test_companies_lists_active_companies_for_members(api_client, member, company):
    CompanyFactory(name="Suspendue", status=CompanyStatus.SUSPENDED)
    api_client.force_authenticate(member)

    response = api_client.get("/api/v1/companies/")

    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": company.pk,
                "name": company.name,
                "siren": company.siren,
                "web_url": f"http://127.0.0.1:8000/entreprises/{company.pk}/",
            }
        ],
    }


def test_companies_refused_to_users_without_company(api_client, lonely_user, company):
    api_client.force_authenticate(lonely_user)

    response = api_client.get("/api/v1/companies/")

    assert response.status_code == 403


def test_member_cannot_create_or_update_companies(api_client, member, company):
    api_client.force_authenticate(member)

    created = api_client.post("/api/v1/companies/", {"name": "X", "siren": "732829320"})
    updated = api_client.patch(f"/api/v1/companies/{company.pk}/", {"name": "Renamed"})

    assert (created.status_code, updated.status_code) == (403, 403)
    company.refresh_from_db()
    assert company.name == "Demo Company 1"
    assert Company.objects.count() == 1


def test_staff_sees_all_companies_and_creates_one(api_client, staff, company):
    CompanyFactory(status=CompanyStatus.FORMER)
    api_client.force_authenticate(staff)

    listed = api_client.get("/api/v1/companies/")
    created = api_client.post("/api/v1/companies/", {"name": "Nouvelle", "siren": "732829320"})

    assert listed.json()["count"] == 2
    assert created.status_code == 201
    assert created.json() == {
        "id": created.json()["id"],
        "name": "Nouvelle",
        "siren": "732829320",
        "status": "active",
        "web_url": f"http://127.0.0.1:8000/entreprises/{created.json()['id']}/",
    }


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"name": "Y", "siren": "732829321"}, "siren", "clé de contrôle"),
        ({"name": "Y", "siren": "12345"}, "siren", "9 chiffres"),
        ({"name": "demo company 1", "siren": "732829320"}, "name", "déjà ce nom"),
    ],
)
def test_staff_create_with_bad_input_gets_field_error(api_client, staff, company, payload, field, message):
    api_client.force_authenticate(staff)

    response = api_client.post("/api/v1/companies/", payload)

    assert response.status_code == 400
    assert message in response.json()[field][0]
    assert Company.objects.count() == 1


def test_duplicate_siren_is_refused(api_client, staff, company):
    api_client.force_authenticate(staff)

    response = api_client.post("/api/v1/companies/", {"name": "Clone", "siren": company.siren})

    assert response.status_code == 400
    assert list(response.json()) == ["siren"]


@pytest.mark.parametrize("count", [1, 10])
def test_companies_query_budget(api_client, member, count, django_assert_num_queries):
    CompanyFactory.create_batch(count - 1)
    api_client.force_authenticate(member)

    with django_assert_num_queries(3):
        response = api_client.get("/api/v1/companies/")

    assert response.json()["count"] == count


def test_unknown_api_path_is_json_404(api_client, member):
    api_client.force_authenticate(member)

    response = api_client.get("/api/v1/companies/999999/")

    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize(
    "path",
    ["/api/v1/calls/%C2%B2/", "/api/v1/calls/%00/", "/api/v1/groups/%00/", "/api/v1/calls/99999999999999999999999/"],
)
def test_odd_lookups_are_404_not_500(api_client, member, path):
    api_client.force_authenticate(member)

    response = api_client.get(path)

    assert response.status_code == 404


def test_a_list_body_gets_a_detail_error(api_client, staff):
    api_client.force_authenticate(staff)

    response = api_client.post("/api/v1/companies/", [1, 2], format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["detail"]
    assert isinstance(response.json()["detail"], str)


def test_a_filter_error_gets_a_detail_error(api_client, member):
    api_client.force_authenticate(member)

    response = api_client.get("/api/v1/groups/", {"search": "a\x00b"})

    assert response.status_code == 400
    assert list(response.json()) == ["detail"]


@override_settings(DEBUG=False)
@pytest.mark.parametrize("path", ["/api/v1/nope/", "/api/v1/calls/a.b/"])
def test_unknown_api_paths_answer_json_404(api_client, path):
    response = api_client.get(path)

    assert response.status_code == 404
    assert response.json() == {"detail": "Pas trouvé."}
