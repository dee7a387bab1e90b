import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_api_root_lists_the_collections(client, settings):
    response = client.get("/api/v1/")

    assert response.status_code == 200
    body = response.json()
    assert body["schema"] == f"{settings.SITE_URL}/api/v1/schema/"
    assert body["docs"] == f"{settings.SITE_URL}/api/v1/docs/"
    assert {"calls", "companies", "consultations", "deadlines", "groups", "me", "positions", "submissions"} <= set(
        body["endpoints"]
    )
    assert body["endpoints"]["roadmap/actions"] == f"{settings.SITE_URL}/api/v1/roadmap/actions/"
    assert all("<" not in url and "(" not in url for url in body["endpoints"].values())


@pytest.mark.parametrize("debug", [True, False])
def test_unknown_api_paths_answer_json_404_in_both_modes(client, debug):
    with override_settings(DEBUG=debug):
        responses = [client.get(path) for path in ("/api/v1/nope/", "/api/v2/", "/api/")]

    assert [(r.status_code, r["Content-Type"], r.json()) for r in responses] == [
        (404, "application/json", {"detail": "Pas trouvé."})
    ] * 3
