"""Writes of a meeting's workspace: answers, agenda, attendance, minutes and action items.

Each service is keyword-only, atomic, checks who may act (PermissionDenied), what is valid
(ValidationError) and what state allows it (Conflict), then saves. Pages, API and admin call them.
"""

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from groups.models import Meeting
from groups.selectors import meeting_audience
from snitem_portal.exceptions import Conflict
from snitem_portal.locking import check_version
from snitem_portal.notifications import notify
from snitem_portal.users.permissions import is_staff

from .enums import ActionItemStatus, MinutesStatus, Response
from .models import ActionItem, AgendaItem, Attendance, Minutes, Registration
from .permissions import answer_deadline_passed, can_answer, can_change_action_item, can_manage_meeting

PARIS = ZoneInfo("Europe/Paris")
# An action item is due at the end of the working day of its due date (Paris time).
DUE_HOUR = datetime.time(18, 0)

MANAGE_REFUSED = gettext_lazy("Réservé à la présidence du groupe et à l'équipe du Snitem.")


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)


def _require_manager(by, meeting: Meeting) -> None:
    if not can_manage_meeting(by, meeting):
        raise PermissionDenied(MANAGE_REFUSED)


@transaction.atomic
def answer_invitation(*, meeting: Meeting, user, response: str) -> Registration:
    """Record ``user``'s answer (in person, remote, declined) to ``meeting``; a new answer replaces the last.

    The meeting row is locked first, so that two answers at once never seat more people in the
    room than ``capacity``. Refused (ValidationError) after the answer deadline, once the meeting
    has begun, and for ``in_person`` when the room is full. Side effects: history row.
    """
    meeting = _locked(meeting)
    if response not in Response.values:
        raise ValidationError({"response": [_("Réponse inconnue : sur place, à distance ou absent.")]})
    if meeting.is_cancelled:
        raise Conflict(_("Cette réunion est annulée."))
    if meeting.starts_at <= timezone.now():
        raise ValidationError(_("La réunion a commencé : les réponses sont closes."))
    if not can_answer(user, meeting):
        raise PermissionDenied(_("Seuls les membres du groupe sont invités à cette réunion."))
    if answer_deadline_passed(meeting):
        raise ValidationError(_("La date limite de réponse est passée : les réponses sont closes."))
    if response == Response.IN_PERSON and meeting.capacity is not None:
        seated = meeting.registrations.filter(response=Response.IN_PERSON).exclude(user=user).count()
        if seated >= meeting.capacity:
            raise ValidationError(
                {
                    "response": [
                        ngettext(
                            "La salle est complète (%(capacity)d place) : vous pouvez participer à distance.",
                            "La salle est complète (%(capacity)d places) : vous pouvez participer à distance.",
                            meeting.capacity,
                        )
                        % {"capacity": meeting.capacity}
                    ]
                }
            )
    registration, _created = Registration.objects.update_or_create(
        meeting=meeting, user=user, defaults={"response": response, "answered_at": timezone.now()}
    )
    return registration


@transaction.atomic
def set_agenda(*, meeting: Meeting, by, items: Iterable[dict]) -> list[AgendaItem]:
    """Replace the agenda of ``meeting`` by ``items`` in that order (chairs and staff).

    Each item: ``title``, and optionally ``presenter`` (a user), ``presenter_name``, ``action``,
    ``consultation``. Refused for a cancelled meeting. Side effects: none.
    """
    meeting = _locked(meeting)
    _require_manager(by, meeting)
    if meeting.is_cancelled:
        raise Conflict(_("Cette réunion est annulée : son ordre du jour ne change plus."))
    rows = []
    for position, item in enumerate(items, start=1):
        title = (item.get("title") or "").strip()
        if not title:
            raise ValidationError({"title": [_("Chaque point de l'ordre du jour a un intitulé.")]})
        rows.append(
            AgendaItem(
                meeting=meeting,
                position=position,
                title=title,
                presenter=item.get("presenter"),
                presenter_name=(item.get("presenter_name") or "").strip(),
                action=item.get("action"),
                consultation=item.get("consultation"),
            )
        )
    meeting.agenda_items.all().delete()
    return AgendaItem.objects.bulk_create(rows)


