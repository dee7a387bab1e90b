"""The search: entries matching a text, among the objects the caller may see.

Visibility is not a rule of its own: for each kind, the entries kept are those whose object is in
the source's ``visible(user)`` queryset (the owning app's selector), in a subquery. Counts, titles
and extracts all come from the same filtered rows, so nothing the caller may not see shows up in
any of them. A search costs a fixed number of queries whatever the number of kinds and results:
one for the counts per kind and one for the page of one kind; for the overview, one for the counts
and the best results of each kind, one for the highlights of those.
"""

import operator
from dataclasses import dataclass
from functools import cached_property, reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, Count, F, FloatField, Q, QuerySet, TextField, Value, When, Window
from django.db.models.functions import Concat, Left, RowNumber

from . import conf
from .models import FRENCH, Entry
from .registry import all_sources
from .text import MARK_END, MARK_START, mark_words, marked_html, plain_extract

# Characters of an entry's texts that an extract is taken from (ts_headline reads all it is given).
EXTRACT_SOURCE_LENGTH = 30_000
FALLBACK_WORDS = 10
HEADLINE_OPTIONS = {
    "start_sel": MARK_START,
    "stop_sel": MARK_END,
    "max_words": 35,
    "min_words": 15,
    "max_fragments": 2,
    "fragment_delimiter": '" … "',
}


@dataclass(frozen=True)
class TextMatch:
    """How the database matches a text: the filter, the relevance and, where it can, the highlights."""

    filter: Q
    rank: object
    title_marks: object | None  # expression giving the title with highlight marks
    extract_marks: object | None  # expression giving the extract with highlight marks
    words: tuple[str, ...] = ()  # the fallback's words, highlighted in Python


def text_match(text: str, *, vendor: str | None = None) -> TextMatch:
    """Full-text search in French, accents aside, on PostgreSQL; a containment match of each word
    (at most ten) elsewhere (SQLite, the development default), titles first."""
    if (vendor or connection.vendor) == "postgresql":
        query = SearchQuery(text, search_type="websearch", config=FRENCH)
        source = Left(Concat("body", Value(" "), "file_text", output_field=TextField()), EXTRACT_SOURCE_LENGTH)
        return TextMatch(
            filter=Q(vector=query),
            rank=SearchRank(F("vector"), query),
            title_marks=SearchHeadline("title", query, config=FRENCH, highlight_all=True, **_marks_only()),
            extract_marks=SearchHeadline(source, query, config=FRENCH, **HEADLINE_OPTIONS),
        )
    words = tuple(_distinct_words(text))[:FALLBACK_WORDS]
    in_text = [Q(title__icontains=w) | Q(body__icontains=w) | Q(file_text__icontains=w) for w in words]
    in_title = [When(title__icontains=w, then=Value(1.0)) for w in words[:1]]
    return TextMatch(
        filter=reduce(operator.and_, in_text, Q()) if words else Q(pk__in=[]),
        rank=Case(*in_title, default=Value(0.5), output_field=FloatField()),
        title_marks=None,
        extract_marks=None,
        words=words,
    )


def _distinct_words(text: str) -> list[str]:
    """The words of ``text``, each once (case aside), in order."""
    first = {}
    for word in text.split():
        first.setdefault(word.lower(), word)
    return list(first.values())


def _marks_only() -> dict:
    return {"start_sel": MARK_START, "stop_sel": MARK_END}


def visible_filter(user, kinds: list[str] | None = None) -> Q | None:
    """Entries of objects ``user`` may see (of ``kinds``, default all), or None when there are none."""
    parts = []
    for source in all_sources():
        if kinds is not None and source.kind not in kinds:
            continue
        visible = source.visible(user)
        if visible.query.is_empty():
            continue
        parts.append(Q(kind=source.kind, object_id__in=visible.values("pk")))
    return reduce(operator.or_, parts) if parts else None


@dataclass
class Hit:
    kind: str
    label: str
    id: int
    title: str
    title_html: str
    extract_html: str
    url: str


