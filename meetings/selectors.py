"""Reads of a meeting's workspace, scoped to who may see them.

Who sees a meeting is ``groups.selectors.meetings_visible_to``: its group's active members and
staff. Minutes in draft (and the action items they hold) are for the group's chairs and staff only.
"""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from groups.enums import CHAIR_ROLES, MembershipStatus
from groups.models import Meeting
from groups.selectors import live_memberships, meeting_audience, meetings_visible_to, upcoming_meetings
from snitem_portal.users.permissions import is_staff

from .enums import PUBLISHED_MINUTES, ActionItemStatus, MinutesStatus, Response
from .models import ActionItem, AgendaItem, Attendance, Minutes, Registration


def chaired_group_ids(user) -> list[int]:
    """Groups ``user`` chairs (active seat), from the memberships read once per request."""
    return [
        membership.group_id
        for membership in live_memberships(user)
        if membership.status == MembershipStatus.ACTIVE and membership.role in CHAIR_ROLES
    ]


def with_registered_count(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Annotate ``registered_count``: people who answered in person or remote."""
    return meetings.annotate(
        registered_count=Count(
            "registrations", filter=Q(registrations__response__in=[Response.IN_PERSON, Response.REMOTE])
        )
    )


def meeting_list(user, *, group_slug: str | None = None, upcoming: bool = False) -> QuerySet[Meeting]:
    """The meetings ``user`` sees, soonest first (upcoming: not over and not cancelled)."""
    meetings = meetings_visible_to(user)
    if group_slug:
        meetings = meetings.filter(group__slug=group_slug)
    if upcoming:
        return upcoming_meetings(meetings)
    return meetings.order_by("-starts_at", "-pk")


def agenda_of(meeting: Meeting) -> QuerySet[AgendaItem]:
    return meeting.agenda_items.select_related("presenter", "action", "consultation").order_by("position", "pk")


def registrations_of(meeting: Meeting) -> QuerySet[Registration]:
    return meeting.registrations.select_related("user").order_by("response", "user__full_name", "pk")


def registration_of(user, meeting: Meeting) -> Registration | None:
    if not user.is_authenticated:
        return None
    return meeting.registrations.filter(user=user).first()


def in_person_count(meeting: Meeting) -> int:
    return meeting.registrations.filter(response=Response.IN_PERSON).count()


def attendance_of(meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendances.select_related("user").order_by("user__full_name", "user__email", "pk")


def attendance_candidates(meeting: Meeting) -> QuerySet:
    """People a chair may mark present: the group's members (registered or not)."""
    return meeting_audience(meeting).order_by("full_name", "email", "pk")


def minutes_of(meeting: Meeting) -> Minutes | None:
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None:
        minutes.meeting = meeting  # the caller's row: predicates read its group without a second query
    return minutes


def minutes_visible_to(user) -> QuerySet[Minutes]:
    """The minutes ``user`` reads: of the meetings they see, circulated or approved, and in every state
    for the groups they chair (staff: all). ``permissions.can_read_minutes`` is the same rule for one row."""
    if not user.is_authenticated:
        return Minutes.objects.none()
    minutes = Minutes.objects.select_related("meeting__group")
    if is_staff(user):
        return minutes
    return minutes.filter(meeting__in=meetings_visible_to(user).values("pk")).filter(
        Q(status__in=PUBLISHED_MINUTES) | Q(meeting__group_id__in=chaired_group_ids(user))
    )


def action_items_visible_to(user) -> QuerySet[ActionItem]:
    """Action items of the meetings ``user`` sees: from circulated or approved minutes, and every one
    of the groups they chair (staff: all)."""
    items = ActionItem.objects.select_related("meeting__group", "owner")
    if is_staff(user):
        return items
    visible = items.filter(meeting__in=meetings_visible_to(user).values("pk"))
    return visible.filter(
        Q(meeting__minutes__status__in=PUBLISHED_MINUTES) | Q(meeting__group_id__in=chaired_group_ids(user))
    )


def action_items_of(meeting: Meeting, user) -> QuerySet[ActionItem]:
    return action_items_visible_to(user).filter(meeting=meeting).order_by("due_date", "pk")


def published_action_items() -> QuerySet[ActionItem]:
    """Items from circulated or approved minutes: what their owners are told about."""
    return ActionItem.objects.filter(meeting__minutes__status__in=PUBLISHED_MINUTES)


def open_action_items_of(user) -> QuerySet[ActionItem]:
    """``user``'s open items (published minutes), soonest due first."""
    if not user.is_authenticated:
        return ActionItem.objects.none()
    return (
        published_action_items()
        .filter(owner=user, status=ActionItemStatus.OPEN, meeting__group__is_active=True)
        .select_related("meeting__group")
        .order_by("due_date", "pk")
    )


def meetings_awaiting_answer(user, *, now=None) -> QuerySet[Meeting]:
    """Upcoming meetings of ``user``'s groups they have not answered, while answers are open."""
    now = now or timezone.now()
    mine = my_group_ids(user)
    if not mine:
        return Meeting.objects.none()
    return (
        upcoming_meetings(meetings_visible_to(user).filter(group_id__in=mine, starts_at__gt=now), now=now)
        .filter(Q(answer_deadline__isnull=True) | Q(answer_deadline__gt=now))
        .exclude(registrations__user=user)
    )


def my_group_ids(user) -> list[int]:
    """Groups where ``user`` holds an active seat (from the memberships read once per request)."""
    if not user.is_authenticated:
        return []
    return [m.group_id for m in live_memberships(user) if m.status == MembershipStatus.ACTIVE]


def minutes_for_review(user) -> QuerySet[Minutes]:
    """Circulated minutes of the meetings of ``user``'s groups (their review), newest first."""
    mine = my_group_ids(user)
    if not mine:
        return Minutes.objects.none()
    return (
        Minutes.objects.filter(
            status=MinutesStatus.CIRCULATED,
            meeting__in=meetings_visible_to(user).filter(group_id__in=mine).values("pk"),
        )
        .select_related("meeting__group")
        .order_by("-circulated_at", "-pk")
    )
