"""The index: French stemming and accents, ranking, kept in step on save and delete, rebuilt in bulk."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import transaction

from groups.models import Meeting, WorkingGroup
from search.indexing import rebuild
from search.models import Entry
from search.selectors import Search

from ..groups.factories import MeetingFactory, WorkingGroupFactory
from ..roadmap.factories import ActionFactory, ConsultationFactory

pytestmark = pytest.mark.django_db


def found(user, text, kind=None) -> list[tuple[str, str]]:
    return [(hit.kind, hit.title) for hit in Search(user, text, kind=kind).ranked()[:50]]


@pytest.fixture
def visitor():
    return AnonymousUser()


def test_french_stemming_and_accents_are_ignored(postgres_only, visitor):
    WorkingGroupFactory(name="Évaluations cliniques", description="")
    WorkingGroupFactory(name="Santé publique", description="")
    WorkingGroupFactory(name="Cybersécurité", description="")
    rebuild()

    assert found(visitor, "évaluation") == [("group", "Évaluations cliniques")]
    assert found(visitor, "evaluation") == [("group", "Évaluations cliniques")]
    assert found(visitor, "sante") == [("group", "Santé publique")]
    assert found(visitor, "SANTÉ") == [("group", "Santé publique")]


def test_a_query_of_stop_words_or_signs_finds_nothing_and_fails_not(postgres_only, visitor):
    WorkingGroupFactory(name="Le groupe et la santé", description="")
    rebuild()

    assert found(visitor, "le et la") == []
    assert found(visitor, '"( -!:* <b> & |') == []
    assert found(visitor, "-santé") == []


def test_a_match_in_the_title_ranks_above_a_match_in_the_body(postgres_only, visitor):
    WorkingGroupFactory(name="Groupe A", description="Nous parlons ici d'interopérabilité des systèmes.")
    WorkingGroupFactory(name="Interopérabilité", description="Les référentiels et leur adoption.")
    rebuild()

    assert found(visitor, "interopérabilité") == [("group", "Interopérabilité"), ("group", "Groupe A")]


def test_counts_cover_every_kind_and_a_kind_narrows_the_results(postgres_only, visitor):
    WorkingGroupFactory(name="Télésurveillance", description="")
    ActionFactory(title="Déployer la télésurveillance")
    rebuild()

    search = Search(visitor, "télésurveillance", kind="action")

    assert search.counts == {"group": 1, "action": 1}
    assert search.total == 1
    assert [hit.kind for hit in search.ranked()[:10]] == ["action"]


def test_extracts_are_escaped_and_only_the_matches_are_marked(postgres_only, visitor):
    WorkingGroupFactory(
        name="<script>alert(1)</script> Dispositifs",
        description='Texte <img src=x onerror="alert(2)"> sur les dispositifs \ue000 marqués\ue001 ici.',
    )
    rebuild()

    [hit] = Search(visitor, "dispositifs").ranked()[:1]

    # Only the highlights are markup: the rest is escaped text (PostgreSQL also leaves tags out of extracts).
    assert hit.title_html == "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Dispositifs</mark>"
    assert re.findall(r"<[^>]*>", hit.extract_html) == ["<mark>", "</mark>"]
    assert "<mark>dispositifs</mark>" in hit.extract_html
    assert "marqués" in hit.extract_html
    assert hit.title == "<script>alert(1)</script> Dispositifs"


def test_saving_and_deleting_keep_the_index_in_step(postgres_only, visitor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        group = WorkingGroupFactory(name="Robotique chirurgicale", slug="robotique")
    assert found(visitor, "robotique") == [("group", "Robotique chirurgicale")]

    with django_capture_on_commit_callbacks(execute=True):
        group.name = "Chirurgie assistée"
        group.save()
    assert found(visitor, "robotique") == []
    assert found(visitor, "chirurgie") == [("group", "Chirurgie assistée")]

    with django_capture_on_commit_callbacks(execute=True):
        group.delete()
    assert found(visitor, "chirurgie") == []
    assert Entry.objects.filter(kind="group", object_id=group.pk).exists() is False


def test_a_change_costs_no_query_before_the_commit(postgres_only, django_assert_num_queries):
    group = WorkingGroupFactory(name="Imagerie", slug="imagerie")
    MeetingFactory(group=group)

    with django_assert_num_queries(1):  # the UPDATE itself; the index reads what changed after the commit
        group.save()


def test_a_change_of_a_followed_object_updates_the_entries_that_show_it(
    postgres_only, django_capture_on_commit_callbacks
):
    group = WorkingGroupFactory(name="Imagerie", slug="imagerie")
    meeting = MeetingFactory(group=group, title="Plénière")
    consultation = ConsultationFactory(action=ActionFactory(title="Hébergement des données"))
    rebuild()

    with django_capture_on_commit_callbacks(execute=True):
        group.slug = "imagerie-medicale"
        group.save()
        consultation.action.title = "Hébergement certifié"
        consultation.action.save()

    entry = Entry.objects.get(kind="meeting", object_id=meeting.pk)
    assert entry.url == f"/groupes/imagerie-medicale/reunions/{meeting.pk}/"
    assert "Hébergement certifié" in Entry.objects.get(kind="consultation", object_id=consultation.pk).body


@transaction.atomic
def _create_then_fail():
    WorkingGroupFactory(name="Oubliée")
    raise RuntimeError


def test_a_change_rolled_back_leaves_nothing_in_the_index(postgres_only, visitor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            _create_then_fail()
        WorkingGroupFactory(name="Gardée")

    assert list(Entry.objects.values_list("title", flat=True)) == ["Gardée"]


def test_the_rebuild_command_catches_up_with_bulk_changes(postgres_only, visitor):
    kept = WorkingGroupFactory(name="Nutrition", slug="nutrition")
    gone = WorkingGroupFactory(name="Ancien groupe", slug="ancien")
    rebuild()
    WorkingGroup.objects.filter(pk=kept.pk).update(name="Nutrition clinique")  # sends no signal
    WorkingGroup.objects.bulk_create([WorkingGroup(name="Gériatrie", slug="geriatrie")])
    WorkingGroup.objects.filter(pk=gone.pk).delete()
    Entry.objects.create(kind="retired-kind", object_id=1, title="Vieux", url="/")
    output = StringIO()

    call_command("rebuild_search_index", stdout=output)

    entries = sorted(Entry.objects.values_list("kind", "title"))
    assert entries == [("group", "Gériatrie"), ("group", "Nutrition clinique")]
    assert found(visitor, "clinique") == [("group", "Nutrition clinique")]
    assert "group: 2" in output.getvalue()


@pytest.mark.parametrize(("meetings", "chunk_size", "queries"), [(5, 1000, 5), (50, 1000, 5), (5, 2, 11)])
def test_rebuild_reads_and_writes_in_chunks(
    postgres_only, settings, django_assert_num_queries, meetings, chunk_size, queries
):
    settings.SEARCH_CHUNK_SIZE = chunk_size
    MeetingFactory.create_batch(meetings)
    Meeting.objects.update(agenda="Ordre du jour")  # sends no signal

    # Per chunk: read the objects, write the entries, compute their vectors; then one read that finds
    # nothing more, and the removal of entries whose object is gone.
    with django_assert_num_queries(queries):
        counts = rebuild(kinds=["meeting"])

    assert counts == {"meeting": meetings}
    assert Entry.objects.filter(kind="meeting", body__contains="Ordre du jour").count() == meetings


def broken_sources():
    """A source whose text cannot be read (a failure no real data causes), and a sound one."""
    from search.registry import SearchSource

    def unreadable(group):
        raise RuntimeError("unreadable")

    return [
        SearchSource(
            kind="group",
            label="Groupes",
            model=WorkingGroup,
            objects=WorkingGroup.objects.all,
            visible=lambda user: WorkingGroup.objects.all(),
            title=str,
            body=unreadable,
        ),
        SearchSource(
            kind="meeting",
            label="Réunions",
            model=Meeting,
            objects=Meeting.objects.all,
            visible=lambda user: Meeting.objects.all(),
            title=str,
        ),
    ]


def test_a_failure_to_index_never_fails_the_change(postgres_only, settings, caplog, django_capture_on_commit_callbacks):
    settings.SEARCH_SOURCES = ["tests.search.test_index.broken_sources"]

    with django_capture_on_commit_callbacks(execute=True):
        meeting = MeetingFactory(title="Plénière")  # saves its group too

    assert WorkingGroup.objects.filter(pk=meeting.group_id).exists()
    assert list(Entry.objects.values_list("kind", "title")) == [("meeting", "Plénière")]
    assert "Search index not updated for group" in caplog.text
