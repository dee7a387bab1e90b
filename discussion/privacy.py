"""Personal data of the discussions: the comments a person wrote (``snitem_portal.privacy`` describes the
contract). Other people's comments, even those mentioning the person, are theirs and not exported."""

from django.utils import timezone

from search import indexing as search_index

from .models import Comment
from .selectors import comments_by


def _when(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    return {
        "comments": [
            {
                "on": comment.on,
                "in_reply_to": comment.parent_id,
                "id": comment.pk,
                "body": comment.body,
                "created_at": _when(comment.created_at),
                "edited_at": _when(comment.edited_at),
                "deleted_at": _when(comment.deleted_at),
                "hidden_at": _when(comment.hidden_at),
                "hidden_reason": comment.hidden_reason,
            }
            for comment in comments_by(user)
        ]
    }


def erase(user) -> None:
    """The person's comments are deleted as if by them (a placeholder stays where others replied), their
    earlier texts removed from the history, and they are no longer named in others' comments."""
    erased = list(Comment.objects.filter(author=user, deleted_at__isnull=True).values_list("pk", flat=True))
    Comment.objects.filter(pk__in=erased).update(deleted_at=timezone.now(), body="")
    # An update sends no signal: their entries leave the search index at the commit (text included).
    search_index.schedule("comment", erased)
    Comment.history.filter(author_id=user.pk).delete()
    Comment.mentions.through.objects.filter(user_id=user.pk).delete()
