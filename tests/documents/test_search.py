"""Documents in search: found by their words and by the text of their latest file, extracted by a
Celery task, only by those who may open them."""

import time

import pytest
from django.contrib.auth.models import AnonymousUser

from documents import services
from documents.enums import Visibility
from search.indexing import rebuild
from search.models import Entry
from search.selectors import Search
from search.tasks import task_extract_file_text

from .files import pdf

pytestmark = pytest.mark.django_db


def _found(user, text) -> list[tuple[str, str]]:
    return [(hit.kind, hit.title) for hit in Search(user, text).ranked()[:10]]


def test_the_text_of_the_file_is_found_by_the_group_only(
    postgres_only, group, member, seat, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = services.add_document(
            group=group, by=member, title="Note du groupe", uploaded=pdf(text="Pharmacovigilance des implants")
        )

    [hit] = Search(member, "pharmacovigilance").ranked()[:1]
    assert (hit.kind, hit.id, hit.title) == ("document", document.pk, "Note du groupe")
    assert str(hit.extract_html).endswith("note.pdf <mark>Pharmacovigilance</mark> des implants")
    assert _found(outsider, "pharmacovigilance") == []
    assert _found(AnonymousUser(), "pharmacovigilance") == []


def test_a_new_version_replaces_the_text_of_the_old_one(
    postgres_only, group, member, seat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = services.add_document(
            group=group, by=member, title="Rapport", uploaded=pdf(text="Version initiale sur la radiologie")
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.add_version(document=document, by=member, uploaded=pdf(text="Version finale sur la cardiologie"))

    assert _found(member, "radiologie") == []
    assert _found(member, "cardiologie") == [("document", "Rapport")]


def test_a_public_document_is_found_by_visitors(postgres_only, group, chair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.add_document(
            group=group, by=chair, title="Livre blanc", visibility=Visibility.PUBLIC, uploaded=pdf(text="Dossier")
        )

    assert _found(AnonymousUser(), "livre blanc") == [("document", "Livre blanc")]


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_extracts_the_text_after_the_upload(postgres_only, real_worker, group, member, seat):
    document = services.add_document(
        group=group, by=member, title="Compte rendu", uploaded=pdf(text="Hemovigilance et traceabilite")
    )

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not Entry.objects.filter(object_id=document.pk, file_key__gt="").exists():
        time.sleep(0.2)
    entry = Entry.objects.get(kind="document", object_id=document.pk)

    assert (entry.file_key, entry.file_text) == (
        f"version-{document.current_version_id}",
        "Hemovigilance et traceabilite",
    )
    assert _found(member, "hémovigilance") == [("document", "Compte rendu")]


def test_the_extraction_task_of_an_object_gone_does_nothing(db):
    assert task_extract_file_text(kind="document", object_id=987654) == 0
    assert task_extract_file_text(kind="retired-kind", object_id=1) == 0
    assert Entry.objects.count() == 0


@pytest.mark.parametrize("documents", [1, 3])
def test_the_rebuild_reads_new_files_at_once_in_a_fixed_number_of_queries(
    postgres_only, group, member, seat, documents, django_assert_num_queries
):
    for number in range(documents):
        services.add_document(
            group=group, by=member, title=f"Note {number}", uploaded=pdf(text=f"Ostéoporose {number}")
        )

    # Read the objects, the files indexed, write the entries and their vectors, read the entries with
    # a new file, write their texts and vectors; then the read that finds nothing more, and the cleanup.
    with django_assert_num_queries(9):
        rebuild(kinds=["document"])

    assert sorted(Entry.objects.values_list("file_text", flat=True)) == [f"Ostéoporose {n}" for n in range(documents)]
    assert len(Search(member, "ostéoporose").ranked()[:10]) == documents
