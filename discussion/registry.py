"""What can be commented, declared by the apps that own those things.

The discussion app imports no domain app. Each app declares its commentable objects in its own
``comments`` module: a function returning a ``CommentTarget``, listed under its kind in the
``COMMENT_TARGETS`` setting. A target answers, with the owning app's own selectors and
predicates, every question a thread asks: which object an ``on=`` reference names, who sees it,
who moderates it, who may be mentioned, where its page is and whether it takes comments now.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from . import conf

_DIGITS = re.compile(r"[1-9][0-9]{0,17}")
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


def by_pk(value: str) -> Q | None:
    """An ``on=`` reference that is an id."""
    return Q(pk=int(value)) if _DIGITS.fullmatch(value) else None


def by_pk_or_slug(value: str) -> Q | None:
    """An ``on=`` reference that is an id or a slug (a slug made of digits only is read as an id)."""
    if _DIGITS.fullmatch(value):
        return Q(pk=int(value))
    return Q(slug=value) if _SLUG.fullmatch(value) else None


def always_open(obj) -> bool:
    return True


def page_url(obj) -> str:
    return obj.get_absolute_url()


@dataclass(frozen=True)
class CommentTarget:
    kind: str
    model: type[Model]
    # Objects whose thread ``user`` may read: the owning app's selector, unchanged (hidden = missing → 404).
    visible_to: Callable[[Any], QuerySet]
    # Who may hide comments on ``obj`` (chairs of its group, staff): ``can_moderate(user, obj)``.
    can_moderate: Callable[[Any, Any], bool]
    # People who may read ``obj``'s thread, as a queryset of users: where a typed mention is looked for.
    # Each person found is checked again with ``visible_to`` before being notified.
    audience: Callable[[Any], QuerySet]
    # The ``on=`` reference (the text after ``kind:``) as a filter, or None when it cannot name an object.
    lookup: Callable[[str], Q | None] = by_pk
    # The reference written in ``on=`` for ``obj``.
    reference: Callable[[Any], str] = lambda obj: str(obj.pk)
    # Path of the object's page, where the thread is shown.
    url: Callable[[Any], str] = page_url
    # Whether new comments and replies are accepted on ``obj`` now (minutes: once circulated).
    is_open: Callable[[Any], bool] = always_open
    # The object's name in emails and breadcrumbs.
    title: Callable[[Any], str] = str


@dataclass(frozen=True)
class Thread:
    """The comments of one object, as one person may see them."""

    target: CommentTarget
    obj: Any

    @property
    def kind(self) -> str:
        return self.target.kind

    @property
    def object_id(self) -> int:
        return self.obj.pk

    @property
    def reference(self) -> str:
        return self.target.reference(self.obj)

    @property
    def on(self) -> str:
        return f"{self.target.kind}:{self.reference}"

    @property
    def url(self) -> str:
        return self.target.url(self.obj)

    @property
    def title(self) -> str:
        return self.target.title(self.obj)

    @property
    def is_open(self) -> bool:
        return self.target.is_open(self.obj)

    def visible_to(self, user) -> bool:
        return self.target.visible_to(user).filter(pk=self.obj.pk).exists()


@cache
def _load(paths: tuple[tuple[str, str], ...]) -> dict[str, CommentTarget]:
    return {kind: import_string(path)() for kind, path in paths}


def targets() -> dict[str, CommentTarget]:
    # The setting is read at each call (``override_settings`` applies); each mapping loads once.
    return _load(tuple(sorted(conf.comment_targets().items())))


def get_target(kind: str) -> CommentTarget | None:
    return targets().get(kind)


def target_of(obj) -> CommentTarget | None:
    """The target whose model ``obj`` is (the first declared, when two kinds share a model)."""
    return next((target for target in targets().values() if isinstance(obj, target.model)), None)


def kinds() -> list[str]:
    return sorted(targets())


def parse_on(value: str | None) -> tuple[CommentTarget, Q]:
    """The target and filter an ``on=`` value names (``kind:id`` or ``kind:slug``).

    Raises ValidationError on ``on`` (400) when it is missing, malformed or of an unknown kind.
    """
    kind, sep, reference = (value or "").partition(":")
    target = get_target(kind) if sep else None
    lookup = target.lookup(reference) if target is not None else None
    if lookup is None:
        raise ValidationError(
            {
                "on": [
                    _("Indiquez l'objet commenté sous la forme « type:identifiant », type parmi : %(kinds)s.")
                    % {"kinds": ", ".join(kinds())}
                ]
            }
        )
    return target, lookup


def thread_for(user, on: str | None) -> Thread:
    """The thread ``on`` names, when ``user`` may see its object; Http404 otherwise (as the object's page)."""
    target, lookup = parse_on(on)
    obj = target.visible_to(user).filter(lookup).first()
    if obj is None:
        raise Http404
    return Thread(target, obj)


def thread_at(user, kind: str, object_id: int) -> Thread:
    """The thread of a stored comment's object, when ``user`` may see it; Http404 otherwise."""
    target = get_target(kind)
    obj = target.visible_to(user).filter(pk=object_id).first() if target is not None else None
    if obj is None:
        raise Http404
    return Thread(target, obj)
