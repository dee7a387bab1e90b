"""Pages of the library: list, add, read, edit, new version, download, publications; query budgets."""

import pytest

from documents.enums import Visibility
from documents.models import Document
from documents.services import add_document, add_version, update_document

from .conftest import stored_files
from .files import ACCEPTED, executable, pdf, upload

pytestmark = pytest.mark.django_db


def _documents(group, by, count, **kwargs):
    return [add_document(group=group, by=by, title=f"Document {i}", uploaded=pdf(), **kwargs) for i in range(count)]


def test_library_lists_what_the_reader_sees_newest_first(client, group, member, seat, chair):
    old = add_document(group=group, by=chair, title="Ancien", uploaded=pdf())
    new = add_document(group=group, by=chair, title="Récent", visibility=Visibility.MEMBERS, uploaded=pdf())
    client.force_login(member)

    response = client.get("/groupes/evaluation/documents/")

    assert response.status_code == 200
    assert [d.pk for d in response.context["documents"]] == [new.pk, old.pk]
    assert "Ajouter un document" in response.content.decode()


def test_a_visitor_sees_the_public_documents_of_a_group(client, group, chair):
    add_document(group=group, by=chair, title="Réservé", uploaded=pdf())
    public = add_document(group=group, by=chair, title="Publié", visibility=Visibility.PUBLIC, uploaded=pdf())

    response = client.get("/groupes/evaluation/documents/")

    assert [d.pk for d in response.context["documents"]] == [public.pk]
    assert "Ajouter un document" not in response.content.decode()


def test_the_group_page_links_to_its_library(client, group):
    response = client.get("/groupes/evaluation/")

    assert 'href="/groupes/evaluation/documents/"' in response.content.decode()


def test_a_member_adds_a_document_with_its_file(client, group, member, seat, meeting):
    client.force_login(member)

    response = client.post(
        "/groupes/evaluation/documents/nouveau/",
        {
            "title": "Compte rendu",
            "description": "Décisions",
            "visibility": "members",
            "meeting": meeting.pk,
            "file": pdf("cr.pdf"),
        },
    )

    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/documents/{document.pk}/"
    assert (document.title, document.visibility, document.meeting, document.created_by) == (
        "Compte rendu",
        "members",
        meeting,
        member,
    )


