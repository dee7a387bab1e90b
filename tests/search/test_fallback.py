"""The match where PostgreSQL's full-text search is missing (SQLite, the development default): each
word contained in the title, body or file text, titles first, extracts marked in Python. The query is
built for the vendor asked, so it runs here on PostgreSQL too."""

import pytest
from django.contrib.auth.models import AnonymousUser

from search.indexing import rebuild
from search.selectors import Search, text_match

from ..groups.factories import WorkingGroupFactory

pytestmark = pytest.mark.django_db


def test_the_fallback_needs_every_word_and_ignores_case():
    match = text_match("Santé  NUMÉRIQUE santé", vendor="sqlite")

    assert match.words == ("Santé", "NUMÉRIQUE")
    assert match.extract_marks is None
    assert str(match.filter).count("icontains") == 6  # each word in the title, the body or the file text


def test_the_fallback_finds_ranks_and_marks(db):
    WorkingGroupFactory(name="Vie du groupe", description="La santé <em>numérique</em> au quotidien.")
    WorkingGroupFactory(name="Santé numérique", description="")
    WorkingGroupFactory(name="Santé mentale", description="")
    rebuild()

    hits = Search(AnonymousUser(), "santé numérique", vendor="sqlite").ranked()[:10]

    assert [(hit.title, str(hit.title_html)) for hit in hits] == [
        ("Santé numérique", "<mark>Santé</mark> <mark>numérique</mark>"),
        ("Vie du groupe", "Vie du groupe"),
    ]
    extract = "La <mark>santé</mark> &lt;em&gt;<mark>numérique</mark>&lt;/em&gt; au quotidien."
    assert str(hits[1].extract_html) == extract


def test_the_fallback_counts_like_the_results(db):
    WorkingGroupFactory(name="Santé numérique", description="")
    rebuild()

    search = Search(AnonymousUser(), "santé", vendor="sqlite")

    assert (search.counts, search.total) == ({"group": 1}, 1)
