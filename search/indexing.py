"""Keeping the index in step with the objects.

On save and delete of a source's object (or of an object it follows), the object's kind and key
are noted, and after the commit each noted object is read back through its source and written
(or its entry removed): an entry always reflects what was committed, and a rolled back change
leaves nothing behind. ``rebuild`` writes every entry again in chunks (``manage.py
rebuild_search_index``), for changes that send no signal (``QuerySet.update``, ``bulk_create``).
"""

import logging
import threading
from collections.abc import Iterable
from functools import partial

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from . import conf
from .models import Entry
from .registry import SearchSource, all_sources, get_source
from .text import BODY_LENGTH, TITLE_LENGTH, clean

logger = logging.getLogger(__name__)

_local = threading.local()


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def vector():
    """The stored vector: title weighted A, body B, file text C, in each entry's own configuration."""
    config = F("config")
    return (
        SearchVector("title", weight="A", config=config)
        + SearchVector("body", weight="B", config=config)
        + SearchVector("file_text", weight="C", config=config)
    )


def write(source: SearchSource, objects: list, *, extract_now: bool = False) -> None:
    """Write the entries of ``objects`` (of ``source``'s kind): two queries, three with a file.

    A file not indexed yet is read by a Celery task once committed, or at once with ``extract_now``
    (the rebuild command, which may run where no worker does).
    """
    if not objects:
        return
    ids = [obj.pk for obj in objects]
    known_files = (
        dict(Entry.objects.filter(kind=source.kind, object_id__in=ids).values_list("object_id", "file_key"))
        if source.file
        else {}
    )
    now = timezone.now()
    Entry.objects.bulk_create(
        [
            Entry(
                kind=source.kind,
                object_id=obj.pk,
                title=clean(source.title(obj), TITLE_LENGTH),
                body=clean(source.body(obj), BODY_LENGTH),
                url=source.url(obj)[:500],
                updated_at=now,
            )
            for obj in objects
        ],
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=["title", "body", "url", "updated_at"],
    )
    if uses_postgres():
        Entry.objects.filter(kind=source.kind, object_id__in=ids).update(vector=vector())
    if source.file:
        _files_changed(source, objects, known_files, extract_now=extract_now)


def _files_changed(source: SearchSource, objects: list, known: dict, *, extract_now: bool) -> None:
    """Read (or have a worker read) each file not indexed yet; forget the text of a file removed."""
    from .extract import text_of
    from .tasks import task_extract_file_text

    texts = {}  # object id -> (text, key), written together
    for obj in objects:
        found = source.file(obj)
        key = found.key if found else ""
        if key == known.get(obj.pk, ""):
            continue
        if found is None:
            texts[obj.pk] = ("", "")
        elif extract_now:
            texts[obj.pk] = (text_of(found.file, found.content_type), key)
        else:
            # A broker that is down is logged, never turned into an error of the change (rebuild repairs it).
            enqueue = partial(task_extract_file_text.delay, kind=source.kind, object_id=obj.pk)
            transaction.on_commit(enqueue, robust=True)
    if texts:
        _write_file_texts(source.kind, texts)


def _write_file_texts(kind: str, texts: dict[int, tuple[str, str]]) -> None:
    """Three queries for any number of entries: read them, write the texts, compute the vectors."""
    entries = list(Entry.objects.filter(kind=kind, object_id__in=list(texts)).only("pk", "object_id"))
    for entry in entries:
        text, key = texts[entry.object_id]
        entry.file_text, entry.file_key = clean(text, conf.max_text_length()), key[:100]
    Entry.objects.bulk_update(entries, ["file_text", "file_key"])
    if uses_postgres():
        Entry.objects.filter(pk__in=[entry.pk for entry in entries]).update(vector=vector())


def set_file_text(kind: str, object_ids: list[int], *, text: str, key: str) -> int:
    """Store the text of the objects' file (and the file's key), and their vector; the rows written."""
    entries = Entry.objects.filter(kind=kind, object_id__in=object_ids)
    changes = {"file_text": clean(text, conf.max_text_length()), "file_key": key[:100]}
    count = entries.update(**changes)
    if count and uses_postgres():
        entries.update(vector=vector())
    return count


def sync(source: SearchSource, object_ids: Iterable[int]) -> None:
    """Bring the entries of these objects in step with the database: written, or removed when the
    object is gone (or no longer among the source's objects)."""
    wanted = set(object_ids)
    if not wanted:
        return
    objects = list(source.objects().filter(pk__in=wanted))
    write(source, objects)
    gone = wanted - {obj.pk for obj in objects}
    if gone:
        Entry.objects.filter(kind=source.kind, object_id__in=gone).delete()


def rebuild(kinds: list[str] | None = None) -> dict[str, int]:
    """Write every entry again, in chunks of primary keys; drop entries of objects (and kinds) gone.

    Returns the number of entries of each kind. Texts extracted from files are kept while the
    file is the same; a new file is read at once (no worker needed).
    """
    sources = [source for source in all_sources() if kinds is None or source.kind in kinds]
    counts = {}
    size = conf.chunk_size()
    for source in sources:
        last, count = 0, 0
        while chunk := list(source.objects().filter(pk__gt=last).order_by("pk")[:size]):
            write(source, chunk, extract_now=True)
            last, count = chunk[-1].pk, count + len(chunk)
        Entry.objects.filter(kind=source.kind).exclude(object_id__in=source.objects().values("pk")).delete()
        counts[source.kind] = count
    if kinds is None:
        Entry.objects.exclude(kind__in=[source.kind for source in sources]).delete()
    return counts


# Signals: note what changed, write it after the commit.


def schedule(kind: str, object_ids: Iterable[int] = (), *, follows: tuple | None = None) -> None:
    """Sync these objects' entries once the current transaction commits (at once outside one).

    ``follows`` is (function, changed object): the function gives the objects of ``kind`` showing
    the changed one. It is called at the commit too, so that a change costs no query before it.
    """
    pending = _local.__dict__.setdefault("pending", {})
    found = pending.setdefault(kind, ([], set()))
    found[1].update(object_ids)
    if follows is not None:
        found[0].append(follows)
    # One callback per change; the first to run writes everything noted and the others find nothing.
    # A failure to index is logged, never turned into an error of the change (rebuild repairs it).
    transaction.on_commit(flush, robust=True)


def flush() -> None:
    pending = _local.__dict__.pop("pending", {})
    for kind, (follows, object_ids) in pending.items():
        source = get_source(kind)
        if source is None:
            continue
        try:
            for related, changed in follows:
                # A changed object deleted since has no dependents left to update (they went with it).
                if changed.pk is not None:
                    object_ids.update(related(changed).values_list("pk", flat=True))
            sync(source, object_ids)
        except Exception:
            # One kind failing leaves the others indexed; the rebuild command repairs it.
            logger.exception("Search index not updated for %s %s", kind, sorted(object_ids)[:20])


def _changed(sender, instance, **kwargs) -> None:
    for source in all_sources():
        if source.model is sender:
            schedule(source.kind, [instance.pk])
        for model, related in source.follows:
            if model is sender:
                schedule(source.kind, follows=(related, instance))


def connect_signals() -> None:
    """Watch the models of every source and the models they follow (read once, at startup)."""
    models = {source.model for source in all_sources()}
    models |= {model for source in all_sources() for model, _related in source.follows}
    for model in models:
        post_save.connect(_changed, sender=model, dispatch_uid=f"search-save-{model._meta.label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"search-delete-{model._meta.label}")
