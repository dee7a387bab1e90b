"""Writes about meetings: scheduling, moving and cancelling, with the members told."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from snitem_portal.exceptions import Conflict
from snitem_portal.locking import check_version
from snitem_portal.notifications import notify
from webhooks import services as webhooks

from ..models import Meeting, WorkingGroup
from ..permissions import (
    can_schedule_meeting,
)
from ..selectors import meeting_audience


@transaction.atomic
def schedule_meeting(
    *,
    group: WorkingGroup,
    by,
    title: str,
    starts_at,
    ends_at,
    place: str = "",
    video_url: str = "",
    agenda: str = "",
    capacity: int | None = None,
    answer_deadline=None,
) -> Meeting:
    """Schedule a meeting of ``group`` (chairs and staff), with an optional capacity (in person) and
    answer deadline (before the start).

    Side effects: the group's members (but ``by``) are emailed an invitation with the competition-law
    notice and an iCalendar REQUEST attachment (on commit).
    """
    if not can_schedule_meeting(by, group):
        raise PermissionDenied(_("Seule la présidence du groupe ou l'équipe du Snitem peut planifier une réunion."))
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("La fin de la réunion doit suivre son début.")})
    if starts_at < timezone.now():
        raise ValidationError({"starts_at": _("La réunion doit commencer dans le futur.")})
    _check_registration(starts_at=starts_at, capacity=capacity, answer_deadline=answer_deadline)
    meeting = Meeting.objects.create(
        group=group,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_url=video_url,
        agenda=agenda,
        capacity=capacity,
        answer_deadline=answer_deadline,
        created_by=by,
    )
    _tell_members(
        meeting,
        template="groups/email/meeting_invitation",
        by=by,
        context={},
        attachments=["groups.calendar.invitation_attachment"],
    )
    webhooks.emit("meeting.scheduled", meeting)
    return meeting


def _check_registration(*, starts_at, capacity, answer_deadline) -> None:
    if capacity is not None and capacity < 1:
        raise ValidationError({"capacity": _("Indiquez au moins une place, ou laissez vide pour ne pas limiter.")})
    if answer_deadline is not None and answer_deadline > starts_at:
        raise ValidationError({"answer_deadline": _("La date limite de réponse précède le début de la réunion.")})


def _tell_members(meeting: Meeting, *, template: str, by, context: dict, attachments=()) -> None:
    """Email the group's members (but the person who made the change) once the change is committed."""
    notify(
        template=template,
        recipients=meeting_audience(meeting).exclude(pk=by.pk),
        context={"meeting": meeting, **context},
        attachments=attachments,
    )


MEETING_FIELDS = ("title", "starts_at", "ends_at", "place", "video_url", "agenda", "capacity", "answer_deadline")


@transaction.atomic
def update_meeting(*, meeting: Meeting, by, version, **changes) -> Meeting:
    """Edit a meeting that is not cancelled (chairs and staff), if ``version`` is the one the editor read.

    ``changes`` holds any of title, starts_at, ends_at, place, video_url, agenda, capacity,
    answer_deadline. Raises Conflict on a stale version (two chairs editing at once: the second
    does not silently undo the first). Side effects: version + 1 and the invitation's sequence + 1;
    when the time changes, or else the place or the video link, emails the group's members with the
    updated iCalendar REQUEST (on commit); other edits (title, agenda, registration) send nothing.
    """
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    if not can_schedule_meeting(by, meeting.group):
        raise PermissionDenied(_("Seule la présidence du groupe ou l'équipe du Snitem peut modifier une réunion."))
    check_version(
        meeting,
        version,
        stale=_(
            "La réunion a été modifiée entre-temps par quelqu'un d'autre : vos changements n'ont pas été "
            "enregistrés. Rechargez la page pour voir la dernière version."
        ),
    )
    if meeting.is_cancelled:
        raise Conflict(_("Cette réunion est annulée : elle ne peut plus être modifiée."))
    previous = {
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "place": meeting.place,
        "video_url": meeting.video_url,
    }
    for field, value in changes.items():
        if field not in MEETING_FIELDS:
            raise ValueError(field)
        setattr(meeting, field, value)
    if meeting.ends_at <= meeting.starts_at:
        raise ValidationError({"ends_at": _("La fin de la réunion doit suivre son début.")})
    moved = (meeting.starts_at, meeting.ends_at) != (previous["starts_at"], previous["ends_at"])
    if moved and meeting.starts_at < timezone.now():
        raise ValidationError({"starts_at": _("La réunion doit commencer dans le futur.")})
    _check_registration(starts_at=meeting.starts_at, capacity=meeting.capacity, answer_deadline=meeting.answer_deadline)
    meeting.version += 1
    meeting.sequence += 1
    meeting.save(update_fields=[*changes, "version", "sequence"])
    if moved:
        _tell_members(
            meeting,
            template="groups/email/meeting_rescheduled",
            by=by,
            context={"previous_starts_at": previous["starts_at"], "previous_ends_at": previous["ends_at"]},
            attachments=["groups.calendar.invitation_attachment"],
        )
    elif (meeting.place, meeting.video_url) != (previous["place"], previous["video_url"]):
        _tell_members(
            meeting,
            template="groups/email/meeting_relocated",
            by=by,
            context={},
            attachments=["groups.calendar.invitation_attachment"],
        )
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, by) -> Meeting:
    """Cancel a meeting (chairs and staff): kept, marked cancelled, never deleted.

    Raises Conflict when already cancelled, ValidationError when already over.
    Side effects: the invitation's sequence + 1; emails the group's members with an iCalendar CANCEL
    (on commit); reminders and calendars drop it.
    """
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    if not can_schedule_meeting(by, meeting.group):
        raise PermissionDenied(_("Seule la présidence du groupe ou l'équipe du Snitem peut annuler une réunion."))
    if meeting.is_cancelled:
        raise Conflict(_("Cette réunion est déjà annulée."))
    if meeting.ends_at < timezone.now():
        raise ValidationError(_("Cette réunion est déjà passée : elle ne peut plus être annulée."))
    meeting.cancelled_at, meeting.cancelled_by = timezone.now(), by
    meeting.sequence += 1
    meeting.save(update_fields=["cancelled_at", "cancelled_by", "sequence"])
    _tell_members(
        meeting,
        template="groups/email/meeting_cancelled",
        by=by,
        context={"by": by},
        attachments=["groups.calendar.cancellation_attachment"],
    )
    return meeting
