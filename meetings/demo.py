"""Demo data of meetings' workspaces (``DEMO_SEEDERS``), after groups' meetings and memberships.

Every group: its past meetings get attendance (from the active members), approved minutes and
open action items due in the coming weeks; its upcoming meetings get an agenda and answers. Sizes
follow ``--scale`` (groups' meetings already do), all inserted in bulk.
"""

from datetime import timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from groups.enums import CHAIR_ROLES
from groups.models import Meeting, Membership
from snitem_portal.demo import Demo

from .enums import ActionItemStatus, MinutesStatus, Response
from .models import ActionItem, AgendaItem, Attendance, Minutes, Registration
from .services import PARIS, due_at

AGENDA = ["Tour de table", "Avancement des travaux", "Points réglementaires", "Prochaines étapes"]
MINUTES = """Présents : voir la feuille de présence.

**Décisions**

- Le groupe valide le plan de travail du semestre.
- Une note de position est préparée pour la prochaine réunion.

**Rappel** : aucune information commercialement sensible n'a été échangée.
"""


def seed(*, demo: Demo) -> None:
    now = timezone.now()
    members = _active_members()
    past = list(Meeting.objects.filter(ends_at__lt=now, cancelled_at__isnull=True).order_by("pk"))
    upcoming = list(Meeting.objects.filter(starts_at__gt=now, cancelled_at__isnull=True).order_by("pk"))
    per_meeting = 3 + demo.scale
    agenda, registrations, attendance, minutes, items = [], [], [], [], []
    today = now.astimezone(PARIS).date()
    for meeting in upcoming:
        people = members.get(meeting.group_id, [])
        agenda.extend(
            AgendaItem(meeting=meeting, position=i + 1, title=title, presenter_name="Snitem" if i == 0 else "")
            for i, title in enumerate(AGENDA)
        )
        for j, (user_id, _chair) in enumerate(people[:per_meeting]):
            response = (Response.IN_PERSON, Response.REMOTE, Response.DECLINED)[(meeting.pk + j) % 3]
            registrations.append(Registration(meeting=meeting, user_id=user_id, response=response, answered_at=now))
    for meeting in past:
        people = members.get(meeting.group_id, [])
        chairs = [user_id for user_id, chair in people if chair] or [demo.staff.pk]
        attendance.extend(
            Attendance(meeting=meeting, user_id=user_id, recorded_at=meeting.ends_at, recorded_by_id=chairs[0])
            for user_id, _chair in people[:per_meeting]
        )
        minutes.append(
            Minutes(
                meeting=meeting,
                text=MINUTES,
                status=MinutesStatus.APPROVED,
                version=3,
                updated_at=meeting.ends_at + timedelta(days=7),
                updated_by_id=chairs[0],
                circulated_at=meeting.ends_at + timedelta(days=2),
                approved_at=meeting.ends_at + timedelta(days=7),
            )
        )
        for k, (user_id, _chair) in enumerate(people[:2]):
            due = today + timedelta(days=5 + 7 * k + meeting.pk % 7)
            items.append(
                ActionItem(
                    meeting=meeting,
                    title=("Préparer la note de position", "Relire le projet de norme")[k],
                    owner_id=user_id,
                    due_date=due,
                    due_at=due_at(due),
                    status=ActionItemStatus.OPEN,
                    created_at=meeting.ends_at,
                    created_by_id=chairs[0],
                )
            )
    AgendaItem.objects.bulk_create(agenda, batch_size=1000)
    bulk_create_with_history(registrations, Registration, batch_size=1000, default_user=demo.staff)
    Attendance.objects.bulk_create(attendance, batch_size=1000)
    bulk_create_with_history(minutes, Minutes, batch_size=1000, default_user=demo.staff)
    bulk_create_with_history(items, ActionItem, batch_size=1000, default_user=demo.staff)


def _active_members() -> dict[int, list[tuple[int, bool]]]:
    """Per group, its active members' ids (chairs first), each with whether they chair it."""
    found: dict[int, list[tuple[int, bool]]] = {}
    rows = (
        Membership.objects.active()
        .filter(user__is_active=True)
        .order_by("group_id", "pk")
        .values_list("group_id", "user_id", "role")
    )
    for group_id, user_id, role in rows:
        found.setdefault(group_id, []).append((user_id, role in CHAIR_ROLES))
    for people in found.values():
        people.sort(key=lambda person: not person[1])
    return found
