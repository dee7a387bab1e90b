"""The signup page names no member company to visitors: a search of three letters at least, the
company of the email's domain, and the name or SIREN typed resolved when the form is sent."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from groups.enums import CompanyStatus
from groups.forms import SignupForm
from groups.models import CompanyDomain, SignupCompanyChoice
from tests.factories import PASSWORD, CompanyFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("groups:company-search")


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


@pytest.fixture
def companies(db):
    return {
        "medi": CompanyFactory(name="Meditech France", siren="732829320"),
        "medi_labs": CompanyFactory(name="Labs Meditech"),
        "ortho": CompanyFactory(name="Orthopédie Services"),
        "suspended": CompanyFactory(name="Meditech Suspendue", status=CompanyStatus.SUSPENDED),
    }


def resolve(text: str):
    form = SignupForm(data={"company": text})
    form.is_valid()
    return form.cleaned_data.get("company"), form.errors.get("company", [])


def test_signup_page_lists_no_company_to_visitors(client, companies):
    response = client.get(reverse("account_signup"))

    html = response.content.decode()
    assert [c.name for c in companies.values() if c.name in html] == []
    assert f'data-company-search="{SEARCH}"' in html
    assert "js/company-search.js" in html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Meditech France", "medi"),
        ("meditech france", "medi"),
        ("732 829 320", "medi"),
        ("Orthopédie", "ortho"),
        ("ortho", "ortho"),
    ],
)
def test_name_siren_or_unique_part_resolves_to_the_company(companies, text, expected):
    assert resolve(text) == (companies[expected], [])


def test_empty_company_is_no_choice(companies):
    assert resolve("  ") == (None, [])


def test_several_matches_are_named_in_the_error(companies):
    company, errors = resolve("meditech")

    assert company is None
    assert errors == [
        "Plusieurs entreprises adhérentes correspondent à « meditech » : « Meditech France », « Labs Meditech ». "
        "Saisissez la raison sociale complète ou le SIREN."
    ]


def test_nothing_matching_and_too_short_are_explained(companies):
    assert resolve("Inconnue SA")[1] == [
        "Aucune entreprise adhérente ne correspond à « Inconnue SA ». Vérifiez la raison sociale ou saisissez "
        "le SIREN (9 chiffres) ; vous pouvez aussi laisser ce champ vide et demander votre rattachement plus tard."
    ]
    assert resolve("Me")[1] == ["Saisissez au moins trois lettres de la raison sociale, ou le SIREN."]


def test_a_suspended_company_is_never_chosen(companies):
    assert resolve("Meditech Suspendue")[0] is None


def test_signup_with_a_typed_name_keeps_that_company_until_verification(client, companies):
    client.post(
        reverse("account_signup"),
        {
            "full_name": "Nina Nouvelle",
            "email": "nina@meditech.example",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "language": "fr",
            "company": "orthopédie services",
        },
    )

    assert SignupCompanyChoice.objects.get(user__email="nina@meditech.example").company == companies["ortho"]


def test_search_answers_active_companies_names_starting_with_the_text_first(client, companies):
    response = client.get(SEARCH, {"q": "medi"})

    assert response.status_code == 200
    assert response.json() == {
        "results": [{"name": "Meditech France"}, {"name": "Labs Meditech"}],
        "message": "2 entreprises correspondent.",
    }


def test_search_answers_ten_companies_at_most(client):
    for number in range(12):
        CompanyFactory(name=f"Société {number:02d}")

    names = [company["name"] for company in client.get(SEARCH, {"q": "société"}).json()["results"]]

    assert names == [f"Société {number:02d}" for number in range(10)]


@pytest.mark.parametrize("text", ["", "me", "  me  "])
def test_search_needs_three_letters(client, companies, text):
    response = client.get(SEARCH, {"q": text})

    assert response.status_code == 400
    assert response.json() == {"q": ["Saisissez au moins trois caractères."]}


@pytest.mark.parametrize("params", [{"q": "Méd\x00ical"}, {"email": "a@\x00.fr"}, {"q": "x" * 201}])
def test_search_refuses_a_nul_character_or_an_overlong_text_with_a_400(client, companies, params):
    response = client.get(SEARCH, params)

    assert response.status_code == 400
    assert set(response.json()) == set(params)


def test_search_gives_the_company_of_the_email_domain(client, companies):
    CompanyDomain.objects.create(company=companies["medi"], domain="meditech.example")

    known = client.get(SEARCH, {"email": "nina@Meditech.example"}).json()
    unknown = client.get(SEARCH, {"email": "nina@ailleurs.example"}).json()

    assert known == {"suggested": {"name": "Meditech France", "label": "Je travaille chez Meditech France"}}
    assert unknown == {"suggested": None}


def test_anonymous_searches_are_rate_limited(client, companies, settings):
    settings.COMPANY_SEARCH_RATE_LIMIT = "3/min"

    statuses = [client.get(SEARCH, {"q": "medi"}).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_signed_in_searches_are_not_rate_limited(client, companies, member, settings):
    settings.COMPANY_SEARCH_RATE_LIMIT = "3/min"
    client.force_login(member)

    statuses = [client.get(SEARCH, {"q": "medi"}).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 200]


def test_affiliation_request_page_lists_no_company_either(client, companies, lonely_user):
    client.force_login(lonely_user)

    html = client.get(reverse("groups:affiliation-request")).content.decode()

    assert [c.name for c in companies.values() if c.name in html] == []
    assert f'data-company-search="{SEARCH}"' in html


def test_dashboard_suggestion_from_the_email_domain_sends_the_request(client, companies, lonely_user):
    CompanyDomain.objects.create(company=companies["ortho"], domain=lonely_user.email.rpartition("@")[2])
    client.force_login(lonely_user)
    dashboard = client.get(reverse("dashboard")).content.decode()

    client.post(reverse("groups:affiliation-request"), {"company": "Orthopédie Services"})

    assert 'name="company" value="Orthopédie Services"' in dashboard
    assert lonely_user.affiliations.get().company == companies["ortho"]
