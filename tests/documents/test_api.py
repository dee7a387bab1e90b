"""The documents API as DESIGN.md §4 writes it: fields, multipart uploads, versions, download, errors."""

import pytest
from django.test import override_settings

from documents.enums import Visibility
from documents.models import Document
from documents.services import add_document, add_version

from .conftest import stored_files
from .files import ACCEPTED, executable, pdf, upload

pytestmark = pytest.mark.django_db


def test_post_multipart_creates_a_document_in_the_contract_shape(api_client, group, member, seat):
    api_client.force_authenticate(member)

    response = api_client.post(
        "/api/v1/groups/evaluation/documents/",
        {"title": "Compte rendu", "description": "Décisions", "visibility": "members", "file": pdf("cr.pdf")},
        format="multipart",
    )

    document = Document.objects.get()
    body = response.json()
    assert response.status_code == 201
    assert {key: body[key] for key in ("id", "group", "title", "description", "visibility", "versions_count")} == {
        "id": document.pk,
        "group": "evaluation",
        "title": "Compte rendu",
        "description": "Décisions",
        "visibility": "members",
        "versions_count": 1,
    }
    assert {key: body["version"][key] for key in ("number", "filename", "size", "content_type", "uploaded_by")} == {
        "number": 1,
        "filename": "cr.pdf",
        "size": document.current_version.size,
        "content_type": "application/pdf",
        "uploaded_by": {"id": member.pk, "full_name": "Marie Membre"},
    }
    assert body["web_url"].endswith(f"/documents/{document.pk}/")
    assert body["download_url"].endswith(f"/api/v1/documents/{document.pk}/download/")


def test_list_is_paginated_and_scoped(api_client, group, member, seat, chair, outsider):
    add_document(group=group, by=chair, title="Groupe", uploaded=pdf())
    add_document(group=group, by=chair, title="Adhérents", visibility=Visibility.MEMBERS, uploaded=pdf())

    api_client.force_authenticate(member)
    mine = api_client.get("/api/v1/groups/evaluation/documents/").json()
    api_client.force_authenticate(outsider)
    theirs = api_client.get("/api/v1/groups/evaluation/documents/").json()

    assert (mine["count"], [d["title"] for d in mine["results"]]) == (2, ["Adhérents", "Groupe"])
    assert (theirs["count"], [d["title"] for d in theirs["results"]]) == (1, ["Adhérents"])


def test_public_by_a_plain_member_is_403_and_nothing_stored(api_client, group, member, seat, private_root):
    api_client.force_authenticate(member)

    response = api_client.post(
        "/api/v1/groups/evaluation/documents/",
        {"title": "Publication", "visibility": "public", "file": pdf()},
        format="multipart",
    )

    assert response.status_code == 403
    assert (Document.objects.count(), stored_files(private_root)) == (0, [])


def test_a_chair_publishes_through_the_api(api_client, group, chair):
    api_client.force_authenticate(chair)

    response = api_client.post(
        "/api/v1/groups/evaluation/documents/",
        {"title": "Publication", "visibility": "public", "file": pdf()},
        format="multipart",
    )

    assert (response.status_code, response.json()["visibility"]) == (201, "public")


def test_a_refused_file_is_a_400_with_the_reason(api_client, group, member, seat, private_root):
    api_client.force_authenticate(member)

    response = api_client.post(
        "/api/v1/groups/evaluation/documents/",
        {"title": "Facture", "file": upload("facture.pdf", executable())},
        format="multipart",
    )

    assert response.status_code == 400
    assert response.json()["file"][0].startswith("Ce type de fichier n'est pas accepté.")
    assert (Document.objects.count(), stored_files(private_root)) == (0, [])


@override_settings(DOCUMENTS_MAX_SIZE=1024 * 1024)
def test_an_upload_announced_too_large_is_413_before_it_is_read(api_client, group, member, seat):
    api_client.force_authenticate(member)
    name, _build, _type = ACCEPTED["txt"]

    response = api_client.post(
        "/api/v1/groups/evaluation/documents/",
        {"title": "Gros", "file": upload(name, b"a" * (2 * 1024 * 1024))},
        format="multipart",
    )

    assert response.status_code == 413
    assert response.json() == {"detail": "Le fichier dépasse la taille maximale de 1 Mo."}
    assert Document.objects.count() == 0


