"""iCalendar export of meetings."""

from datetime import UTC

from django.utils import timezone
from icalendar import Calendar, Event

from .models import Meeting


def meeting_calendar(meeting: Meeting, *, site_url: str) -> bytes:
    """A one-event calendar for ``meeting``, times in UTC."""
    url = site_url + meeting.get_absolute_url()
    calendar = Calendar()
    calendar.add("prodid", "-//Snitem//Portail des groupes de travail//FR")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{site_url.split('://')[-1]}")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", f"{meeting.group.name} — {meeting.title}")
    if meeting.place or meeting.video_url:
        event.add("location", meeting.place or meeting.video_url)
    description = "\n\n".join(part for part in (meeting.agenda, meeting.video_url, url) if part)
    event.add("description", description)
    event.add("url", url)
    if meeting.is_cancelled:
        event.add("status", "CANCELLED")
    calendar.add_component(event)
    return calendar.to_ical()
