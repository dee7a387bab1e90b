"""Per-request memoisation of reads that several parts of one page repeat ("my groups", "my company").

A dashboard asks who the user is several times over: each panel and each deadline source starts
from the user's groups or company. ``per_request(key, build)`` computes the value once per
request and hands the same value to every later caller of that request. Outside a request (tasks,
commands, tests calling selectors directly) nothing is kept: every call builds afresh.

The memo lives in a context variable opened by ``RequestMemoMiddleware`` for one request and
dropped at its end, so no value outlives the request or crosses to another request or thread.
A write to a model registered with ``forget_on_change`` empties the current request's memo, so a
request that changes memberships and then reads them sees the change.
"""

from collections.abc import Callable, Hashable, Iterable
from contextvars import ContextVar
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

_memo: ContextVar[dict | None] = ContextVar("snitem_request_memo", default=None)


def per_request(key: Hashable, build: Callable[[], Any]) -> Any:
    """``build()``, computed once per request for ``key`` (every call outside a request)."""
    memo = _memo.get()
    if memo is None:
        return build()
    if key not in memo:
        memo[key] = build()
    return memo[key]


def recall(key: Hashable, default: Any = None) -> Any:
    """What this request memoised for ``key`` already, or ``default`` (nothing is built).

    For reads that can use rows a page has in hand but should not fetch them for a single use.
    """
    memo = _memo.get()
    if memo is None:
        return default
    return memo.get(key, default)


def forget() -> None:
    """Drop everything memoised for the current request (after a write it depends on)."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()


class RequestMemoMiddleware:
    """Open an empty memo for each request and drop it at the end."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def forget_on_change(models: Iterable[type[Model]]) -> None:
    """Empty the current request's memo whenever a row of ``models`` is saved or deleted."""

    def receiver(sender, **kwargs):
        forget()

    for model in models:
        uid = f"request-memo:{model._meta.label}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}:save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
