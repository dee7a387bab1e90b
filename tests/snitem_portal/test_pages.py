import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from rest_framework.authtoken.models import Token

from groups.enums import AffiliationStatus
from tests.factories import AffiliationFactory

pytestmark = pytest.mark.django_db


def test_landing_is_public_with_strict_csp(client):
    response = client.get("/")

    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert b"<script>" not in response.content
    assert b'style="' not in response.content


def test_base_template_has_lang_skip_link_and_landmarks(client):
    html = client.get("/").content.decode()

    assert '<html lang="fr">' in html
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert "<nav " in html


def test_dashboard_requires_login(client):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.url.startswith("/compte/login/")


def test_logged_in_user_is_sent_from_landing_to_dashboard(client, member):
    client.force_login(member)

    response = client.get("/")

    assert response.url == reverse("dashboard")


def test_dashboard_invites_user_without_company_to_request_affiliation(client, lonely_user):
    client.force_login(lonely_user)

    response = client.get(reverse("dashboard"))

    assert reverse("groups:affiliation-request") in response.content.decode()


def test_dashboard_shows_referent_the_pending_requests(client, company, referent, lonely_user):
    AffiliationFactory(user=lonely_user, company=company, status=AffiliationStatus.PENDING)
    client.force_login(referent)

    response = client.get(reverse("dashboard"))

    panel = next(p for p in response.context["panels"] if p.template.endswith("affiliations_to_decide.html"))
    assert [a.user for a in panel.context["pending"]] == [lonely_user]
    assert panel.action_count == 1


def test_language_switch_changes_language_and_profile(client, member):
    client.force_login(member)

    response = client.post(reverse("set-language"), {"language": "en", "next": "/tableau-de-bord/"})
    page = client.get(reverse("dashboard"))

    member.refresh_from_db()
    assert response.url == "/tableau-de-bord/"
    assert member.language == "en"
    assert '<html lang="en">' in page.content.decode()
    assert "Dashboard" in page.content.decode()


def test_language_switch_refuses_foreign_redirects(client):
    response = client.post(reverse("set-language"), {"language": "en", "next": "https://evil.example/"})

    assert response.url == "/"


def test_anonymous_language_switch_uses_cookie(client):
    client.post(reverse("set-language"), {"language": "en", "next": "/"})

    assert '<html lang="en">' in client.get("/").content.decode()


@override_settings(DEBUG=False)
def test_unknown_page_is_friendly_404(client):
    response = client.get("/nulle-part/")

    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_api_token_page_creates_and_revokes_token(client, member):
    client.force_login(member)

    client.post(reverse("api-token"), {"action": "regenerate"})
    first = Token.objects.get(user=member).key
    client.post(reverse("api-token"), {"action": "regenerate"})
    second = Token.objects.get(user=member).key
    client.post(reverse("api-token"), {"action": "revoke"})

    assert first != second
    assert not Token.objects.filter(user=member).exists()


def test_api_token_page_requires_login(client):
    response = client.post(reverse("api-token"), {"action": "regenerate"})

    assert response.status_code == 302
    assert not Token.objects.exists()


@pytest.mark.parametrize("url", ["/compte/login/", "/compte/signup/", "/compte/password/reset/", "/api/v1/docs/"])
def test_public_pages_render(client, url):
    response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("url", ["/compte/email/", "/compte/2fa/", "/compte/password/change/"])
def test_account_pages_use_portal_layout(client, member, url):
    client.force_login(member)

    response = client.get(url)

    assert response.status_code == 200
    assert 'href="#main"' in response.content.decode()


def test_dashboard_suggests_company_from_email_domain(client, company, lonely_user):
    company.domains.create(domain="nowhere.example")
    client.force_login(lonely_user)

    response = client.get(reverse("dashboard"))

    panel = next(p for p in response.context["panels"] if p.template.endswith("affiliation_status.html"))
    assert panel.context["suggested"] == company
    assert f"Je travaille chez {company.name}" in response.content.decode()


def test_landing_shows_roadmap_overview_and_groups(client):
    call_command("load_reference_data")

    response = client.get("/")

    html = response.content.decode()
    assert [o.number for o in response.context["orientations"]] == [1, 2, 3, 4, 5]
    assert "Renforcer la gouvernance du numérique en santé" in html
    assert "Fracture numérique" in html


@pytest.mark.parametrize("groups", [1, 10])
def test_landing_query_budget(client, groups, django_assert_num_queries):
    from groups.models import WorkingGroup

    for index in range(groups):
        WorkingGroup.objects.create(name=f"Groupe {index}", slug=f"groupe-{index}")

    with django_assert_num_queries(4):
        response = client.get("/")

    assert len(response.context["groups"]) == groups


@pytest.mark.parametrize("next_url", ["abc", "//evil.example/", "javascript:alert(1)"])
def test_language_switch_with_odd_next_goes_home(client, next_url):
    response = client.post(reverse("set-language"), {"language": "en", "next": next_url})

    assert (response.status_code, response.url) == (302, "/")


def test_favicon_ico_leads_to_the_portal_icon(client):
    response = client.get("/favicon.ico")

    assert (response.status_code, response["Location"]) == (301, "/static/img/favicon.svg")
