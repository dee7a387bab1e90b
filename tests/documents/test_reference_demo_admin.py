"""Reference publication, demo library, admin through the services, meeting panel, privacy export."""

import io

import pytest
from django.core.management import call_command
from django.test import RequestFactory

from documents import panels, privacy
from documents.filetypes import check_upload
from documents.models import Document, DocumentVersion
from documents.services import add_document
from groups.models import WorkingGroup

from ..factories import UserFactory
from .files import pdf, upload

pytestmark = pytest.mark.django_db


def test_the_think_tank_deliverable_is_a_publication_without_a_file(client):
    call_command("load_reference_data", stdout=io.StringIO())
    call_command("load_reference_data", stdout=io.StringIO())

    document = Document.objects.get(reference_key="think-tank-syntheses-1")
    assert (document.group.slug, document.visibility, document.versions.count()) == (
        "think-tank-numerique-dm-et-sante",
        "public",
        0,
    )
    assert document.source_url.startswith("https://")
    assert "Synthèses n°1" in document.title
    response = client.get("/publications/")
    assert [d.pk for d in response.context["documents"]] == [document.pk]
    assert client.get(f"/documents/{document.pk}/telecharger/").status_code == 404
    assert client.get(f"/documents/{document.pk}/").status_code == 200


def test_demo_gives_every_group_documents_with_valid_files(settings, private_root):
    settings.DEBUG = True
    call_command("load_reference_data", stdout=io.StringIO())

    call_command("seed_demo", scale=1, password="demo", stdout=io.StringIO())

    groups = WorkingGroup.objects.filter(is_active=True)
    assert set(Document.objects.filter(current_version__isnull=False).values_list("group_id", flat=True)) == set(
        groups.values_list("pk", flat=True)
    )
    assert Document.objects.filter(current_version__isnull=False).count() == groups.count() * 3
    for version in DocumentVersion.objects.order_by("pk")[:6]:
        with version.file.open("rb") as handle:
            kind = check_upload(upload(version.filename, handle.read()))
        assert kind.content_type == version.content_type


def test_admin_adds_a_document_through_the_service_and_refuses_a_bad_file(admin_client, group, private_root):
    good = admin_client.post(
        "/admin/documents/document/add/",
        {
            "group": group.pk,
            "title": "Par l'équipe",
            "description": "",
            "visibility": "public",
            "new_file": pdf(),
            "note": "",
            "versions-TOTAL_FORMS": 0,
            "versions-INITIAL_FORMS": 0,
        },
    )
    bad = admin_client.post(
        "/admin/documents/document/add/",
        {
            "group": group.pk,
            "title": "Exécutable",
            "description": "",
            "visibility": "group",
            "new_file": upload("x.pdf", b"MZ\x00\x00"),
            "note": "",
            "versions-TOTAL_FORMS": 0,
            "versions-INITIAL_FORMS": 0,
        },
    )

    assert good.status_code == 302
    assert bad.status_code == 200
    assert list(Document.objects.values_list("title", "visibility")) == [("Par l'équipe", "public")]
    assert Document.objects.get().versions.count() == 1


def test_admin_uploads_a_new_version_through_the_service(admin_client, group, member, seat):
    document = add_document(group=group, by=member, title="Note", uploaded=pdf())

    response = admin_client.post(
        f"/admin/documents/document/{document.pk}/change/",
        {
            "title": "Note",
            "description": "",
            "visibility": "group",
            "new_file": pdf("v2.pdf"),
            "note": "Par l'équipe",
            "versions-TOTAL_FORMS": 1,
            "versions-INITIAL_FORMS": 1,
            "versions-0-id": document.current_version_id,
            "versions-0-document": document.pk,
        },
    )

    assert response.status_code == 302
    assert list(document.versions.values_list("number", "filename", "note")) == [
        (2, "v2.pdf", "Par l'équipe"),
        (1, "note.pdf", ""),
    ]


def test_the_meeting_panel_lists_its_materials_to_members_only(group, member, seat, meeting, outsider):
    add_document(group=group, by=member, title="Ordre du jour", meeting=meeting, uploaded=pdf())
    add_document(group=group, by=member, title="Autre", uploaded=pdf())
    request = RequestFactory().get("/")

    request.user = member
    mine = panels.meeting_materials(request, meeting)
    request.user = outsider
    theirs = panels.meeting_materials(request, meeting)

    assert [d.title for d in mine[0].context["documents"]] == ["Ordre du jour"]
    assert mine[0].context["can_add"] is True
    assert theirs == []


def test_privacy_export_lists_the_person_s_uploads(group, member, seat):
    add_document(group=group, by=member, title="Note", uploaded=pdf("note.pdf"))
    someone = UserFactory()

    exported = privacy.export(member)

    assert [(row["document"], row["filename"], row["number"]) for row in exported["document_versions"]] == [
        ("Note", "note.pdf", 1)
    ]
    assert privacy.export(someone) == {"document_versions": []}
