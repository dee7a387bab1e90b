"""The private iCalendar feed of a user's deadlines and meetings."""

from datetime import UTC

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from . import conf
from .enums import DeadlineKind
from .selectors import deadlines_for


def calendar_for(user) -> bytes:
    with translation.override(user.language or None):
        return _build(user)


def _build(user) -> bytes:
    now = timezone.now()
    calendar = Calendar()
    calendar.add("prodid", "-//Snitem//Portail des groupes de travail//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Snitem")
    for deadline in deadlines_for(user, start=now - conf.calendar_past()):
        event = Event()
        event.add("uid", deadline.uid)
        event.add("dtstamp", now.astimezone(UTC))
        # French puts a space before the colon, English does not: the pattern is translated.
        summary = _("%(label)s : %(value)s") % {"label": DeadlineKind(deadline.kind).label, "value": deadline.title}
        event.add("summary", summary)
        event.add("dtstart", deadline.due_at.astimezone(UTC))
        if deadline.ends_at:
            event.add("dtend", deadline.ends_at.astimezone(UTC))
        event.add("url", deadline.url)
        event.add("description", deadline.url)
        calendar.add_component(event)
    return calendar.to_ical()
