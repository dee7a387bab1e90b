import pytest
from django.utils import timezone

from projects.enums import SubmissionStatus
from tests.roadmap.factories import ActionFactory

from .factories import SubmissionFactory

pytestmark = pytest.mark.django_db


def test_published_laureate_shows_on_the_action_page_and_links_back(client):
    action = ActionFactory(title="Déployer l'espace numérique de santé")
    laureate = SubmissionFactory(
        title="Projet lauréat relié", status=SubmissionStatus.LAUREATE, decision_published_at=timezone.now()
    )
    laureate.roadmap_actions.add(action)

    action_page = client.get(action.get_absolute_url())
    laureates_page = client.get(f"/appels/{laureate.call.slug}/laureats/")

    assert [
        (panel.title, [p.title for p in panel.context["laureates"]]) for panel in action_page.context["panels"]
    ] == [("Projets lauréats liés", ["Projet lauréat relié"])]
    assert "Projet lauréat relié" in action_page.content.decode()
    assert action.get_absolute_url() in laureates_page.content.decode()


def test_unpublished_decision_never_shows_on_the_action_page(client):
    action = ActionFactory()
    pending = SubmissionFactory(title="Décision non publiée", status=SubmissionStatus.LAUREATE)
    pending.roadmap_actions.add(action)

    response = client.get(action.get_absolute_url())

    assert response.context["panels"] == []
    assert "Décision non publiée" not in response.content.decode()
