"""The searchable kinds, contributed by the apps that own the objects.

A source says which objects of one kind are indexed, what their title and body are, where their
page is and, above all, which of them a user may see: ``visible`` is the owning app's own
visibility selector, never a rule of its own, so search shows exactly what the pages show. The
index (``search.models.Entry``) and the query are written once for every source and import no
domain app: each app declares its kinds in its own ``search`` module, listed in the
``SEARCH_SOURCES`` setting.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from django.db.models import Model, QuerySet
from django.utils.module_loading import import_string

from . import conf


class IndexedFile(NamedTuple):
    """A file whose text is indexed with its object (extracted by a Celery task)."""

    key: str  # changes when the file does (e.g. the id of a document's latest version)
    file: Any  # a Django File or FieldFile, opened by the extractor
    content_type: str


def _no_body(obj) -> str:
    return ""


def _page_url(obj) -> str:
    return obj.get_absolute_url()


@dataclass(frozen=True)
class SearchSource:
    # Identifier in the index, the API (``kind``) and the results page's filters.
    kind: str
    # Plural name shown on the results page (lazy translation).
    label: str
    model: type[Model]
    # Every object to index, with what ``title``, ``body`` and ``url`` read joined (the rebuild
    # command reads it in chunks of primary keys).
    objects: Callable[[], QuerySet]
    # The objects ``user`` may see: the owning app's visibility selector (only its primary keys
    # are read, in a subquery).
    visible: Callable[[Any], QuerySet]
    # Weighted A (ranks first).
    title: Callable[[Any], str] = str
    # Weighted B: descriptions, agendas, questions.
    body: Callable[[Any], str] = _no_body
    # Path of the object's page.
    url: Callable[[Any], str] = _page_url
    # Other models whose change alters this kind's entries (a title shown in the body, a slug in
    # the URL): (model, function of a changed instance -> queryset of this kind's objects).
    follows: tuple[tuple[type[Model], Callable[[Any], QuerySet]], ...] = ()
    # The object's file, whose text is extracted in a Celery task and weighted C; None when it has none.
    file: Callable[[Any], IndexedFile | None] | None = None


@cache
def _load(paths: tuple[str, ...]) -> dict[str, SearchSource]:
    """Each path names a function returning the sources of one app; a later kind replaces an earlier one."""
    return {source.kind: source for path in paths for source in import_string(path)()}


def _sources() -> dict[str, SearchSource]:
    # The setting is read at each call (``override_settings`` applies); each list of paths loads once.
    return _load(tuple(conf.search_sources()))


def all_sources() -> list[SearchSource]:
    """Every source, in the order of ``SEARCH_SOURCES`` (the order of the results page's sections)."""
    return list(_sources().values())


def get_source(kind: str) -> SearchSource | None:
    return _sources().get(kind)


def kinds() -> list[str]:
    return list(_sources())
