"""Writes about meetings: scheduling, moving and cancelling, with the members told."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from snitem_portal.exceptions import Conflict
from snitem_portal.locking import check_version
from snitem_portal.notifications import notify

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
) -> Meeting:
    """Schedule a meeting of ``group`` (chairs and staff). Side effects: none yet (reminders come later)."""
    if not can_schedule_meeting(by, group):
        raise PermissionDenied(_("Seule la présidence du groupe ou l'équipe du Snitem peut planifier une réunion."))
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("La fin de la réunion doit suivre son début.")})
    if starts_at < timezone.now():
        raise ValidationError({"starts_at": _("La réunion doit commencer dans le futur.")})
    return Meeting.objects.create(
        group=group,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_url=video_url,
        agenda=agenda,
        created_by=by,
    )


def _tell_members(meeting: Meeting, *, template: str, by, context: dict) -> None:
    """Email the group's members (but the person who made the change) once the change is committed."""
    notify(
        template=template,
        recipients=meeting_audience(meeting).exclude(pk=by.pk),
        context={"meeting": meeting, **context},
    )


MEETING_FIELDS = ("title", "starts_at", "ends_at", "place", "video_url", "agenda")


@transaction.atomic
def update_meeting(*, meeting: Meeting, by, version, **changes) -> Meeting:
    """Edit a meeting that is not cancelled (chairs and staff), if ``version`` is the one the editor read.

    ``changes`` holds any of title, starts_at, ends_at, place, video_url, agenda. Raises Conflict on
    a stale version (two chairs editing at once: the second does not silently undo the first).
    Side effects: version + 1; when the time changes, emails the group's members (on commit).
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
    previous = {"starts_at": meeting.starts_at, "ends_at": meeting.ends_at}
    for field, value in changes.items():
        if field not in MEETING_FIELDS:
            raise ValueError(field)
        setattr(meeting, field, value)
    if meeting.ends_at <= meeting.starts_at:
        raise ValidationError({"ends_at": _("La fin de la réunion doit suivre son début.")})
    moved = (meeting.starts_at, meeting.ends_at) != (previous["starts_at"], previous["ends_at"])
    if moved and meeting.starts_at < timezone.now():
        raise ValidationError({"starts_at": _("La réunion doit commencer dans le futur.")})
    meeting.version += 1
    meeting.save(update_fields=[*changes, "version"])
    if moved:
        _tell_members(
            meeting,
            template="groups/email/meeting_rescheduled",
            by=by,
            context={"previous_starts_at": previous["starts_at"], "previous_ends_at": previous["ends_at"]},
        )
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, by) -> Meeting:
    """Cancel a meeting (chairs and staff): kept, marked cancelled, never deleted.

    Raises Conflict when already cancelled, ValidationError when already over.
    Side effects: emails the group's members (on commit); reminders and calendars drop it.
    """
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    if not can_schedule_meeting(by, meeting.group):
        raise PermissionDenied(_("Seule la présidence du groupe ou l'équipe du Snitem peut annuler une réunion."))
    if meeting.is_cancelled:
        raise Conflict(_("Cette réunion est déjà annulée."))
    if meeting.ends_at < timezone.now():
        raise ValidationError(_("Cette réunion est déjà passée : elle ne peut plus être annulée."))
    meeting.cancelled_at, meeting.cancelled_by = timezone.now(), by
    meeting.save(update_fields=["cancelled_at", "cancelled_by"])
    _tell_members(meeting, template="groups/email/meeting_cancelled", by=by, context={"by": by})
    return meeting