class Search:
    """What ``user`` finds for ``text`` (``kind`` narrows the results, not the counts)."""

    def __init__(self, user, text: str, *, kind: str | None = None, vendor: str | None = None):
        self.user, self.text, self.kind = user, text.strip(), kind
        self.match = text_match(self.text, vendor=vendor)
        self.labels = {source.kind: source.label for source in all_sources()}
        self._visible = visible_filter(user) if self.text else None

    def _entries(self) -> QuerySet[Entry]:
        if self._visible is None:
            return Entry.objects.none()
        return Entry.objects.filter(self.match.filter, self._visible)

    @cached_property
    def counts(self) -> dict[str, int]:
        """Results of each kind the caller may see, in the order of the sources (kinds with none left out)."""
        found = dict(self._entries().values_list("kind").annotate(count=Count("pk")).order_by())
        return {kind: found[kind] for kind in self.labels if found.get(kind)}

    @cached_property
    def total(self) -> int:
        """Results of the kind asked for, or of every kind."""
        if self.kind:
            return self.counts.get(self.kind, 0)
        return sum(self.counts.values())

    def ranked(self) -> "RankedEntries":
        """The results, most relevant first (of the kind asked for): slice it to read a page."""
        entries = self._entries()
        if self.kind:
            # Only that kind's visibility: a smaller query for the database to plan.
            visible = visible_filter(self.user, [self.kind]) if self.text else None
            entries = Entry.objects.none()
            if visible is not None:
                entries = Entry.objects.filter(self.match.filter, visible, kind=self.kind)
        return RankedEntries(self, self._annotated(entries).order_by("-rank", "kind", "object_id"))

    def top_of_each_kind(self) -> dict[str, list[Hit]]:
        """The first ``SEARCH_PER_KIND`` results of each kind, for the overview, and the counts (two
        queries: the ranks and counts, then the highlights of the few rows kept)."""
        best = list(
            self._entries()
            .annotate(
                rank=self.match.rank,
                row=Window(RowNumber(), partition_by=[F("kind")], order_by=[F("rank").desc(), F("object_id")]),
                kind_total=Window(Count("pk"), partition_by=[F("kind")]),
            )
            .filter(row__lte=conf.per_kind())
            .values_list("pk", "kind", "kind_total")
        )
        totals = {kind: total for _pk, kind, total in best}
        self.__dict__["counts"] = {kind: totals[kind] for kind in self.labels if kind in totals}
        if not best:
            return {}
        rows = self._annotated(Entry.objects.filter(pk__in=[pk for pk, _kind, _total in best]))
        grouped: dict[str, list[Hit]] = {kind: [] for kind in self.counts}
        for entry in rows.order_by("-rank", "object_id"):
            grouped[entry.kind].append(self.hit(entry))
        return grouped

    def _annotated(self, entries: QuerySet[Entry]) -> QuerySet[Entry]:
        entries = entries.annotate(rank=self.match.rank).only("kind", "object_id", "title", "url")
        if self.match.extract_marks is None:
            return entries.only("kind", "object_id", "title", "url", "body", "file_text")
        return entries.annotate(title_marks=self.match.title_marks, extract_marks=self.match.extract_marks)

    def hit(self, entry: Entry) -> Hit:
        if self.match.extract_marks is None:
            words = list(self.match.words)
            title_marks = mark_words(entry.title, words)
            extract_marks = plain_extract(entry.body or entry.file_text, words)
        else:
            title_marks, extract_marks = entry.title_marks, entry.extract_marks
        return Hit(
            kind=entry.kind,
            label=self.labels.get(entry.kind, entry.kind),
            id=entry.object_id,
            title=entry.title,
            title_html=marked_html(title_marks),
            extract_html=marked_html(" ".join((extract_marks or "").split())),
            url=entry.url,
        )


class RankedEntries:
    """The ranked results as a paginator reads them: its count comes from the counts already read."""

    def __init__(self, search: Search, entries: QuerySet[Entry]):
        self.search, self.entries = search, entries

    def count(self) -> int:
        return self.search.total

    def __len__(self) -> int:
        return self.search.total

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.search.hit(entry) for entry in self.entries[index]]
        return self.search.hit(self.entries[index])