@transaction.atomic
def record_attendance(*, meeting: Meeting, by, user_ids: Iterable[int]) -> list[Attendance]:
    """Set who was present at ``meeting`` (chairs and staff, once it has begun): exactly ``user_ids``.

    Present people are the group's members (registered or not). Unknown ids are refused
    (ValidationError), nothing changed. Side effects: none.
    """
    meeting = _locked(meeting)
    _require_manager(by, meeting)
    if meeting.is_cancelled:
        raise Conflict(_("Cette réunion est annulée."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Les présences s'enregistrent une fois la réunion commencée."))
    wanted = set(user_ids)
    known = set(meeting_audience(meeting).filter(pk__in=wanted).values_list("pk", flat=True))
    known |= set(meeting.attendances.filter(user_id__in=wanted).values_list("user_id", flat=True))
    if unknown := sorted(wanted - known):
        raise ValidationError(
            {
                "user_ids": [
                    _("Ces personnes ne sont pas membres du groupe : %(ids)s.") % {"ids": ", ".join(map(str, unknown))}
                ]
            }
        )
    meeting.attendances.exclude(user_id__in=wanted).delete()
    already = set(meeting.attendances.values_list("user_id", flat=True))
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, user_id=pk, recorded_by=by) for pk in sorted(wanted - already)]
    )
    return list(meeting.attendances.select_related("user").order_by("user__full_name", "pk"))


# The minutes' workflow: where each state may go (a PUT keeping the state edits the text).
MINUTES_TRANSITIONS = {
    MinutesStatus.DRAFT: {MinutesStatus.DRAFT, MinutesStatus.CIRCULATED},
    MinutesStatus.CIRCULATED: {MinutesStatus.CIRCULATED, MinutesStatus.APPROVED, MinutesStatus.DRAFT},
    MinutesStatus.APPROVED: set(),
}


@transaction.atomic
def save_minutes(*, meeting: Meeting, by, text: str, status: str, version) -> Minutes:
    """Write the minutes of ``meeting`` and move them along draft → circulated → approved.

    Chairs and staff only. ``version`` is the one the writer read (0 before the first save):
    another one is a Conflict (409), nothing saved. Approved minutes are frozen (Conflict).
    Circulating needs a text. Side effects: version + 1, history row; on circulation, the
    group's members are emailed (``meetings/email/minutes_circulated``, on commit).
    """
    meeting = _locked(meeting)
    _require_manager(by, meeting)
    if status not in MinutesStatus.values:
        raise ValidationError({"status": [_("Statut inconnu : brouillon, diffusé ou approuvé.")]})
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    current = minutes or Minutes(meeting=meeting, version=0)
    check_version(
        current,
        version,
        stale=_(
            "Le compte rendu a été modifié entre-temps (version %(current)d, vous lisiez la version %(yours)d) : "
            "vos changements n'ont pas été enregistrés. Rechargez la page."
        ),
    )
    if current.status == MinutesStatus.APPROVED:
        raise Conflict(_("Le compte rendu est approuvé : il ne change plus."))
    if status not in MINUTES_TRANSITIONS[current.status]:
        raise Conflict(_("Un brouillon est diffusé avant d'être approuvé."))
    if meeting.is_cancelled:
        raise Conflict(_("Cette réunion est annulée."))
    if status != MinutesStatus.DRAFT and not text.strip():
        raise ValidationError({"text": [_("Écrivez le compte rendu avant de le diffuser.")]})
    now = timezone.now()
    circulated = status == MinutesStatus.CIRCULATED and current.status == MinutesStatus.DRAFT
    current.text, current.status, current.updated_at, current.updated_by = text, status, now, by
    current.version += 1
    if circulated:
        current.circulated_at = now
    if status == MinutesStatus.APPROVED:
        current.approved_at = now
    current.save()
    if circulated:
        notify(
            template="meetings/email/minutes_circulated",
            recipients=meeting_audience(meeting).exclude(pk=by.pk),
            context={"meeting": meeting, "minutes": current},
        )
    return current


