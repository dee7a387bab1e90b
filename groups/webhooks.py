"""What the webhooks of groups' events say: only what anyone may know (no place or video link)."""

from django.conf import settings


def meeting_scheduled(meeting) -> dict:
    return {
        "id": meeting.pk,
        "group": {"slug": meeting.group.slug, "name": meeting.group.name},
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "web_url": settings.SITE_URL + meeting.get_absolute_url(),
    }
