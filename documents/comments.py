"""What can be commented in the documents app: a document of a group's library (``COMMENT_TARGETS``)."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from discussion.registry import CommentTarget
from groups.permissions import is_group_chair
from groups.selectors import is_member, people_of
from snitem_portal.users.permissions import is_staff

from .enums import Visibility
from .models import Document
from .selectors import document_audience, documents_visible_to


def _documents_for(user):
    """The documents ``user`` sees; their discussion is the members' (and staff's), even on a public
    document, as on a roadmap action."""
    if is_staff(user) or is_member(user):
        return documents_visible_to(user).select_related("group")
    return Document.objects.none()


def _moderator(user, document: Document) -> bool:
    """Staff, and the chairs of the document's group."""
    return is_staff(user) or is_group_chair(user, document.group)


def _audience(document: Document):
    """Who reads the document among members, and staff: the group's members for a ``group`` document."""
    readers = document_audience(document) if document.visibility == Visibility.GROUP else people_of()
    return get_user_model().objects.filter(Q(pk__in=readers.values("pk")) | Q(is_staff=True), is_active=True)


def document() -> CommentTarget:
    return CommentTarget(
        kind="document",
        model=Document,
        visible_to=_documents_for,
        can_moderate=_moderator,
        audience=_audience,
        is_open=lambda document: document.group.is_active,
        title=lambda document: document.title,
    )
