"""The deadline sources the engine knows, contributed by the apps that own the deadlines.

A source says which objects carry a deadline, in which field, who still has something to do
about one of them (``targets``), and which objects concern a user (calendar, API, dashboard).
The engine (scan, ledger, sending, digest, calendar) is written once for all of them and imports
no domain app: each app declares its sources in its own ``deadlines`` module, listed in the
``DEADLINE_SOURCES`` setting, and ``DEADLINE_SIGNERS`` names who signs off for a company.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db.models import BooleanField, Model, QuerySet, Value
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string

from . import conf


def page_url(obj) -> str:
    """The item's page, or the dashboard while the app serving that page is not installed."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return reverse("dashboard")


@dataclass(frozen=True)
class DeadlineSource:
    kind: str
    model: type[Model]
    # Objects that may carry a live deadline (e.g. published calls), with what title/url need joined.
    objects: Callable[[], QuerySet]
    deadline_field: str
    # Users who still have something to do about ``obj`` (re-evaluated at every scan).
    targets: Callable[[Any], QuerySet]
    # Objects that concern ``user`` (their calendar, their deadlines list, their dashboard).
    for_user: Callable[[Any], QuerySet]
    title: Callable[[Any], str] = str
    # Path of the item's page (SITE_URL is prepended).
    url: Callable[[Any], str] = page_url
    # What the recipient has to do, shown in the subject and the email.
    action: str = ""
    # Chairs among the targets, who get the rule's optional repeats until they act.
    chairs: Callable[[Any], QuerySet] | None = None
    # True when referents must sign off: they may lower these reminders to a digest, not switch them off.
    signoff: bool = False
    # Optional end of the event (meetings), for the calendar.
    end_field: str | None = None

    def deadline_of(self, obj):
        return getattr(obj, self.deadline_field)

    def end_of(self, obj):
        return getattr(obj, self.end_field) if self.end_field else None


@cache
def _load(paths: tuple[str, ...]) -> dict[str, DeadlineSource]:
    """Each path names a function returning the sources of one app; a later kind replaces an earlier one."""
    return {source.kind: source for path in paths for source in import_string(path)()}


def _sources() -> dict[str, DeadlineSource]:
    # The setting is read at each call (``override_settings`` applies); each list of paths loads once.
    return _load(tuple(conf.deadline_sources()))


def all_sources() -> list[DeadlineSource]:
    return list(_sources().values())


def get_source(kind: str) -> DeadlineSource | None:
    return _sources().get(kind)


def signer_exists(user_ref: str = "pk"):
    """Expression: the outer user (the outer row's ``user_ref``) signs off for a company (a referent).

    Built by the function ``DEADLINE_SIGNERS`` names; always false when the setting is empty.
    """
    path = conf.deadline_signers()
    if not path:
        return Value(False, output_field=BooleanField())
    return import_string(path)(user_ref)
