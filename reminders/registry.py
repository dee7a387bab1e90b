"""The deadline sources the engine knows.

A source says which objects carry a deadline, in which field, who still has something to do
about one of them (``targets``), and which objects concern a user (calendar, API, dashboard).
The engine (scan, ledger, sending, digest, calendar) is written once for all of them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet


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
    url: Callable[[Any], str] = lambda obj: obj.get_absolute_url()
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


_sources: dict[str, DeadlineSource] = {}


def register(source: DeadlineSource) -> DeadlineSource:
    _sources[source.kind] = source
    return source


def unregister(kind: str) -> None:
    _sources.pop(kind, None)


def all_sources() -> list[DeadlineSource]:
    return list(_sources.values())


def get_source(kind: str) -> DeadlineSource | None:
    return _sources.get(kind)
