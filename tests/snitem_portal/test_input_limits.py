"""What a request may carry: web links only, bounded texts and bodies, clear date errors, a truthful schema."""

import json

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command

from projects.models import Call, Submission
from tests.projects.factories import CallFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

CALLS = "/api/v1/calls/"


def test_call_sources_refuse_a_javascript_link():
    call = CallFactory(sources="https://www.health-data-hub.fr/\njavascript:alert(document.cookie)")

    with pytest.raises(ValidationError) as refused:
        call.full_clean()

    assert "Ligne 2" in str(refused.value)


def test_call_page_links_only_web_addresses_of_sources_stored_earlier(client):
    call = CallFactory(status="published", sources="https://www.health-data-hub.fr/\njavascript:alert(1)")

    page = client.get(call.get_absolute_url()).content.decode()

    assert call.source_list == ["https://www.health-data-hub.fr/"]
    assert "javascript:" not in page


def test_api_refuses_a_two_megabyte_summary(api_client, member, company):
    draft = SubmissionFactory(company=company, call=CallFactory(status="published"))
    api_client.force_authenticate(member)

    response = api_client.patch(
        f"/api/v1/submissions/{draft.pk}/", {"summary": "x" * 2_000_000, "version": draft.version}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["summary"]
    assert Submission.objects.get(pk=draft.pk).summary == "Résumé du projet."


def test_oversized_bodies_are_refused_before_they_are_read(api_client, member, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    api_client.force_authenticate(member)
    body = json.dumps({"call": 1, "title": "x" * 2000})

    json_response = api_client.generic("POST", "/api/v1/submissions/", body, content_type="application/json")
    upload = api_client.generic(
        "POST",
        "/api/v1/submissions/1/attachments/",
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(settings.MAX_UPLOAD_REQUEST_SIZE + 1),
    )

    assert (json_response.status_code, upload.status_code) == (413, 413)
    assert "trop volumineuse" in json_response.json()["detail"]
    assert not Submission.objects.exists()


def test_api_date_out_of_range_names_the_years(api_client, staff):
    api_client.force_authenticate(staff)
    payload = {
        "title": "Appel",
        "funder": "HDH",
        "opens_at": "0001-01-01T09:00:00+01:00",
        "closes_at": "2030-06-01T12:00:00+02:00",
        "status": "draft",
    }

    response = api_client.post(CALLS, payload, format="json")

    assert response.status_code == 400
    assert "%(" not in response.json()["opens_at"][0]
    assert "{" not in response.json()["opens_at"][0]
    assert not Call.objects.exists()


def test_schema_says_a_top_level_group_has_no_parent(tmp_path):
    target = tmp_path / "schema.yaml"

    call_command("spectacular", "--file", str(target))

    group = yaml.safe_load(target.read_text())["components"]["schemas"]["Group"]
    assert group["properties"]["parent"]["nullable"] is True
