"""The results page and GET /api/v1/search/: input checks, shape, pagination and query budgets."""

import pytest

from search.indexing import rebuild
from search.registry import kinds

from ..groups.factories import MeetingFactory, WorkingGroupFactory, active_in
from ..projects.factories import CallFactory
from ..roadmap.factories import ActionFactory, ConsultationFactory

pytestmark = pytest.mark.django_db

URL = "/recherche/"
API = "/api/v1/search/"


def _world(member, items: int) -> None:
    """``items`` objects of each kind the member sees, all about telemedicine."""
    group = WorkingGroupFactory(name="Télémédecine", slug="telemedecine")
    active_in(group, member)
    for number in range(items):
        WorkingGroupFactory(name=f"Télémédecine {number}", slug=f"telemedecine-{number}")
        MeetingFactory(group=group, title=f"Télémédecine, séance {number}")
        action = ActionFactory(title=f"Télémédecine en ville {number}")
        ConsultationFactory(action=action, question=f"Faut-il étendre la télémédecine ({number}) ?")
        CallFactory(title=f"Appel télémédecine {number}", slug=f"appel-telemedecine-{number}")
    rebuild()


def test_api_answers_ranked_results_with_absolute_urls(postgres_only, api_client, member, settings):
    group = WorkingGroupFactory(name="Cardiologie", slug="cardiologie", description="Stimulateurs <b>cardiaques</b>.")
    rebuild()

    response = api_client.get(API, {"q": "cardiaque"})

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "kind": "group",
                "id": group.pk,
                "title": "Cardiologie",
                "extract": "Stimulateurs <mark>cardiaques</mark>",  # tags are left out, spaces joined
                "url": f"{settings.SITE_URL}/groupes/cardiologie/",
            }
        ],
    }


def test_api_pages_by_search_page_size(postgres_only, api_client, member, settings):
    settings.SEARCH_PAGE_SIZE = 2
    _world(member, 3)
    api_client.force_authenticate(member)

    response = api_client.get(API, {"q": "télémédecine", "kind": "action"}).json()

    assert (response["count"], len(response["results"])) == (3, 2)


def test_api_pages_through_the_results_of_one_kind(postgres_only, api_client, member):
    _world(member, 3)
    api_client.force_authenticate(member)

    first = api_client.get(API, {"q": "télémédecine", "kind": "meeting", "page_size": 2}).json()
    second = api_client.get(API, {"q": "télémédecine", "kind": "meeting", "page_size": 2, "page": 2}).json()

    assert first["count"] == second["count"] == 3
    assert [r["kind"] for r in first["results"] + second["results"]] == ["meeting"] * 3
    assert len({r["id"] for r in first["results"] + second["results"]}) == 3


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({}, {"q": ["Saisissez les mots à chercher."]}),
        ({"q": "   "}, {"q": ["Saisissez les mots à chercher."]}),
        ({"q": "x" * 201}, {"q": ["Assurez-vous que ce champ comporte au plus 200\xa0caractères."]}),
        ({"q": "santé\x00"}, {"q": ["Le caractère nul n’est pas autorisé."]}),
        (
            {"q": "santé", "kind": "secret"},
            {"kind": [f"Type de résultat inconnu. Valeurs possibles : {', '.join(kinds())}."]},
        ),
    ],
)
def test_api_refuses_bad_input_with_400(api_client, params, errors):
    response = api_client.get(API, params, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 400
    assert response.json() == errors


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "x" * 201}, "au plus 200 caractères"),
        ({"q": "santé", "kind": "secret"}, "Type de résultat inconnu."),
        ({"q": "a\x00b"}, "Le caractère nul n’est pas autorisé."),
    ],
)
def test_page_refuses_bad_input_with_400_and_says_why(client, params, message):
    response = client.get(URL, params)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_page_without_words_says_where_search_looks(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert "Saisissez un ou plusieurs mots." in response.content.decode()
    assert "Groupes de travail, Réunions, Actions de la feuille de route" in response.content.decode()


def test_page_groups_results_by_kind_with_counts(postgres_only, client, member):
    _world(member, 6)
    client.force_login(member)

    response = client.get(URL, {"q": "telemedecine"})

    assert response.status_code == 200
    assert [(f["kind"], f["count"], len(f["hits"])) for f in response.context["filters"]] == [
        ("group", 7, 5),
        ("meeting", 6, 5),
        ("action", 6, 5),
        ("consultation", 6, 5),
        ("call", 6, 5),
    ]
    assert "Voir les 6 résultats : Réunions" in response.content.decode()


def test_page_of_one_kind_is_paginated(postgres_only, client, member, settings):
    settings.SEARCH_PAGE_SIZE = 4
    _world(member, 6)
    client.force_login(member)

    response = client.get(URL, {"q": "telemedecine", "kind": "meeting", "page": 2})

    page = response.context["page"]
    assert (page.number, page.paginator.num_pages, len(page.object_list)) == (2, 2, 2)
    assert [hit.kind for hit in page.object_list] == ["meeting", "meeting"]
    assert "?q=telemedecine&amp;kind=meeting&amp;page=1" in response.content.decode()


PAGE_BUDGET = 7
API_BUDGET = 4


# Query budgets: the same at 1 and at 10 objects of each kind, whatever the number of kinds. Page:
# session, user, affiliation, the user's memberships (read once per request, for the groups they
# chair), the header's unread notifications, then the counts per kind and the results (the
# visibility of every kind is a subquery of each). API: the same without session, user and header.


@pytest.mark.parametrize("items", [1, 10])
def test_page_overview_query_budget(postgres_only, client, member, items, django_assert_num_queries):
    _world(member, items)
    client.force_login(member)

    with django_assert_num_queries(PAGE_BUDGET):
        response = client.get(URL, {"q": "telemedecine"})

    assert sum(f["count"] for f in response.context["filters"]) == 5 * items + 1


@pytest.mark.parametrize("items", [1, 10])
def test_page_of_one_kind_query_budget(postgres_only, client, member, items, django_assert_num_queries):
    _world(member, items)
    client.force_login(member)

    with django_assert_num_queries(PAGE_BUDGET):
        response = client.get(URL, {"q": "telemedecine", "kind": "consultation"})

    assert len(response.context["page"].object_list) == items


@pytest.mark.parametrize("items", [1, 10])
def test_api_query_budget(postgres_only, api_client, member, items, django_assert_num_queries):
    _world(member, items)
    api_client.force_authenticate(member)

    with django_assert_num_queries(API_BUDGET):
        response = api_client.get(API, {"q": "telemedecine"})

    assert response.json()["count"] == 5 * items + 1
