"""Reads: a user's deadlines from every source, preferences."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from snitem_portal.http import absolute_url

from . import registry
from .enums import DeadlineKind, DeliveryMode
from .models import NotificationPreference


@dataclass(frozen=True)
class Deadline:
    kind: str
    title: str
    due_at: datetime
    url: str
    ends_at: datetime | None
    object_id: int

    @property
    def kind_label(self) -> str:
        return DeadlineKind(self.kind).label

    @property
    def uid(self) -> str:
        return f"{self.kind}-{self.object_id}@snitem-portal"


def deadlines_for(user, *, start: datetime | None = None, end: datetime | None = None) -> list[Deadline]:
    """The user's deadlines from every source between ``start`` (default now) and ``end``, by date.

    One query per source, whatever the number of deadlines. An object a source's joins return
    twice is kept once here rather than with ``DISTINCT`` (which would sort every selected
    column, the meeting's agenda included, in the database).
    """
    start = start or timezone.now()
    result = []
    for source in registry.all_sources():
        field = source.deadline_field
        filters = {f"{field}__gte": start}
        if end is not None:
            filters[f"{field}__lte"] = end
        for obj in {obj.pk: obj for obj in source.for_user(user).filter(**filters)}.values():
            result.append(
                Deadline(
                    kind=source.kind,
                    title=source.title(obj),
                    due_at=source.deadline_of(obj),
                    url=absolute_url(source.url(obj)),
                    ends_at=source.end_of(obj),
                    object_id=obj.pk,
                )
            )
    return sorted(result, key=lambda deadline: (deadline.due_at, deadline.kind, deadline.object_id))


def preferences_of(user) -> dict[str, str]:
    """Mode per kind for every registered source (immediate when never set)."""
    saved = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "mode"))
    return {source.kind: saved.get(source.kind, DeliveryMode.IMMEDIATE) for source in registry.all_sources()}


def is_signoff_referent(user) -> bool:
    """Whether ``user`` signs off for a company (``DEADLINE_SIGNERS``): one query."""
    return get_user_model().objects.filter(registry.signer_exists(), pk=user.pk).exists()


def allowed_modes(source, *, is_referent: bool) -> list[str]:
    """Referents cannot switch off what they must sign off: a digest at least."""
    if source.signoff and is_referent:
        return [DeliveryMode.IMMEDIATE, DeliveryMode.DIGEST]
    return [DeliveryMode.IMMEDIATE, DeliveryMode.DIGEST, DeliveryMode.OFF]


def calendar_url(user) -> str:
    """The absolute address of the user's private iCalendar feed."""
    return absolute_url(reverse("reminders:calendar-feed", args=[user.calendar_token]))