def test_an_executable_renamed_pdf_is_refused_on_the_form_and_nothing_is_stored(
    client, group, member, seat, private_root
):
    client.force_login(member)

    response = client.post(
        "/groupes/evaluation/documents/nouveau/",
        {"title": "Facture", "visibility": "group", "file": upload("facture.pdf", executable())},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"][0].startswith("Ce type de fichier n'est pas accepté.")
    assert response.context["form"]["title"].value() == "Facture"
    assert (Document.objects.count(), stored_files(private_root)) == (0, [])


def test_public_is_not_offered_to_a_plain_member(client, group, member, seat):
    client.force_login(member)

    response = client.post(
        "/groupes/evaluation/documents/nouveau/", {"title": "Publication", "visibility": "public", "file": pdf()}
    )

    assert response.status_code == 200
    assert "visibility" in response.context["form"].errors
    assert Document.objects.count() == 0


def test_the_document_page_lists_versions_and_offers_a_new_one_to_its_author(client, group, member, seat):
    document = add_document(group=group, by=member, title="Note", uploaded=pdf("v1.pdf"))
    add_version(document=document, by=member, uploaded=pdf("v2.pdf"), note="Relue")
    client.force_login(member)

    response = client.get(f"/documents/{document.pk}/")

    assert [(v.number, v.filename, v.note) for v in response.context["versions"]] == [
        (2, "v2.pdf", "Relue"),
        (1, "v1.pdf", ""),
    ]
    assert response.context["version_form"] is not None


def test_a_new_version_through_the_page(client, group, member, seat):
    document = add_document(group=group, by=member, title="Note", uploaded=pdf("v1.pdf"))
    client.force_login(member)

    response = client.post(f"/documents/{document.pk}/versions/", {"file": pdf("v2.pdf"), "note": "Corrigée"})

    assert response.status_code == 302
    assert list(document.versions.values_list("number", "note")) == [(2, "Corrigée"), (1, "")]


def test_a_refused_version_keeps_the_document_as_it_was(client, group, member, seat, private_root):
    document = add_document(group=group, by=member, title="Note", uploaded=pdf("v1.pdf"))
    before = stored_files(private_root)
    client.force_login(member)

    response = client.post(f"/documents/{document.pk}/versions/", {"file": upload("v2.pdf", b"")}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["Le fichier est vide."]
    assert (document.versions.count(), stored_files(private_root)) == (1, before)


def test_the_author_edits_the_words(client, group, member, seat):
    document = add_document(group=group, by=member, title="Note", uploaded=pdf())
    client.force_login(member)

    response = client.post(
        f"/documents/{document.pk}/modifier/",
        {"title": "Note relue", "description": "Ok", "visibility": "members", "revision": 1},
    )

    document.refresh_from_db()
    assert response.status_code == 302
    assert (document.title, document.description, document.visibility) == ("Note relue", "Ok", "members")


def test_an_edit_from_a_stale_revision_is_refused_and_keeps_the_other_edit(client, group, member, seat, chair):
    document = add_document(group=group, by=member, title="Note", uploaded=pdf())
    update_document(document=document, by=chair, title="Titre de la présidence", revision=1)
    client.force_login(member)

    response = client.post(
        f"/documents/{document.pk}/modifier/", {"title": "Mon titre", "visibility": "group", "revision": 1}
    )

    document.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()[0].startswith("Quelqu'un a fait une modification entre-temps")
    assert (document.title, document.revision) == ("Titre de la présidence", 2)


@pytest.mark.parametrize("kind", ["pdf", "png", "csv"])
def test_download_is_an_attachment_never_sniffed(client, group, member, seat, kind):
    name, build, content_type = ACCEPTED[kind]
    content = build()
    document = add_document(group=group, by=member, title="Fichier", uploaded=upload(name, content))
    client.force_login(member)

    response = client.get(f"/documents/{document.pk}/telecharger/")

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content


def test_download_gives_the_latest_version_unless_one_is_named(client, group, member, seat):
    document = add_document(group=group, by=member, title="Note", uploaded=pdf("v1.pdf", "premier"))
    add_version(document=document, by=member, uploaded=pdf("v2.pdf", "second"))
    client.force_login(member)

    latest = client.get(f"/documents/{document.pk}/telecharger/")
    first = client.get(f"/documents/{document.pk}/telecharger/?version=1")
    missing = client.get(f"/documents/{document.pk}/telecharger/?version=3")
    garbage = client.get(f"/documents/{document.pk}/telecharger/?version=x")

    assert b"second" in b"".join(latest.streaming_content)
    assert b"premier" in b"".join(first.streaming_content)
    assert first["Content-Disposition"] == 'attachment; filename="v1.pdf"'
    assert (missing.status_code, garbage.status_code) == (404, 404)


def test_publications_lists_public_documents_of_every_group_newest_first(client, group, chair):
    add_document(group=group, by=chair, title="Réservé", uploaded=pdf())
    first = add_document(group=group, by=chair, title="Premier", visibility=Visibility.PUBLIC, uploaded=pdf())
    second = add_document(group=group, by=chair, title="Second", visibility=Visibility.PUBLIC, uploaded=pdf())

    response = client.get("/publications/")

    assert response.status_code == 200
    assert [d.pk for d in response.context["documents"]] == [second.pk, first.pk]
    assert "Évaluation" in response.content.decode()


@pytest.mark.parametrize("count", [1, 10])
def test_library_query_budget(client, group, member, seat, chair, count, django_assert_num_queries):
    documents = _documents(group, chair, count)
    add_version(document=documents[0], by=chair, uploaded=pdf())
    client.force_login(member)

    with django_assert_num_queries(9):
        response = client.get("/groupes/evaluation/documents/")

    assert len(response.context["documents"]) == count


@pytest.mark.parametrize("count", [1, 10])
def test_publications_query_budget(client, group, chair, count, django_assert_num_queries):
    _documents(group, chair, count, visibility=Visibility.PUBLIC)

    with django_assert_num_queries(2):
        response = client.get("/publications/")

    assert len(response.context["documents"]) == count


@pytest.mark.parametrize("count", [1, 10])
def test_document_page_query_budget(client, group, member, seat, count, django_assert_num_queries):
    document = add_document(group=group, by=member, title="Note", uploaded=pdf())
    for _ in range(count - 1):
        add_version(document=document, by=member, uploaded=pdf())
    client.force_login(member)

    # The page's comment thread (discussion) reads 3 of these; the member's company comes from the cache.
    with django_assert_num_queries(11):
        response = client.get(f"/documents/{document.pk}/")

    assert len(response.context["versions"]) == count


def test_an_upload_announced_too_large_is_413_on_the_page(client, settings, group, member, seat, private_root):
    settings.DOCUMENTS_MAX_SIZE = 1024 * 1024
    client.force_login(member)

    response = client.post(
        "/groupes/evaluation/documents/nouveau/",
        {"title": "Gros", "visibility": "group", "file": upload("gros.txt", b"a" * (2 * 1024 * 1024))},
    )

    assert response.status_code == 413
    assert response.content.decode() == "Le fichier dépasse la taille maximale de 1 Mo."
    assert (Document.objects.count(), stored_files(private_root)) == (0, [])
