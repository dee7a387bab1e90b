"""iCalendar of meetings: the page's download and the attachments of invitation, change and cancellation emails.

One stable UID per meeting and its ``sequence`` (raised by each change and the cancellation), so a
calendar program updates the event it holds instead of adding another (RFC 5546: METHOD REQUEST to
invite or update, CANCEL to cancel).
"""

from datetime import UTC
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from .models import Meeting

CONTENT_TYPE = "text/calendar"


def meeting_uid(meeting: Meeting, *, site_url: str) -> str:
    return f"meeting-{meeting.pk}@{site_url.split('://')[-1]}"


def meeting_calendar(meeting: Meeting, *, site_url: str, method: str | None = None) -> bytes:
    """A one-event calendar for ``meeting``, times in UTC; ``method`` (REQUEST or CANCEL) for an email."""
    url = site_url + meeting.get_absolute_url()
    calendar = Calendar()
    calendar.add("prodid", "-//Snitem//Portail des groupes de travail//FR")
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    event = Event()
    event.add("uid", meeting_uid(meeting, site_url=site_url))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", f"{meeting.group.name} — {meeting.title}")
    if meeting.place or meeting.video_url:
        event.add("location", meeting.place or meeting.video_url)
    description = "\n\n".join(part for part in (meeting.agenda, meeting.video_url, url) if part)
    event.add("description", description)
    event.add("url", url)
    if method:
        organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
        organizer.params["cn"] = "Snitem"
        event.add("organizer", organizer)
    event.add("status", "CANCELLED" if meeting.is_cancelled or method == "CANCEL" else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()


def _attach(meeting: Meeting, recipient, method: str) -> tuple[str, bytes, str]:
    content = meeting_calendar(meeting, site_url=settings.SITE_URL, method=method)
    if method == "REQUEST":
        # The invitee, so that calendar programs offer to accept it.
        calendar = Calendar.from_ical(content)
        for event in calendar.walk("VEVENT"):
            attendee = vCalAddress(f"mailto:{recipient.email}")
            attendee.params["partstat"] = "NEEDS-ACTION"
            attendee.params["rsvp"] = "FALSE"
            event.add("attendee", attendee)
        content = calendar.to_ical()
    return "reunion.ics", content, CONTENT_TYPE


def invitation_attachment(*, recipient, meeting: Meeting, **context) -> tuple[str, bytes, str]:
    """``notify`` attachment of an invitation or a change: METHOD:REQUEST with the meeting's current sequence."""
    return _attach(meeting, recipient, "REQUEST")


def cancellation_attachment(*, recipient, meeting: Meeting, **context) -> tuple[str, bytes, str]:
    """``notify`` attachment of a cancellation: METHOD:CANCEL, same UID, raised sequence."""
    return _attach(meeting, recipient, "CANCEL")