def due_at(due_date: datetime.date) -> datetime.datetime:
    """When an item due on ``due_date`` is due: the end of that working day in Paris."""
    return datetime.datetime.combine(due_date, DUE_HOUR, tzinfo=PARIS)


def _check_owner(meeting: Meeting, owner) -> None:
    if owner is None or not (is_staff(owner) or meeting_audience(meeting).filter(pk=owner.pk).exists()):
        raise ValidationError({"owner": [_("Le responsable est un membre du groupe ou de l'équipe du Snitem.")]})


def _check_due_date(due_date) -> None:
    if due_date < timezone.localdate():
        raise ValidationError({"due_date": [_("L'échéance ne peut pas être dans le passé.")]})


@transaction.atomic
def add_action_item(*, meeting: Meeting, by, title: str, owner, due_date: datetime.date) -> ActionItem:
    """Record a decision of the minutes: ``owner`` (a member of the group or staff) does ``title`` by ``due_date``.

    Chairs and staff; the meeting not cancelled; the due date not past. Side effects: history
    row; once the minutes are circulated, the owner sees it on their dashboard and calendar and is
    reminded before the due date (``meetings.deadlines``).
    """
    meeting = _locked(meeting)
    _require_manager(by, meeting)
    if meeting.is_cancelled:
        raise Conflict(_("Cette réunion est annulée."))
    if not (title or "").strip():
        raise ValidationError({"title": [_("Donnez un intitulé à l'action.")]})
    _check_owner(meeting, owner)
    _check_due_date(due_date)
    return ActionItem.objects.create(
        meeting=meeting, title=title.strip(), owner=owner, due_date=due_date, due_at=due_at(due_date), created_by=by
    )


ACTION_ITEM_FIELDS = ("status", "due_date", "owner", "title")


@transaction.atomic
def update_action_item(*, item: ActionItem, by, **changes) -> ActionItem:
    """Change an action item: its owner marks it done (or open again); chairs and staff change any field.

    ``changes`` holds any of status, due_date, owner, title. Side effects: history row; a done
    item is no longer reminded.
    """
    item = ActionItem.objects.select_for_update().select_related("meeting__group").get(pk=item.pk)
    if not can_change_action_item(by, item, fields=changes):
        if item.owner_id == by.pk:
            raise PermissionDenied(_("Le responsable de l'action ne change que son statut."))
        raise PermissionDenied(
            _("Seuls le responsable de l'action, la présidence du groupe et l'équipe du Snitem la modifient.")
        )
    for field in changes:
        if field not in ACTION_ITEM_FIELDS:
            raise ValueError(field)
    if "status" in changes:
        if changes["status"] not in ActionItemStatus.values:
            raise ValidationError({"status": [_("Statut inconnu : à faire ou fait.")]})
        if changes["status"] != item.status:
            item.done_at = timezone.now() if changes["status"] == ActionItemStatus.DONE else None
        item.status = changes["status"]
    if "owner" in changes:
        _check_owner(item.meeting, changes["owner"])
        item.owner = changes["owner"]
    if "due_date" in changes and changes["due_date"] != item.due_date:
        _check_due_date(changes["due_date"])
        item.due_date, item.due_at = changes["due_date"], due_at(changes["due_date"])
    if "title" in changes:
        if not (changes["title"] or "").strip():
            raise ValidationError({"title": [_("Donnez un intitulé à l'action.")]})
        item.title = changes["title"].strip()
    item.save()
    return item
