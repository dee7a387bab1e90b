"""Writes about working groups and memberships: joining, leaving, deciding requests, roles, archiving.

Every change of a group's memberships first locks the group row, so seat counts, chair counts and
decisions are taken one at a time per group (and always in the same lock order).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from snitem_portal.exceptions import Conflict
from snitem_portal.notifications import notify

from ..enums import CHAIR_ROLES, LIVE_MEMBERSHIP_STATUSES, GroupRole, MembershipStatus
from ..models import Affiliation, Company, Membership, WorkingGroup
from ..permissions import (
    can_decide_membership,
    can_manage_group,
    can_set_role,
)
from ..selectors import company_seat_holders, member_affiliation, subgroup_ids
from .common import refused_move, require_staff


def _lock_group(group: WorkingGroup) -> WorkingGroup:
    return WorkingGroup.objects.select_for_update().get(pk=group.pk)


def _check_seats(*, group: WorkingGroup, company: Company, user) -> None:
    """Refuse when ``company`` already holds every seat the group opens to each company."""
    cap = group.seats_per_company
    if cap is None:
        return
    holders = list(company_seat_holders(group=group, company=company).exclude(user=user))
    if len(holders) >= cap:
        names = ", ".join(holder.user.get_full_name() for holder in holders)
        raise ValidationError(
            ngettext(
                "Ce groupe ouvre %(cap)d siège par entreprise et %(company)s l'occupe déjà : %(names)s.",
                "Ce groupe ouvre %(cap)d sièges par entreprise et %(company)s les occupe déjà : %(names)s.",
                cap,
            )
            % {"cap": cap, "company": company.name, "names": names}
        )


def _group_chairs(group: WorkingGroup) -> list:
    return [membership.user for membership in Membership.objects.chairs().filter(group=group).select_related("user")]


@transaction.atomic
def join_group(*, user, group: WorkingGroup) -> tuple[Membership, bool]:
    """Join an open group at once, or ask to join a moderated one.

    Idempotent: an active or pending membership is returned unchanged, with ``False``.
    Side effects: history row; a request emails the group's chairs (on commit).
    """
    affiliation = member_affiliation(user)
    if affiliation is None:
        raise ValidationError(
            _("Seuls les membres d'une entreprise adhérente active peuvent rejoindre un groupe de travail.")
        )
    group = _lock_group(group)
    membership = Membership.objects.filter(user=user, group=group).first()
    if membership is not None and membership.status in LIVE_MEMBERSHIP_STATUSES:
        return membership, False
    if not group.is_active:
        raise ValidationError(_("Ce groupe est archivé : il n'accueille plus de membres."))
    parent = group.parent
    if (
        parent is not None
        and not parent.is_open
        and not Membership.objects.active().filter(user=user, group=parent).exists()
    ):
        raise ValidationError(
            _("Ce sous-groupe est réservé aux membres du groupe « %(parent)s » : rejoignez-le d'abord.")
            % {"parent": parent.name}
        )
    _check_seats(group=group, company=affiliation.company, user=user)
    now = timezone.now()
    membership = membership or Membership(user=user, group=group)
    membership.role = GroupRole.MEMBER
    membership.requested_at = now
    membership.decided_by = None
    membership.decision_message = ""
    if group.is_open:
        membership.status, membership.decided_at = MembershipStatus.ACTIVE, now
    else:
        membership.status, membership.decided_at = MembershipStatus.PENDING, None
    membership._change_reason = "join" if group.is_open else "request"
    membership._history_user = user
    membership.save()
    if not group.is_open:
        notify(
            template="groups/email/membership_requested",
            recipients=_group_chairs(group),
            context={"membership": membership, "group": group, "requester": user},
        )
    return membership, True


def _is_last_chair(membership: Membership) -> bool:
    """True when ``membership`` is the only active chair or co-chair of its group."""
    if membership.status != MembershipStatus.ACTIVE or membership.role not in CHAIR_ROLES:
        return False
    return not Membership.objects.chairs().filter(group_id=membership.group_id).exclude(pk=membership.pk).exists()


@transaction.atomic
def leave_group(*, user, group: WorkingGroup) -> Membership | None:
    """Leave a group, or withdraw a pending request. Idempotent.

    Leaving also ends the user's active or pending memberships in the group's subgroups, at any
    depth, all or nothing. A chair or co-chair cannot leave a group (or subgroup) that nobody
    else would chair. Side effects: one history row per membership ended.
    """
    # Lock the group and its subgroups in id order, as every multi-group change does.
    scope = [group.pk, *subgroup_ids(group)]
    locked = {g.pk: g for g in WorkingGroup.objects.select_for_update().filter(pk__in=scope).order_by("pk")}
    group = locked[group.pk]
    membership = Membership.objects.filter(user=user, group=group).first()
    if membership is None or membership.status not in LIVE_MEMBERSHIP_STATUSES:
        return membership
    sub_memberships = list(
        Membership.objects.filter(user=user, group_id__in=scope[1:], status__in=LIVE_MEMBERSHIP_STATUSES).order_by(
            "group_id"
        )
    )
    if _is_last_chair(membership):
        raise ValidationError(
            _(
                "Vous êtes seul·e à présider ce groupe : nommez une autre présidence "
                "avant de le quitter (ou demandez à l'équipe du Snitem)."
            )
        )
    for sub in sub_memberships:
        if _is_last_chair(sub):
            raise ValidationError(
                _(
                    "Quitter « %(group)s » vous retire aussi de ses sous-groupes, or vous êtes seul·e à présider "
                    "le sous-groupe « %(subgroup)s » : nommez-y une autre présidence d'abord."
                )
                % {"group": group.name, "subgroup": locked[sub.group_id].name}
            )
    for ended in [membership, *sub_memberships]:
        ended.status = MembershipStatus.LEFT
        ended._change_reason = "leave" if ended is membership else "leave parent"
        ended._history_user = user
        ended.save(update_fields=["status"])
    return membership


@transaction.atomic
def set_member_role(*, membership: Membership, by, role: str) -> Membership:
    """Give an active member of a group another role (chair, co-chair, member, observer).

    Chairs, co-chairs and staff manage roles; only staff or a chair may name a chair or change a
    chair's role. The group always keeps at least one chair or co-chair. Changes in one group run
    one at a time (the group row is the lock). Raises PermissionDenied or ValidationError.
    Side effects: history row; emails the person (on commit) when the role changed.
    """
    group = _lock_group(membership.group)
    membership = Membership.objects.select_related("user").get(pk=membership.pk)
    membership.group = group
    if role not in GroupRole.values:
        raise ValidationError(_("Rôle inconnu."))
    if can_manage_group(by, group) and membership.status != MembershipStatus.ACTIVE:
        raise ValidationError(_("Seuls les membres actifs du groupe reçoivent un rôle."))
    if not can_set_role(by, membership, role):
        raise PermissionDenied(_("Seule la présidence du groupe ou l'équipe du Snitem peut changer ce rôle."))
    previous = membership.role
    if role == previous:
        return membership
    if role not in CHAIR_ROLES and _is_last_chair(membership):
        raise ValidationError(
            _("%(user)s est seul·e à présider « %(group)s » : nommez d'abord une autre présidence.")
            % {"user": membership.user.get_full_name(), "group": group.name}
        )
    membership.role = role
    membership._change_reason = "role"
    membership._history_user = by
    membership.save(update_fields=["role"])
    notify(
        template="groups/email/role_changed",
        recipients=[membership.user],
        context={
            "membership": membership,
            "group": group,
            "previous_role": GroupRole(previous),
            "role": GroupRole(role),
            "by": by,
        },
    )
    return membership


@transaction.atomic
def decide_membership(*, membership: Membership, by, approve: bool, message: str = "") -> Membership:
    """Approve or reject a pending join request, with an optional message to the requester.

    Raises PermissionDenied (not a chair of the group nor staff), Conflict (already decided),
    ValidationError (requester no longer a member, or the company's seats are taken).
    Side effects: history row; emails the requester (on commit).
    """
    group = WorkingGroup.objects.select_for_update().get(pk=membership.group_id)
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    membership.group = group
    if not can_decide_membership(by, membership):
        raise PermissionDenied(_("Seule la présidence du groupe ou l'équipe du Snitem peut décider."))
    if membership.status != MembershipStatus.PENDING:
        raise Conflict(
            _("Cette demande a déjà été traitée (statut : %(status)s).")
            % {"status": membership.get_status_display().lower()}
        )
    if approve:
        affiliation = (
            Affiliation.objects.in_active_company().select_related("company").filter(user=membership.user).first()
        )
        if affiliation is None:
            raise ValidationError(
                _("%(user)s n'est plus membre d'une entreprise adhérente active.")
                % {"user": membership.user.get_full_name()}
            )
        _check_seats(group=group, company=affiliation.company, user=membership.user)
    membership.status = MembershipStatus.ACTIVE if approve else MembershipStatus.REJECTED
    membership.decided_at, membership.decided_by = timezone.now(), by
    membership.decision_message = message.strip()
    membership._change_reason = "approve" if approve else "reject"
    membership._history_user = by
    membership.save(update_fields=["status", "decided_at", "decided_by", "decision_message"])
    notify(
        template="groups/email/membership_decided",
        recipients=[membership.user],
        context={"membership": membership, "group": group, "approved": approve},
    )
    return membership


def approve_membership(*, membership: Membership, by, message: str = "") -> Membership:
    return decide_membership(membership=membership, by=by, approve=True, message=message)


def reject_membership(*, membership: Membership, by, message: str = "") -> Membership:
    return decide_membership(membership=membership, by=by, approve=False, message=message)


def set_membership_status(*, membership: Membership, by, status: str) -> Membership | None:
    """Admin: decide a request, or (staff) end a seat as leaving would; other moves are refused."""
    current = Membership.objects.get(pk=membership.pk).status
    if current == MembershipStatus.PENDING and status in (MembershipStatus.ACTIVE, MembershipStatus.REJECTED):
        return decide_membership(membership=membership, by=by, approve=status == MembershipStatus.ACTIVE)
    if current in LIVE_MEMBERSHIP_STATUSES and status == MembershipStatus.LEFT:
        require_staff(by)
        return leave_group(user=membership.user, group=membership.group)
    if current != status:
        raise refused_move(MembershipStatus, current, status)
    return membership


@transaction.atomic
def set_group_active(*, group: WorkingGroup, by, active: bool) -> bool:
    """Archive a group (no new members nor meetings) or reactivate it (staff). True if it changed."""
    require_staff(by)
    group = _lock_group(group)
    if group.is_active == active:
        return False
    group.is_active = active
    group.save(update_fields=["is_active"])
    return True