def test_patch_changes_the_words(api_client, group, member, seat, meeting):
    document = add_document(group=group, by=member, title="Note", uploaded=pdf())
    api_client.force_authenticate(member)

    response = api_client.patch(
        f"/api/v1/documents/{document.pk}/", {"title": "Note relue", "meeting": meeting.pk}, format="json"
    )

    document.refresh_from_db()
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["meeting"]) == ("Note relue", meeting.pk)
    assert (document.title, document.meeting) == ("Note relue", meeting)


def test_patch_with_a_stale_revision_is_409_and_changes_nothing(api_client, group, member, seat):
    document = add_document(group=group, by=member, title="Note", uploaded=pdf())
    api_client.force_authenticate(member)
    first = api_client.patch(f"/api/v1/documents/{document.pk}/", {"title": "Un", "revision": 1}, format="json")

    stale = api_client.patch(f"/api/v1/documents/{document.pk}/", {"title": "Deux", "revision": 1}, format="json")

    document.refresh_from_db()
    assert (first.status_code, first.json()["revision"]) == (200, 2)
    assert stale.status_code == 409
    assert (document.title, document.revision) == ("Un", 2)


def test_patch_with_a_bad_visibility_is_400_and_changes_nothing(api_client, group, member, seat):
    document = add_document(group=group, by=member, title="Note", uploaded=pdf())
    api_client.force_authenticate(member)

    response = api_client.patch(f"/api/v1/documents/{document.pk}/", {"visibility": "secret"}, format="json")

    document.refresh_from_db()
    assert response.status_code == 400
    assert list(response.json()) == ["visibility"]
    assert document.visibility == "group"


def test_versions_are_numbered_and_downloads_pick_one(api_client, group, member, seat):
    document = add_document(group=group, by=member, title="Note", uploaded=pdf("v1.pdf", "premier"))
    api_client.force_authenticate(member)

    created = api_client.post(
        f"/api/v1/documents/{document.pk}/versions/",
        {"file": pdf("v2.pdf", "second"), "note": "Relue"},
        format="multipart",
    )
    latest = api_client.get(f"/api/v1/documents/{document.pk}/download/")
    first = api_client.get(f"/api/v1/documents/{document.pk}/download/?version=1")
    missing = api_client.get(f"/api/v1/documents/{document.pk}/download/?version=9")
    bad = api_client.get(f"/api/v1/documents/{document.pk}/download/?version=deux")
    detail = api_client.get(f"/api/v1/documents/{document.pk}/").json()

    assert (created.status_code, created.json()["number"], created.json()["note"]) == (201, 2, "Relue")
    assert b"second" in b"".join(latest.streaming_content)
    assert latest["Content-Disposition"] == 'attachment; filename="v2.pdf"'
    assert latest["X-Content-Type-Options"] == "nosniff"
    assert b"premier" in b"".join(first.streaming_content)
    assert (missing.status_code, bad.status_code) == (404, 400)
    assert (detail["versions_count"], detail["version"]["number"]) == (2, 2)


def test_a_visitor_reads_a_public_document_but_not_a_group_one(api_client, group, chair):
    kept = add_document(group=group, by=chair, title="Groupe", uploaded=pdf())
    public = add_document(group=group, by=chair, title="Public", visibility=Visibility.PUBLIC, uploaded=pdf())
    add_version(document=public, by=chair, uploaded=pdf())

    assert api_client.get(f"/api/v1/documents/{public.pk}/").json()["versions_count"] == 2
    download = api_client.get(f"/api/v1/documents/{public.pk}/download/")
    assert (download.status_code, b"".join(download.streaming_content)[:5]) == (200, b"%PDF-")
    assert api_client.get(f"/api/v1/documents/{kept.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/documents/{kept.pk}/download/").status_code == 404


@pytest.mark.parametrize("count", [1, 10])
def test_list_query_budget(api_client, group, member, seat, chair, count, django_assert_num_queries):
    for i in range(count):
        add_document(group=group, by=chair, title=f"Document {i}", uploaded=pdf())
    api_client.force_authenticate(member)

    with django_assert_num_queries(5):
        response = api_client.get("/api/v1/groups/evaluation/documents/")

    assert response.json()["count"] == count
