"""What can be commented in the groups app: a working group's own thread, private to its members
(``COMMENT_TARGETS``)."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from discussion.registry import CommentTarget, by_pk_or_slug
from snitem_portal.users.permissions import is_staff

from .models import Membership, WorkingGroup
from .permissions import can_manage_group
from .selectors import groups_visible_to, is_member, people_of


def groups_private_to(user):
    """The groups whose private content ``user`` sees: ``can_see_group_private`` as a queryset (staff:
    every visible group; a member of an active company: the visible groups where they hold an active seat)."""
    if is_staff(user):
        return groups_visible_to(user)
    if not is_member(user):
        return WorkingGroup.objects.none()
    return groups_visible_to(user).filter(pk__in=Membership.objects.active().filter(user=user).values("group_id"))


def _audience(group: WorkingGroup):
    """The group's active members (active accounts of active member companies), and staff."""
    seats = Membership.objects.active().filter(group=group).values("user_id")
    members = people_of().filter(pk__in=seats)
    return get_user_model().objects.filter(Q(pk__in=members.values("pk")) | Q(is_staff=True), is_active=True)


def group() -> CommentTarget:
    return CommentTarget(
        kind="group",
        model=WorkingGroup,
        visible_to=groups_private_to,
        can_moderate=can_manage_group,
        audience=_audience,
        lookup=by_pk_or_slug,
        reference=lambda group: group.slug,
        is_open=lambda group: group.is_active,
        title=str,
    )
