"""Caching of content that is the same for every caller, with invalidation by generation.

Only what no user or company changes is cached here (the public roadmap, the roadmap API): a key
names the content, the language and a *generation* of its topic, never a user. A change to a
model of a topic bumps the topic's generation (``invalidate_on_change``), so every key built
before it is never read again and expires on its own (``SHARED_CACHE_TIMEOUT``, also the
longest that content computed from the clock, such as "no update for 30 days", may lag).
"""

import hashlib
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

_GENERATION = "shared:{topic}:generation"


def timeout() -> int:
    return getattr(settings, "SHARED_CACHE_TIMEOUT", 300)


def generation(topic: str) -> int:
    """The current generation of ``topic`` (created on first use)."""
    key = _GENERATION.format(topic=topic)
    value = cache.get(key)
    if value is None:
        cache.add(key, 1, timeout=None)
        value = cache.get(key, 1)
    return value


def bump(topic: str) -> None:
    """Make every cached piece of ``topic`` stale (after the commit, so no reader caches the old rows again)."""

    def _bump():
        key = _GENERATION.format(topic=topic)
        try:
            cache.incr(key)
        except ValueError:
            cache.add(key, 2, timeout=None)

    transaction.on_commit(_bump)


def shared_key(topic: str, *parts: Any) -> str:
    """The key of one piece of shared content of ``topic``: its parts, the active language, the generation.

    The parts (paths, query strings) are hashed: any text makes a short key safe for every backend.
    """
    language = get_language() or settings.LANGUAGE_CODE
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"shared:{topic}:{generation(topic)}:{language}:{digest}"


def cached_shared(topic: str, parts: Iterable[Any], build: Callable[[], Any]) -> Any:
    """``build()``'s value, from the cache when the same topic generation and language built it already."""
    key = shared_key(topic, *parts)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout())
    return value


def invalidate_on_change(topic: str, models: Iterable[type[Model]]) -> None:
    """Bump ``topic`` whenever a row of ``models`` is saved or deleted, or one of their many-to-many changes."""

    def receiver(sender, **kwargs):
        bump(topic)

    for model in models:
        uid = f"shared-cache:{topic}:{model._meta.label}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}:save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(receiver, sender=field.remote_field.through, weak=False, dispatch_uid=f"{uid}:{field}")


# Per-person or per-subject values (the bell's count, "my company") are cached under a *stamp*: a
# random string renewed by every write that changes them (``renew``). A stamp, not a counter: a
# stamp key evicted from the cache and made again can never name a value cached before.
_STAMP = "stamp:{name}"


def stamp(name: str) -> str:
    """The current stamp of ``name`` (made on first use)."""
    key = _STAMP.format(name=name)
    value = cache.get(key)
    if value is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        value = cache.get(key)
    return value


def cached_under_stamp(name: str, key: str, build: Callable[[], Any], timeout: int) -> Any:
    """``build()``'s value, from the cache when it was built under the current stamp of ``name``.

    The value is kept at ``key`` with the stamp it was built under; the stamp and the value are read
    in one round trip. Inside a transaction that renewed ``name``, the value is built and not cached
    (the writer reads its own change; nobody else sees it before the commit).
    """
    if name in pending():
        return build()
    stamp_key = _STAMP.format(name=name)
    found = cache.get_many([stamp_key, key])
    current = found.get(stamp_key)
    if current is None:
        current = stamp(name)
    held = found.get(key)
    if held is not None and held[0] == current:
        return held[1]
    value = build()
    cache.set(key, (current, value), timeout)
    return value


class _StampWriter:
    """The renewal of some stamps at the commit of ``block``'s transaction; Django drops it with a
    rolled back transaction or savepoint."""

    def __init__(self, names: set[str], block=None):
        self.names, self.block = names, block
        # Named like a function, as on-commit callbacks are (Django logs a failing one by name).
        self.__name__ = self.__qualname__ = "renew_stamps"

    def __call__(self) -> None:
        cache.set_many({_STAMP.format(name=name): uuid.uuid4().hex for name in self.names}, timeout=None)


def _open_transaction():
    """The outermost atomic block of the open transaction, or None (a test case's own blocks are no
    transaction: they never commit)."""
    for block in transaction.get_connection().atomic_blocks:
        if not getattr(block, "_from_testcase", False):
            return block
    return None


def pending() -> set[str]:
    """The stamps that the open transaction renews at its commit (none outside a transaction)."""
    block = _open_transaction()
    if block is None:
        return set()
    hooks = transaction.get_connection().run_on_commit
    writers = [func for _sids, func, *_rest in hooks if isinstance(func, _StampWriter) and func.block is block]
    return {name for writer in writers for name in writer.names}


def renew(names: Iterable[str]) -> None:
    """Give ``names`` new stamps: at once outside a transaction, otherwise when it commits.

    Until then the transaction reads those values fresh (``cached_under_stamp``) and other requests
    the committed ones; a rollback renews nothing. No cache write happens inside the transaction:
    with the database cache, a stamp's row would stay locked until the commit, making every writer
    wait for the others. One cache round trip, however many names.
    """
    names = set(names)
    if not names:
        return
    block = _open_transaction()
    if block is None:
        _StampWriter(names)()
        return
    new = names - pending()
    if new:
        writer = _StampWriter(new, block)
        transaction.on_commit(writer)
        if getattr(transaction.get_connection().atomic_blocks[0], "_from_testcase", False):
            writer()  # a test case's transaction never commits: what it renews is renewed at once
