"""What search finds of the meetings' minutes (see search.registry): their text, for those who read
them (``minutes_visible_to``): the members of the group once circulated, its chairs and staff in
every state."""

from django.utils.text import capfirst

from groups.models import Meeting, WorkingGroup
from search.registry import SearchSource

from .models import Minutes
from .selectors import minutes_visible_to


def sources() -> list[SearchSource]:
    return [
        SearchSource(
            kind="minutes",
            label=capfirst(Minutes._meta.verbose_name_plural),
            model=Minutes,
            objects=lambda: Minutes.objects.select_related("meeting__group"),
            visible=minutes_visible_to,
            title=lambda minutes: f"{minutes.meeting.title} — {minutes.meeting.group.name}",
            body=lambda minutes: minutes.text,
            # The meeting's title and the group's name are in the title, the group's slug in the address.
            follows=(
                (Meeting, lambda meeting: Minutes.objects.filter(meeting=meeting)),
                (WorkingGroup, lambda group: Minutes.objects.filter(meeting__group=group)),
            ),
        ),
    ]
