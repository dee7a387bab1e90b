"""Writes about the roadmap's actions: dated updates and followers."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from snitem_portal.notifications import notify

from ..enums import DEFAULT_PROGRESS, ActionStatus
from ..models import Action, TimelineEntry
from ..permissions import can_follow_actions, can_update_action


@transaction.atomic
def add_timeline_entry(
    *,
    action: Action,
    by,
    text: str,
    link: str = "",
    date: datetime | None = None,
    status: str = "",
    progress: int | None = None,
) -> TimelineEntry:
    """Record a dated update of an action; a new status or progress is applied to the action.

    Without an explicit progress, a status change applies that status's default progress.
    Side effects: history rows; on a status change, emails every follower (on commit).
    """
    if not can_update_action(by):
        raise PermissionDenied(_("Seule l'équipe du Snitem met à jour les actions."))
    if not text.strip():
        raise ValidationError({"text": _("Décrivez la mise à jour.")})
    if status and status not in ActionStatus.values:
        raise ValidationError({"status": _("Statut inconnu.")})
    if progress is not None and not 0 <= progress <= 100:
        raise ValidationError({"progress": _("L'avancement est un pourcentage entre 0 et 100.")})
    action = Action.objects.select_for_update().get(pk=action.pk)
    previous_status = action.status
    status_changed = bool(status) and status != previous_status
    if status_changed:
        action.status = status
        if progress is None:
            default = DEFAULT_PROGRESS[ActionStatus(status)]
            progress = default if default is not None else action.progress
    if progress is not None:
        action.progress = progress
    action.updated_at = timezone.now()
    action._history_user = by
    action.save(update_fields=["status", "progress", "updated_at"])
    entry = TimelineEntry(
        action=action,
        date=date or timezone.now(),
        text=text.strip(),
        link=link,
        author=by,
        status=status if status_changed else "",
        progress=progress,
    )
    entry._history_user = by
    entry.save()
    if status_changed:
        notify(
            template="roadmap/email/action_status_changed",
            recipients=action.followers.filter(is_active=True),
            context={
                "action": action,
                "entry": entry,
                "previous_status": ActionStatus(previous_status),
                "new_status": ActionStatus(action.status),
            },
        )
    return entry


def follow_action(*, action: Action, user) -> None:
    """Follow an action: the user is emailed on its status changes. Idempotent."""
    if not can_follow_actions(user):
        raise PermissionDenied(_("Réservé aux membres d'une entreprise adhérente."))
    action.followers.add(user)


def unfollow_action(*, action: Action, user) -> None:
    action.followers.remove(user)
