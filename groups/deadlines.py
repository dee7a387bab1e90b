"""The groups app's contribution to the reminder engine: meetings, and who signs off for a company.

Listed in the ``DEADLINE_SOURCES`` and ``DEADLINE_SIGNERS`` settings. Who is reminded and who sees
a meeting follow the groups selectors, so that reminders, calendars and pages agree.
"""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from reminders.enums import DeadlineKind
from reminders.registry import DeadlineSource

from .enums import CompanyRole
from .models import Affiliation, Meeting, Membership
from .selectors import meetings_visible_to, people_of


def _live(meetings):
    """Meetings of active groups that still take place."""
    return meetings.filter(group__is_active=True, cancelled_at__isnull=True)


def _members(meeting, memberships):
    """People of an active company holding one of ``memberships`` in the meeting's group."""
    return people_of().filter(Exists(memberships.filter(user=OuterRef("pk"), group_id=meeting.group_id)))


def _meeting_title(meeting) -> str:
    return f"{meeting.group.name} — {meeting.title}"


def sources() -> list[DeadlineSource]:
    return [
        DeadlineSource(
            kind=DeadlineKind.MEETING,
            model=Meeting,
            objects=lambda: _live(Meeting.objects.select_related("group")),
            deadline_field="starts_at",
            end_field="ends_at",
            targets=lambda meeting: _members(meeting, Membership.objects.active()),
            chairs=lambda meeting: _members(meeting, Membership.objects.chairs()),
            for_user=lambda user: _live(meetings_visible_to(user)),
            title=_meeting_title,
            action=_("Réunion à préparer"),
        )
    ]


def signers(user_ref: str = "pk") -> Exists:
    """Subquery: the outer user (the outer row's ``user_ref``) is a referent of an active company."""
    return Exists(Affiliation.objects.in_active_company().filter(role=CompanyRole.REFERENT, user=OuterRef(user_ref)))
