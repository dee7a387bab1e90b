"""What can be commented in the roadmap: consultations and actions (``COMMENT_TARGETS``).

Each thread is read by exactly who reads its object, through this app's selectors.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from discussion.registry import CommentTarget
from groups.permissions import can_manage_group
from groups.selectors import is_member, people_of
from snitem_portal.users.permissions import is_staff

from .models import Action, Consultation
from .selectors import actions_list, audience_companies, consultations_visible_to


def _with_staff(people) -> Q:
    return Q(pk__in=people.values("pk")) | Q(is_staff=True)


def _consultation_audience(consultation: Consultation):
    """The members of the invited companies, and staff."""
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(_with_staff(people_of(audience_companies(consultation))))


def _consultation_moderator(user, consultation: Consultation) -> bool:
    """Staff, and the chairs of the consultation's group (an all-member consultation: staff only)."""
    if is_staff(user):
        return True
    return consultation.group_id is not None and can_manage_group(user, consultation.group)


def consultation() -> CommentTarget:
    return CommentTarget(
        kind="consultation",
        model=Consultation,
        visible_to=consultations_visible_to,
        can_moderate=_consultation_moderator,
        audience=_consultation_audience,
        title=lambda c: c.question if len(c.question) <= 120 else f"{c.question[:119]}…",
    )


def _actions_for(user):
    """Actions are public, but their discussion is the members': the action, for members and staff
    (the rule of the member API, ``IsMember``)."""
    if is_staff(user) or is_member(user):
        return actions_list()
    return Action.objects.none()


def _action_moderator(user, action: Action) -> bool:
    """Staff, and the chairs of the action's pilot group."""
    if is_staff(user):
        return True
    return action.pilot_group_id is not None and can_manage_group(user, action.pilot_group)


def action() -> CommentTarget:
    return CommentTarget(
        kind="action",
        model=Action,
        visible_to=_actions_for,
        can_moderate=_action_moderator,
        audience=lambda action: get_user_model().objects.filter(_with_staff(people_of()), is_active=True),
        title=str,
    )
