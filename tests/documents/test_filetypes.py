"""Files are checked by content: every accepted kind is stored as what it is; every refused one
gets a clear message and leaves nothing behind (no row, no file)."""

import pytest
from django.core.exceptions import ValidationError

from documents.filetypes import check_upload
from documents.models import Document, DocumentVersion
from documents.services import add_document

from .conftest import stored_files
from .files import ACCEPTED, REFUSED, upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", sorted(ACCEPTED))
def test_every_accepted_kind_is_stored_with_the_content_type_found(kind, group, member, seat, private_root):
    name, build, content_type = ACCEPTED[kind]
    content = build()  # once: zip entries carry the time they were written

    document = add_document(group=group, by=member, title=f"Un {kind}", uploaded=upload(name, content))

    version = document.versions.get()
    assert (version.number, version.filename, version.content_type) == (1, name, content_type)
    assert version.size == len(content)
    with version.file.open("rb") as handle:
        assert handle.read() == content
    assert stored_files(private_root) == [f"documents/{document.pk}/v1.{name.rpartition('.')[2]}"]


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_every_refused_kind_is_refused_clearly_and_nothing_is_stored(case, group, member, seat, private_root):
    name, build, words = REFUSED[case]

    with pytest.raises(ValidationError) as refused:
        add_document(group=group, by=member, title="Refusé", uploaded=upload(name, build()))

    assert words in " ".join(refused.value.message_dict["file"])
    assert (Document.objects.count(), DocumentVersion.objects.count()) == (0, 0)
    assert stored_files(private_root) == []


def test_a_file_over_the_size_limit_is_refused_with_the_limit_named(settings, group, member, seat, private_root):
    settings.DOCUMENTS_MAX_SIZE = 1024 * 1024
    name, _build, _type = ACCEPTED["txt"]

    with pytest.raises(ValidationError) as refused:
        add_document(group=group, by=member, title="Gros", uploaded=upload(name, b"a" * (1024 * 1024 + 1)))

    assert refused.value.message_dict == {"file": ["Le fichier dépasse la taille maximale de 1 Mo."]}
    assert (Document.objects.count(), stored_files(private_root)) == (0, [])


def test_the_name_does_not_decide_the_kind():
    _name, build, _type = ACCEPTED["pdf"]

    kind = check_upload(upload("rapport.docx", build()))

    assert kind.content_type == "application/pdf"


def test_a_csv_starting_like_a_bitmap_is_still_text():
    # "BM" is the signature of a BMP image: text is recognised for what it is, not by two bytes.
    kind = check_upload(upload("marques.csv", b"BMW;Renault\n1;2\n"))

    assert kind.content_type == "text/csv"


def test_the_antivirus_hook_refuses_and_nothing_is_stored(settings, group, member, seat, private_root):
    settings.UPLOAD_SCANNER = "tests.documents.test_filetypes.refuse_everything"
    name, build, _type = ACCEPTED["pdf"]

    with pytest.raises(ValidationError) as refused:
        add_document(group=group, by=member, title="Infecté", uploaded=upload(name, build()))

    assert refused.value.message_dict == {"file": ["Virus détecté."]}
    assert (Document.objects.count(), stored_files(private_root)) == (0, [])


def test_the_antivirus_hook_of_attachments_applies_to_documents(settings, group, member, seat, private_root):
    settings.PROJECTS_ATTACHMENT_SCANNER = "tests.documents.test_filetypes.refuse_everything"
    name, build, _type = ACCEPTED["pdf"]

    with pytest.raises(ValidationError):
        add_document(group=group, by=member, title="Infecté", uploaded=upload(name, build()))

    assert Document.objects.count() == 0


def refuse_everything(uploaded):
    raise ValidationError({"file": ["Virus détecté."]})
