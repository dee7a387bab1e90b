"""Reads of threads. Who sees a thread is its object's rule (``registry.thread_for``); these read its comments."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from .models import Comment
from .registry import Thread


def _with_people(comments: QuerySet[Comment]) -> QuerySet[Comment]:
    return comments.select_related("author", "hidden_by").prefetch_related("mentions")


def thread_comments(thread: Thread) -> QuerySet[Comment]:
    """The top-level comments of ``thread`` to show, oldest first, each with its live replies as ``shown_replies``.

    A deleted comment is shown (as a placeholder) only while it has a live reply. Three queries for
    any number of comments: comments, replies, and the mentions of both (through two prefetches).
    """
    live_replies = _with_people(Comment.objects.live()).order_by("created_at", "pk")
    has_live_reply = Exists(Comment.objects.live().filter(parent=OuterRef("pk")))
    return (
        _with_people(Comment.objects.on(thread.kind, thread.object_id).top_level())
        .filter(Q(deleted_at__isnull=True) | has_live_reply)
        .prefetch_related(Prefetch("replies", queryset=live_replies, to_attr="shown_replies"))
        .order_by("created_at", "pk")
    )


def comment_in(thread: Thread, pk) -> Comment | None:
    """A comment of ``thread`` that is still shown (not deleted), or None."""
    return _with_people(Comment.objects.on(thread.kind, thread.object_id).live()).filter(pk=pk).first()


def comments_by(user) -> QuerySet[Comment]:
    """Every comment ``user`` wrote (their own record: privacy export)."""
    return Comment.objects.filter(author=user).order_by("created_at", "pk")
