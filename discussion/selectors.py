"""Reads of threads. Who sees a thread is its object's rule (``registry.thread_for``); these read its comments."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from .models import Comment
from .registry import Thread


def _with_people(comments: QuerySet[Comment], mentions: bool = True) -> QuerySet[Comment]:
    comments = comments.select_related("author", "hidden_by")
    return comments.prefetch_related("mentions") if mentions else comments


def thread_comments(thread: Thread, *, mentions: bool = True) -> QuerySet[Comment]:
    """The top-level comments of ``thread`` to show, oldest first, each with its live replies as ``shown_replies``.

    A deleted comment is shown (as a placeholder) only while it has a live reply. Four queries for
    any number of comments: comments, replies, and the mentions of each (two prefetches); three
    without the mentions (``mentions=False``: read them with ``mentions_of``).
    """
    live_replies = _with_people(Comment.objects.live(), mentions).order_by("created_at", "pk")
    has_live_reply = Exists(Comment.objects.live().filter(parent=OuterRef("pk")))
    return (
        _with_people(Comment.objects.on(thread.kind, thread.object_id).top_level(), mentions)
        .filter(Q(deleted_at__isnull=True) | has_live_reply)
        .prefetch_related(Prefetch("replies", queryset=live_replies, to_attr="shown_replies"))
        .order_by("created_at", "pk")
    )


def small_thread(thread: Thread, limit: int) -> list[Comment] | None:
    """What ``thread_comments`` returns, as a list read in one query, when the thread has at most
    ``limit`` comments and replies in all; None for a longer thread (read it with ``thread_comments``).

    The comments come with their people but not their mentions (``mentions_of``)."""
    rows = list(
        Comment.objects.on(thread.kind, thread.object_id)
        .select_related("author", "hidden_by")
        .order_by("created_at", "pk")[: limit + 1]
    )
    if len(rows) > limit:
        return None
    replies = {}
    for row in rows:
        if row.parent_id is not None and row.deleted_at is None:
            replies.setdefault(row.parent_id, []).append(row)
    shown = []
    for row in rows:
        if row.parent_id is None and (row.deleted_at is None or row.pk in replies):
            row.shown_replies = replies.get(row.pk, [])
            shown.append(row)
    return shown


def mentions_of(comments) -> dict[int, list]:
    """The people each of ``comments`` mentions, by comment id, in one query (in the order of
    ``comment.mentions.all()``). A text without "@" shows no mention (``mentions.highlight``): its
    mentions are not read."""
    ids = [comment.pk for comment in comments if "@" in comment.body]
    if not ids:
        return {}
    found = {pk: [] for pk in ids}
    links = Comment.mentions.through.objects.filter(comment_id__in=ids).select_related("user")
    for link in links.order_by(*(f"user__{name}" for name in get_user_model()._meta.ordering), "user__pk"):
        found[link.comment_id].append(link.user)
    return found


def comment_in(thread: Thread, pk) -> Comment | None:
    """A comment of ``thread`` that is still shown (not deleted), or None."""
    return _with_people(Comment.objects.on(thread.kind, thread.object_id).live()).filter(pk=pk).first()


def comments_by(user) -> QuerySet[Comment]:
    """Every comment ``user`` wrote (their own record: privacy export)."""
    return Comment.objects.filter(author=user).order_by("created_at", "pk")
