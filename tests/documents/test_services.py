"""Rules of the library: who adds, who publishes, who edits; versions numbered and kept; members told."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from documents.enums import Visibility
from documents.models import Document
from documents.selectors import documents_visible_to
from documents.services import add_document, add_version, record_reference_publication, update_document
from groups.enums import AffiliationStatus
from groups.models import Affiliation

from ..factories import CompanyFactory, member_of
from ..groups.factories import MeetingFactory, WorkingGroupFactory, active_in, pending_in
from .files import pdf

pytestmark = pytest.mark.django_db


def test_uploading_again_adds_a_numbered_version_and_keeps_the_earlier_ones(group, member, seat, chair):
    document = add_document(group=group, by=member, title="Note", uploaded=pdf("v1.pdf", "un"))

    add_version(document=document, by=member, uploaded=pdf("v2.pdf", "deux"), note="Relu")
    add_version(document=document, by=chair, uploaded=pdf("v3.pdf", "trois"))

    document.refresh_from_db()
    rows = list(document.versions.order_by("number").values_list("number", "filename", "note", "uploaded_by"))
    assert rows == [(1, "v1.pdf", "", member.pk), (2, "v2.pdf", "Relu", member.pk), (3, "v3.pdf", "", chair.pk)]
    assert document.current_version.number == 3
    for version in document.versions.all():
        with version.file.open("rb") as handle:
            assert handle.read().startswith(b"%PDF-")


def test_public_by_a_plain_member_is_refused_and_nothing_is_stored(group, member, seat, private_root):
    with pytest.raises(PermissionDenied):
        add_document(group=group, by=member, title="Publication", visibility=Visibility.PUBLIC, uploaded=pdf())

    assert Document.objects.count() == 0


def test_a_chair_publishes_and_a_plain_author_may_not_withdraw_the_publication(group, member, seat, chair):
    document = add_document(group=group, by=member, title="Note", uploaded=pdf())
    update_document(document=document, by=chair, visibility=Visibility.PUBLIC)

    with pytest.raises(PermissionDenied):
        update_document(document=document, by=member, visibility=Visibility.GROUP)
    update_document(document=document, by=member, title="Note relue")

    document.refresh_from_db()
    assert (document.title, document.visibility) == ("Note relue", Visibility.PUBLIC)


def test_only_the_author_chairs_and_staff_edit(group, member, seat, colleague, chair, staff):
    document = add_document(group=group, by=member, title="Note", uploaded=pdf())

    with pytest.raises(PermissionDenied):
        update_document(document=document, by=colleague, title="Changé")
    with pytest.raises(PermissionDenied):
        add_version(document=document, by=colleague, uploaded=pdf())
    update_document(document=document, by=chair, description="Par la présidence")
    update_document(document=document, by=staff, title="Par l'équipe")

    document.refresh_from_db()
    assert (document.title, document.description, document.versions.count()) == (
        "Par l'équipe",
        "Par la présidence",
        1,
    )


def test_only_active_members_of_the_group_add(group, member, outsider, lonely_user):
    pending_in(group, outsider)

    for user in (member, outsider, lonely_user):
        with pytest.raises(PermissionDenied):
            add_document(group=group, by=user, title="Intrus", uploaded=pdf())

    assert Document.objects.count() == 0


def test_a_meeting_of_another_group_is_refused(group, member, seat):
    elsewhere = MeetingFactory(group=WorkingGroupFactory())

    with pytest.raises(ValidationError) as refused:
        add_document(group=group, by=member, title="Note", meeting=elsewhere, uploaded=pdf())

    assert refused.value.message_dict == {"meeting": ["Cette réunion n'est pas une réunion de ce groupe."]}


def test_visibility_group_members_and_public(group, member, seat, outsider, lonely_user, staff, chair):
    kept = add_document(group=group, by=chair, title="Groupe", uploaded=pdf())
    shared = add_document(group=group, by=chair, title="Adhérents", visibility=Visibility.MEMBERS, uploaded=pdf())
    public = add_document(group=group, by=chair, title="Public", visibility=Visibility.PUBLIC, uploaded=pdf())

    def seen(user):
        return sorted(documents_visible_to(user).values_list("title", flat=True))

    assert seen(member) == ["Adhérents", "Groupe", "Public"]
    assert seen(staff) == ["Adhérents", "Groupe", "Public"]
    assert seen(outsider) == ["Adhérents", "Public"]
    assert seen(lonely_user) == ["Public"]
    assert seen(AnonymousUser()) == ["Public"]
    assert {kept.pk, shared.pk, public.pk} == set(Document.objects.values_list("pk", flat=True))


def test_a_member_whose_company_lapsed_sees_only_public_documents(group, member, seat, chair):
    add_document(group=group, by=chair, title="Groupe", uploaded=pdf())
    add_document(group=group, by=chair, title="Public", visibility=Visibility.PUBLIC, uploaded=pdf())
    Affiliation.objects.filter(user=member).update(status=AffiliationStatus.ENDED)
    fresh = type(member).objects.get(pk=member.pk)

    assert list(documents_visible_to(fresh).values_list("title", flat=True)) == ["Public"]


def test_the_group_members_are_told_but_not_the_author(
    group, member, seat, colleague, chair, mailoutbox, django_capture_on_commit_callbacks
):
    outsider = member_of(CompanyFactory(), user__email="other@other.example")
    active_in(WorkingGroupFactory(), outsider)

    with django_capture_on_commit_callbacks(execute=True):
        add_document(group=group, by=member, title="Compte rendu", uploaded=pdf())

    assert sorted(message.to[0] for message in mailoutbox) == ["chair@chair.example", "colleague@company.example"]
    assert mailoutbox[0].subject == "Nouveau document dans « Évaluation » : Compte rendu"
    assert "Marie Membre a ajouté le document « Compte rendu »" in mailoutbox[0].body


def test_a_reference_publication_has_no_file_and_must_cite_its_source(group):
    with pytest.raises(ValidationError):
        record_reference_publication(
            key="k", group=group, title="Sans source", description="", source_url="", published_at=group.created_at
        )

    document = record_reference_publication(
        key="k",
        group=group,
        title="Synthèses",
        description="",
        source_url="https://example.org/source",
        published_at=group.created_at,
    )

    assert (document.visibility, document.current_version, document.versions.count()) == ("public", None, 0)


def test_a_reference_publication_stays_public(group, staff):
    document = record_reference_publication(
        key="k",
        group=group,
        title="Synthèses",
        description="",
        source_url="https://example.org/s",
        published_at=group.created_at,
    )

    with pytest.raises(ValidationError):
        update_document(document=document, by=staff, visibility=Visibility.GROUP)


def test_two_uploads_at_once_get_two_numbers(run_together, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "race"
    group = WorkingGroupFactory()
    author = member_of(CompanyFactory(), user__email="author@race.example")
    active_in(group, author)
    document = add_document(group=group, by=author, title="Course", uploaded=pdf())

    outcomes = run_together(
        lambda: add_version(document=document, by=author, uploaded=pdf("a.pdf")),
        lambda: add_version(document=document, by=author, uploaded=pdf("b.pdf")),
    )

    assert sorted(version.number for version in outcomes) == [2, 3]
    assert sorted(document.versions.values_list("number", flat=True)) == [1, 2, 3]
