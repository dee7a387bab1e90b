"""Reads about documents, scoped to who asks."""

from django.db.models import Count, Prefetch, Q, QuerySet

from groups.enums import MembershipStatus
from groups.models import Meeting, Membership, WorkingGroup
from groups.selectors import is_member, live_memberships, meetings_visible_to, people_of
from snitem_portal.users.permissions import is_staff

from .enums import Visibility
from .models import Document, DocumentVersion


def documents_visible_to(user) -> QuerySet[Document]:
    """``public`` documents for anyone; ``members`` ones for every member of an active company;
    ``group`` ones for the group's active members. Staff see every document. Documents of an
    archived group are for staff only, as the group's page is."""
    documents = Document.objects.all()
    if is_staff(user):
        return documents
    documents = documents.filter(group__is_active=True)
    if not is_member(user):
        return documents.filter(visibility=Visibility.PUBLIC)
    # The user's seats, read once per request (groups.selectors.live_memberships).
    seats = [m.group_id for m in live_memberships(user) if m.status == MembershipStatus.ACTIVE]
    return documents.filter(
        Q(visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS]) | Q(visibility=Visibility.GROUP, group_id__in=seats)
    )


def with_details(documents: QuerySet[Document]) -> QuerySet[Document]:
    """Documents with their group, latest version and its uploader, and ``versions_count``: no query per row."""
    return documents.select_related("group", "current_version", "current_version__uploaded_by").annotate(
        versions_count=Count("versions")
    )


def group_library(user, group: WorkingGroup) -> QuerySet[Document]:
    """The documents of ``group`` that ``user`` sees, newest first."""
    return with_details(documents_visible_to(user).filter(group=group)).order_by("-created_at", "-pk")


def publications() -> QuerySet[Document]:
    """Every public document of an active group, newest first: the Publications page."""
    return with_details(Document.objects.filter(visibility=Visibility.PUBLIC, group__is_active=True)).order_by(
        "-created_at", "-pk"
    )


def document_with_versions(user) -> QuerySet[Document]:
    """Visible documents with every version (newest first, with who uploaded it) and the meeting."""
    return (
        with_details(documents_visible_to(user))
        .select_related("meeting", "created_by")
        .prefetch_related(
            Prefetch("versions", queryset=DocumentVersion.objects.select_related("uploaded_by").order_by("-number"))
        )
    )


def meeting_materials(user, meeting) -> QuerySet[Document]:
    """The documents attached to ``meeting`` that ``user`` sees."""
    return with_details(documents_visible_to(user).filter(meeting=meeting)).order_by("title", "pk")


# How many of a group's meetings a document may be attached to: the newest, so the choice stays short.
ATTACHABLE_MEETINGS = 50


def attachable_meetings(user, group: WorkingGroup, document: Document | None = None) -> QuerySet[Meeting]:
    """The meetings of ``group`` a document may be attached to by ``user``, newest first: those they
    see, not cancelled, among the ``ATTACHABLE_MEETINGS`` newest; and the document's own meeting
    even when older or cancelled (editing a document never detaches it silently). The page's form
    and the API both offer exactly these."""
    meetings = meetings_visible_to(user).filter(group=group)
    newest = meetings.filter(cancelled_at__isnull=True).order_by("-starts_at", "-pk").values("pk")
    chosen = Q(pk__in=newest[:ATTACHABLE_MEETINGS])
    if document is not None and document.meeting_id is not None:
        chosen |= Q(pk=document.meeting_id)
    return meetings.filter(chosen).order_by("-starts_at", "-pk")


def document_audience(document: Document) -> QuerySet:
    """Who is told of a new document: the group's active members with an active account and an
    approved affiliation to an active company (they see every visibility)."""
    seats = Membership.objects.active().filter(group_id=document.group_id).values("user_id")
    return people_of().filter(pk__in=seats).order_by("pk")


def uploads_by(user) -> QuerySet[DocumentVersion]:
    """Every version ``user`` uploaded, with its document (their personal data export)."""
    return DocumentVersion.objects.filter(uploaded_by=user).select_related("document", "document__group")
