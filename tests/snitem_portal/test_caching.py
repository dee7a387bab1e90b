"""The shared cache: public content cached once for everyone, never a user's data, per language."""

import pytest
from django.urls import reverse
from django.utils import translation

from roadmap.models import Action
from snitem_portal.caching import shared_key
from tests.factories import UserFactory
from tests.roadmap.factories import ActionFactory

pytestmark = pytest.mark.django_db


def _main(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def test_shared_keys_separate_languages_and_topics_and_name_no_user():
    with translation.override("fr"):
        french = shared_key("roadmap", "page", "")
    with translation.override("en"):
        english = shared_key("roadmap", "page", "")
    with translation.override("fr"):
        other_topic = shared_key("calls", "page", "")

    assert len({french, english, other_topic}) == 3
    assert ":fr:" in french
    assert ":en:" in english


def test_roadmap_page_cached_for_everyone_keeps_each_users_own_header(client):
    ActionFactory(title="Identité numérique")
    alice = UserFactory(full_name="Alice Dupont")
    bob = UserFactory(full_name="Bob Martin")
    client.force_login(alice)
    client.get(reverse("roadmap:roadmap"))
    client.force_login(bob)

    response = client.get(reverse("roadmap:roadmap"))

    page = response.content.decode()
    assert "Identité numérique" in page
    assert "Bob Martin" in page
    assert "Alice Dupont" not in page


def test_roadmap_page_cached_in_one_language_is_not_served_in_the_other(client):
    ActionFactory()
    french_reader = UserFactory(language="fr")
    english_reader = UserFactory(language="en")
    client.force_login(french_reader)
    french = client.get(reverse("roadmap:roadmap")).content.decode()
    client.force_login(english_reader)

    english = client.get(reverse("roadmap:roadmap")).content.decode()

    assert "Avancement global" in french
    assert "Overall progress" not in french
    assert "Overall progress" in english
    assert "Avancement global" not in english


def test_roadmap_page_served_from_the_cache_runs_no_query(client, django_assert_num_queries):
    ActionFactory.create_batch(3)
    first = client.get(reverse("roadmap:roadmap"))

    with django_assert_num_queries(0):
        second = client.get(reverse("roadmap:roadmap"))

    assert _main(second) == _main(first)  # the header carries a fresh CSRF token each time


def test_a_changed_action_is_shown_at_once_on_the_page_and_in_the_api(
    client, api_client, django_capture_on_commit_callbacks
):
    action = ActionFactory(title="Titre d'origine")
    client.get(reverse("roadmap:roadmap"))
    api_client.get("/api/v1/roadmap/actions/")

    with django_capture_on_commit_callbacks(execute=True):
        changed = Action.objects.get(pk=action.pk)
        changed.title = "Titre revu"
        changed.save()

    page = client.get(reverse("roadmap:roadmap")).content.decode()
    api = api_client.get("/api/v1/roadmap/actions/").json()
    assert "Titre revu" in page
    assert "Titre d'origine" not in page
    assert [row["title"] for row in api["results"]] == ["Titre revu"]


def test_a_new_action_appears_in_the_cached_api_list(api_client, django_capture_on_commit_callbacks):
    ActionFactory(title="Première")
    assert api_client.get("/api/v1/roadmap/actions/").json()["count"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        ActionFactory(title="Seconde")

    response = api_client.get("/api/v1/roadmap/actions/").json()
    assert response["count"] == 2


def test_api_list_cached_per_query_string(api_client):
    first = ActionFactory()
    second = ActionFactory()
    api_client.get("/api/v1/roadmap/actions/")

    filtered = api_client.get(f"/api/v1/roadmap/actions/?orientation={second.orientation_id}").json()

    assert [row["id"] for row in filtered["results"]] == [second.pk]
    assert first.orientation_id != second.orientation_id


def test_a_stamp_is_renewed_at_the_commit_and_not_inside_the_transaction(transactional_db):
    """No cache write inside the writer's transaction (with the database cache, the stamp's row
    would stay locked until the commit and every writer would wait for the others)."""
    from django.db import transaction

    from snitem_portal import caching

    before = caching.stamp("test-topic")
    with transaction.atomic():
        caching.renew(["test-topic"])
        caching.renew(["test-topic"])
        during = caching.stamp("test-topic")
        pending = caching.pending()
    after = caching.stamp("test-topic")

    assert during == before
    assert pending == {"test-topic"}
    assert after != before
    assert caching.pending() == set()
