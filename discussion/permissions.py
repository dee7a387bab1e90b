"""May this person do that to a comment? The thread itself is already visible to them (404 otherwise)."""

from snitem_portal.users.permissions import is_staff

from .models import Comment
from .registry import Thread


def can_read_hidden_comment(user, comment: Comment) -> bool:
    """A hidden comment, and the user still reads why (and its text while not deleted): the Snitem
    staff only. Not its author (told by email), nor moderators who are not staff (chairs of its group)."""
    return comment.is_hidden and is_staff(user)


def can_read_comment_text(user, comment: Comment) -> bool:
    """The text (and its mentions) is shown: the comment is not deleted, and not hidden unless the
    viewer may still read it. One rule for the thread's pages and the API."""
    return not comment.is_deleted and (not comment.is_hidden or can_read_hidden_comment(user, comment))


def can_comment(user, thread: Thread) -> bool:
    """Anyone who reads the thread may write in it while its object takes comments."""
    return bool(user.is_authenticated) and thread.is_open


def can_edit_comment(user, comment: Comment) -> bool:
    """The author, while the comment is neither deleted nor hidden."""
    return user.is_authenticated and comment.author_id == user.pk and not comment.is_deleted and not comment.is_hidden


def can_delete_comment(user, comment: Comment) -> bool:
    """The author, hidden or not (their own words)."""
    return user.is_authenticated and comment.author_id == user.pk and not comment.is_deleted


def can_moderate(user, thread: Thread) -> bool:
    """The object's moderators (chairs of its group, staff), as its app declares."""
    return bool(user.is_authenticated) and thread.target.can_moderate(user, thread.obj)


def can_hide_comment(user, thread: Thread, comment: Comment) -> bool:
    return not comment.is_deleted and not comment.is_hidden and can_moderate(user, thread)
