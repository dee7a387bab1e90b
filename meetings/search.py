"""What search finds of the meetings' minutes (see search.registry): their text, for those who may
read them (``may_read_minutes``): the members of the group once circulated, its chairs and staff
in every state."""

from django.db.models import Q
from django.utils.text import capfirst

from groups.models import Meeting, WorkingGroup
from groups.selectors import meetings_visible_to
from search.registry import SearchSource
from snitem_portal.users.permissions import is_staff

from .enums import PUBLISHED_MINUTES
from .models import Minutes
from .selectors import chaired_group_ids


def minutes_readable_by(user):
    """The minutes ``user`` may read: ``may_read_minutes`` over the meetings they see, as a queryset."""
    if not user.is_authenticated:
        return Minutes.objects.none()
    minutes = Minutes.objects.filter(meeting__in=meetings_visible_to(user).values("pk"))
    if is_staff(user):
        return minutes
    return minutes.filter(Q(status__in=PUBLISHED_MINUTES) | Q(meeting__group_id__in=chaired_group_ids(user)))


def sources() -> list[SearchSource]:
    return [
        SearchSource(
            kind="minutes",
            label=capfirst(Minutes._meta.verbose_name_plural),
            model=Minutes,
            objects=lambda: Minutes.objects.select_related("meeting__group"),
            visible=minutes_readable_by,
            title=lambda minutes: f"{minutes.meeting.title} — {minutes.meeting.group.name}",
            body=lambda minutes: minutes.text,
            # The meeting's title and the group's name are in the title, the group's slug in the address.
            follows=(
                (Meeting, lambda meeting: Minutes.objects.filter(meeting=meeting)),
                (WorkingGroup, lambda group: Minutes.objects.filter(meeting__group=group)),
            ),
        ),
    ]
