"""The meeting page's blocks (``MEETING_PAGE_PANELS``): agenda, registration, attendance, minutes, action items."""

from django.utils import timezone
from django.utils.translation import gettext as _

from snitem_portal.dashboard import Panel

from .enums import Response
from .forms import RegistrationForm
from .permissions import (
    answer_deadline_passed,
    can_answer,
    can_change_action_item,
    can_edit_minutes,
    can_manage_meeting,
    can_read_minutes,
    can_record_attendance,
)
from .selectors import (
    action_items_of,
    agenda_of,
    attendance_of,
    minutes_of,
)


def agenda(request, meeting) -> list[Panel]:
    items = list(agenda_of(meeting))
    can_edit = not meeting.is_cancelled and can_manage_meeting(request.user, meeting)
    if not items and not can_edit:
        return []
    return [
        Panel(
            title=_("Points de l'ordre du jour"),
            template="meetings/panels/agenda.html",
            context={"items": items, "can_edit": can_edit, "anchor": "ordre-du-jour"},
            order=10,
        )
    ]


def registration(request, meeting) -> list[Panel]:
    if meeting.is_cancelled:
        return []
    user = request.user
    counts = dict.fromkeys(Response.values, 0)
    mine = None
    for row in meeting.registrations.all():
        counts[row.response] += 1
        if row.user_id == user.pk:
            mine = row
    answering = can_answer(user, meeting)
    closed = answer_deadline_passed(meeting)
    form = RegistrationForm(initial={"response": mine.response if mine else None}) if answering and not closed else None
    return [
        Panel(
            title=_("Inscription"),
            template="meetings/panels/registration.html",
            context={
                "mine": mine,
                "form": form,
                "closed": closed and answering,
                "in_person": counts[Response.IN_PERSON],
                "remote": counts[Response.REMOTE],
                "declined": counts[Response.DECLINED],
                "full": meeting.capacity is not None and counts[Response.IN_PERSON] >= meeting.capacity,
                "can_manage": can_manage_meeting(user, meeting),
                "anchor": "inscription",
            },
            order=20,
        )
    ]


def attendance(request, meeting) -> list[Panel]:
    if meeting.is_cancelled or meeting.starts_at > timezone.now():
        return []
    present = list(attendance_of(meeting))
    can_record = can_record_attendance(request.user, meeting)
    if not present and not can_record:
        return []
    return [
        Panel(
            title=_("Présences"),
            template="meetings/panels/attendance.html",
            context={"present": present, "can_record": can_record, "anchor": "presences"},
            order=30,
        )
    ]


def minutes(request, meeting) -> list[Panel]:
    found = minutes_of(meeting)
    readable = found is not None and can_read_minutes(request.user, found)
    can_edit = can_edit_minutes(request.user, meeting, found)
    if not readable and not can_edit:
        return []
    return [
        Panel(
            title=_("Compte rendu"),
            template="meetings/panels/minutes.html",
            context={"minutes": found if readable else None, "can_edit": can_edit, "anchor": "compte-rendu"},
            order=40,
        )
    ]


def action_items(request, meeting) -> list[Panel]:
    items = list(action_items_of(meeting, request.user))
    if not items:
        return []
    # One check for the meeting, not one per item (each would read the user's membership again).
    manager = can_manage_meeting(request.user, meeting)
    for item in items:
        item.can_change = can_change_action_item(request.user, item, manages=manager)
    return [
        Panel(
            title=_("Actions à mener"),
            template="meetings/panels/action_items.html",
            context={"items": items, "anchor": "actions"},
            order=50,
        )
    ]
