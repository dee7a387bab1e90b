"""Which meetings a document may be attached to is one rule (``attachable_meetings``): the group's
meetings the person sees, not cancelled, the newest; and the document's own meeting, even older or
cancelled. The page offers exactly these, the API accepts exactly these (others: 400)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from documents.models import Document
from documents.selectors import ATTACHABLE_MEETINGS, attachable_meetings
from documents.services import add_document
from tests.groups.factories import MeetingFactory, WorkingGroupFactory

from .files import pdf

pytestmark = pytest.mark.django_db

REFUSED = (
    "Le document ne peut pas être joint à la réunion {pk} : choisissez une réunion du groupe, non annulée, "
    "parmi les plus récentes (ou gardez sa réunion actuelle)."
)


@pytest.fixture
def meetings(group, monkeypatch):
    """Two newest meetings (the limit, lowered to 2), an older one, a cancelled one, another group's."""
    monkeypatch.setattr("documents.selectors.ATTACHABLE_MEETINGS", 2)
    now = timezone.now().replace(microsecond=0)
    return {
        "newest": MeetingFactory(group=group, title="Juin", starts_at=now + timedelta(days=30)),
        "recent": MeetingFactory(group=group, title="Mai", starts_at=now),
        "older": MeetingFactory(group=group, title="Avril", starts_at=now - timedelta(days=30)),
        "cancelled": MeetingFactory(group=group, title="Annulée", starts_at=now + timedelta(days=10), cancelled_at=now),
        "other group": MeetingFactory(group=WorkingGroupFactory(), title="Ailleurs", starts_at=now),
    }


def _names(meetings, pks) -> list[str]:
    by_pk = {meeting.pk: name for name, meeting in meetings.items()}
    return [by_pk[pk] for pk in pks]


def _offered(client, url, meetings) -> list[str]:
    """The meetings the page's form offers, in its order."""
    choices = client.get(url).context["form"].fields["meeting"].choices
    return _names(meetings, [value for value, _label in choices if value != ""])


def test_the_newest_meetings_not_cancelled_and_the_documents_own(group, member, seat, meetings):
    attached = add_document(group=group, by=member, title="Support", meeting=meetings["cancelled"], uploaded=pdf())
    old = add_document(group=group, by=member, title="Archives", meeting=meetings["older"], uploaded=pdf())

    plain = _names(meetings, [m.pk for m in attachable_meetings(member, group)])
    with_cancelled = _names(meetings, [m.pk for m in attachable_meetings(member, group, attached)])
    with_older = _names(meetings, [m.pk for m in attachable_meetings(member, group, old)])

    assert plain == ["newest", "recent"]
    assert with_cancelled == ["newest", "cancelled", "recent"]
    assert with_older == ["newest", "recent", "older"]


def test_the_page_offers_what_the_api_accepts(client, api_client, group, member, seat, meetings):
    client.force_login(member)
    api_client.force_authenticate(member)

    offered = _offered(client, "/groupes/evaluation/documents/nouveau/", meetings)
    accepted = [
        name
        for name, meeting in meetings.items()
        if api_client.post(
            "/api/v1/groups/evaluation/documents/",
            {"title": name, "meeting": meeting.pk, "file": pdf()},
            format="multipart",
        ).status_code
        == 201
    ]

    assert offered == ["newest", "recent"]
    assert accepted == offered


def test_the_api_refuses_a_cancelled_meeting_with_a_message_and_adds_nothing(api_client, group, member, seat, meetings):
    api_client.force_authenticate(member)
    cancelled = meetings["cancelled"]

    response = api_client.post(
        "/api/v1/groups/evaluation/documents/",
        {"title": "Support", "meeting": cancelled.pk, "file": pdf()},
        format="multipart",
    )

    assert response.status_code == 400
    assert response.json() == {"meeting": [REFUSED.format(pk=cancelled.pk)]}
    assert Document.objects.count() == 0


def test_the_api_keeps_a_documents_cancelled_meeting_and_refuses_another(api_client, group, member, seat, meetings):
    document = add_document(group=group, by=member, title="Support", meeting=meetings["cancelled"], uploaded=pdf())
    api_client.force_authenticate(member)
    url = f"/api/v1/documents/{document.pk}/"

    kept = api_client.patch(url, {"title": "Support relu", "meeting": meetings["cancelled"].pk}, format="json")
    moved = api_client.patch(url, {"title": "Autre", "meeting": meetings["older"].pk}, format="json")

    document.refresh_from_db()
    assert (kept.status_code, kept.json()["meeting"]) == (200, meetings["cancelled"].pk)
    assert (moved.status_code, moved.json()) == (400, {"meeting": [REFUSED.format(pk=meetings["older"].pk)]})
    assert (document.title, document.meeting) == ("Support relu", meetings["cancelled"])


def test_the_edit_page_offers_and_keeps_a_documents_older_meeting(client, group, member, seat, meetings):
    document = add_document(group=group, by=member, title="Archives", meeting=meetings["older"], uploaded=pdf())
    client.force_login(member)
    url = f"/documents/{document.pk}/modifier/"

    offered = _offered(client, url, meetings)
    response = client.post(
        url,
        {
            "title": "Archives relues",
            "visibility": "group",
            "meeting": meetings["older"].pk,
            "revision": document.revision,
        },
    )

    document.refresh_from_db()
    assert offered == ["newest", "recent", "older"]
    assert response.status_code == 302
    assert (document.title, document.meeting) == ("Archives relues", meetings["older"])


def test_the_api_refuses_a_meeting_that_is_not_a_number(api_client, group, member, seat, meetings):
    api_client.force_authenticate(member)

    response = api_client.post(
        "/api/v1/groups/evaluation/documents/",
        {"title": "Support", "meeting": "juin", "file": pdf()},
        format="multipart",
    )

    assert response.status_code == 400
    assert response.json() == {"meeting": ["La réunion est désignée par son numéro (un nombre entier)."]}
    assert Document.objects.count() == 0


def test_the_schema_states_the_rule_with_its_limit(api_client):
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    operation = schema["paths"]["/api/v1/documents/{id}/"]["patch"]
    request_ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    meeting = schema["components"]["schemas"][request_ref.rsplit("/", 1)[1]]["properties"]["meeting"]
    assert meeting["description"] == (
        f"Une réunion du groupe, non annulée, parmi les {ATTACHABLE_MEETINGS} plus récentes ; ou la réunion à "
        "laquelle le document est déjà joint."
    )
