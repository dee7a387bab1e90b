"""What search finds of the comments (see search.registry): their text, for those who may read the
thread, which is the commented object's own visibility (``CommentTarget.visible_to``). Hidden and
deleted comments are never found."""

import operator
from functools import reduce

from django.db.models import Q
from django.utils.text import capfirst

from search.registry import SearchSource

from .models import Comment
from .registry import get_target, targets


def comments_readable_by(user):
    """Live, shown comments on the objects whose thread ``user`` may read."""
    threads = []
    for kind, target in targets().items():
        visible = target.visible_to(user)
        if not visible.query.is_empty():
            threads.append(Q(kind=kind, object_id__in=visible.values("pk")))
    if not threads:
        return Comment.objects.none()
    return _shown().filter(reduce(operator.or_, threads))


def _shown():
    return Comment.objects.live().filter(hidden_at__isnull=True)


def _commented(comment: Comment):
    """The commented object (read once per comment), or None when it is gone."""
    if not hasattr(comment, "_search_commented"):
        target = get_target(comment.kind)
        found = target.model.objects.filter(pk=comment.object_id).first() if target else None
        comment._search_commented = (target, found)
    return comment._search_commented


def _title(comment: Comment) -> str:
    target, commented = _commented(comment)
    return target.title(commented) if commented is not None else ""


def _url(comment: Comment) -> str:
    target, commented = _commented(comment)
    return f"{target.url(commented)}#comments" if commented is not None else ""


def _follow(kind: str):
    return lambda commented: Comment.objects.filter(kind=kind, object_id=commented.pk)


def sources() -> list[SearchSource]:
    return [
        SearchSource(
            kind="comment",
            label=capfirst(Comment._meta.verbose_name_plural),
            model=Comment,
            objects=_shown,
            visible=comments_readable_by,
            # The thread's title (the commented object's) and its page.
            title=_title,
            body=lambda comment: comment.body,
            url=_url,
            follows=tuple((target.model, _follow(kind)) for kind, target in targets().items()),
        ),
    ]
