"""What search finds of working groups and their meetings (see search.registry)."""

from django.utils.translation import gettext_lazy as _

from search.registry import SearchSource

from .models import Meeting, WorkingGroup
from .selectors import groups_visible_to, meetings_visible_to


def _meeting_body(meeting: Meeting) -> str:
    return "\n".join([meeting.group.name, meeting.place, meeting.agenda])


def sources() -> list[SearchSource]:
    return [
        SearchSource(
            kind="group",
            label=_("Groupes de travail"),
            model=WorkingGroup,
            objects=WorkingGroup.objects.all,
            visible=groups_visible_to,
            title=lambda group: group.name,
            body=lambda group: group.description,
        ),
        SearchSource(
            kind="meeting",
            label=_("Réunions"),
            model=Meeting,
            objects=lambda: Meeting.objects.select_related("group"),
            visible=meetings_visible_to,
            title=lambda meeting: meeting.title,
            body=_meeting_body,
            # The group's name is in the body and its slug in the address.
            follows=((WorkingGroup, lambda group: Meeting.objects.filter(group=group)),),
        ),
    ]
