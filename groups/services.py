"""Writes about companies and affiliations: one function per business operation."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from snitem_portal.exceptions import Conflict
from snitem_portal.notifications import notify
from snitem_portal.users.permissions import is_staff

from .enums import CHAIR_ROLES, AffiliationStatus, CompanyRole, CompanyStatus, GroupRole, MembershipStatus
from .models import Affiliation, Company, Meeting, Membership, WorkingGroup
from .permissions import (
    can_decide_affiliation,
    can_decide_membership,
    can_manage_group,
    can_promote,
    can_schedule_meeting,
    can_set_role,
)
from .selectors import company_seat_holders, forget_affiliation, meeting_audience, member_affiliation, subgroup_ids


@transaction.atomic
def request_affiliation(*, user, company: Company) -> Affiliation:
    """Ask to join ``company``. Side effects: emails the company's referents (on commit)."""
    if company.status != CompanyStatus.ACTIVE:
        raise ValidationError(_("Cette entreprise n'est pas adhérente active du Snitem."))
    live = Affiliation.objects.select_for_update().filter(
        user=user, status__in=[AffiliationStatus.PENDING, AffiliationStatus.APPROVED]
    )
    existing = live.select_related("company").first()
    if existing is not None:
        if existing.status == AffiliationStatus.PENDING:
            raise ValidationError(
                _("Vous avez déjà une demande de rattachement en attente auprès de %(company)s.")
                % {"company": existing.company}
            )
        raise ValidationError(_("Vous êtes déjà rattaché·e à %(company)s.") % {"company": existing.company})
    try:
        with transaction.atomic():
            affiliation = Affiliation.objects.create(user=user, company=company)
    except IntegrityError as error:
        raise ValidationError(_("Vous avez déjà une demande de rattachement en cours.")) from error
    forget_affiliation(user)
    referents = [
        a.user
        for a in Affiliation.objects.filter(
            company=company, status=AffiliationStatus.APPROVED, role=CompanyRole.REFERENT
        ).select_related("user")
    ]
    notify(
        template="groups/email/affiliation_requested",
        recipients=referents,
        context={"affiliation": affiliation, "company": company, "requester": user},
    )
    return affiliation


@transaction.atomic
def decide_affiliation(*, affiliation: Affiliation, by, approve: bool) -> Affiliation:
    """Approve or reject a pending request. Side effects: emails the requester (on commit)."""
    affiliation = Affiliation.objects.select_for_update().select_related("company", "user").get(pk=affiliation.pk)
    if not can_decide_affiliation(by, affiliation):
        raise PermissionDenied(_("Seul un référent de l'entreprise ou l'équipe Snitem peut décider."))
    if affiliation.status != AffiliationStatus.PENDING:
        raise Conflict(_("Cette demande a déjà été traitée."))
    affiliation.status = AffiliationStatus.APPROVED if approve else AffiliationStatus.REJECTED
    affiliation.decided_at, affiliation.decided_by = timezone.now(), by
    affiliation._change_reason = "approve" if approve else "reject"
    affiliation.save(update_fields=["status", "decided_at", "decided_by"])
    forget_affiliation(affiliation.user)
    notify(
        template="groups/email/affiliation_decided",
        recipients=[affiliation.user],
        context={"affiliation": affiliation, "approved": approve},
    )
    return affiliation


@transaction.atomic
def set_company_role(*, affiliation: Affiliation, by, role: str) -> Affiliation:
    """Make a colleague referent (or member again). A company keeps at least one referent."""
    # Role changes of one company run one at a time: the company row is the lock, so two
    # referents stepping down together cannot both succeed (nor deadlock).
    Company.objects.select_for_update().filter(pk=affiliation.company_id).first()
    affiliation = Affiliation.objects.get(pk=affiliation.pk)
    if not can_promote(by, affiliation):
        raise PermissionDenied(_("Seul un référent de l'entreprise ou l'équipe Snitem peut le faire."))
    if role == CompanyRole.MEMBER and affiliation.role == CompanyRole.REFERENT:
        others = Affiliation.objects.filter(
            company_id=affiliation.company_id,
            status=AffiliationStatus.APPROVED,
            role=CompanyRole.REFERENT,
        ).exclude(pk=affiliation.pk)
        if not others.exists():
            raise ValidationError(_("L'entreprise doit garder au moins un référent."))
    affiliation.role = role
    affiliation.save(update_fields=["role"])
    return affiliation


@transaction.atomic
def set_company_status(*, companies, status: str) -> int:
    """Bulk status change (staff): active, suspended or former. Side effects: history rows."""
    changed = 0
    for company in companies:
        if company.status != status:
            company.status = status
            company.save(update_fields=["status"])
            changed += 1
    return changed


# Working groups: joining, leaving, deciding requests, meetings.
# Every change of a group's memberships first locks the group row, so seat counts, chair
# counts and decisions are taken one at a time per group (and always in the same lock order).

LIVE_STATUSES = (MembershipStatus.ACTIVE, MembershipStatus.PENDING)


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
    return [
        membership.user
        for membership in Membership.objects.filter(
            group=group, status=MembershipStatus.ACTIVE, role__in=CHAIR_ROLES
        ).select_related("user")
    ]


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
    if membership is not None and membership.status in LIVE_STATUSES:
        return membership, False
    if not group.is_active:
        raise ValidationError(_("Ce groupe est archivé : il n'accueille plus de membres."))
    parent = group.parent
    if (
        parent is not None
        and not parent.is_open
        and not Membership.objects.filter(user=user, group=parent, status=MembershipStatus.ACTIVE).exists()
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
    others = Membership.objects.filter(
        group_id=membership.group_id, status=MembershipStatus.ACTIVE, role__in=CHAIR_ROLES
    )
    return not others.exclude(pk=membership.pk).exists()


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
    if membership is None or membership.status not in LIVE_STATUSES:
        return membership
    sub_memberships = list(
        Membership.objects.filter(user=user, group_id__in=scope[1:], status__in=LIVE_STATUSES).order_by("group_id")
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
            Affiliation.objects.select_related("company")
            .filter(
                user=membership.user,
                status=AffiliationStatus.APPROVED,
                company__status=CompanyStatus.ACTIVE,
            )
            .first()
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
def update_meeting(*, meeting: Meeting, by, **changes) -> Meeting:
    """Edit a meeting that is not cancelled (chairs and staff).

    ``changes`` holds any of title, starts_at, ends_at, place, video_url, agenda.
    Side effects: when the time changes, emails the group's members (on commit).
    """
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    if not can_schedule_meeting(by, meeting.group):
        raise PermissionDenied(_("Seule la présidence du groupe ou l'équipe du Snitem peut modifier une réunion."))
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
    meeting.save(update_fields=list(changes))
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


def _staff_only(by) -> None:
    if not is_staff(by):
        raise PermissionDenied(_("Seule l'équipe du Snitem peut faire ce changement."))


def _refused_move(choices, current: str, status: str) -> ValidationError:
    return ValidationError(
        _("Ce statut ne passe pas de « %(current)s » à « %(status)s » ici.")
        % {"current": choices(current).label, "status": choices(status).label}
    )


def set_membership_status(*, membership: Membership, by, status: str) -> Membership | None:
    """Admin: decide a request, or (staff) end a seat as leaving would; other moves are refused."""
    current = Membership.objects.get(pk=membership.pk).status
    if current == MembershipStatus.PENDING and status in (MembershipStatus.ACTIVE, MembershipStatus.REJECTED):
        return decide_membership(membership=membership, by=by, approve=status == MembershipStatus.ACTIVE)
    if current in LIVE_STATUSES and status == MembershipStatus.LEFT:
        _staff_only(by)
        return leave_group(user=membership.user, group=membership.group)
    if current != status:
        raise _refused_move(MembershipStatus, current, status)
    return membership


def set_affiliation_status(*, affiliation: Affiliation, by, status: str) -> Affiliation:
    """Admin: decide a pending request; other moves are refused."""
    current = Affiliation.objects.get(pk=affiliation.pk).status
    if current == AffiliationStatus.PENDING and status in (AffiliationStatus.APPROVED, AffiliationStatus.REJECTED):
        return decide_affiliation(affiliation=affiliation, by=by, approve=status == AffiliationStatus.APPROVED)
    if current != status:
        raise _refused_move(AffiliationStatus, current, status)
    return affiliation


@transaction.atomic
def set_group_active(*, group: WorkingGroup, by, active: bool) -> bool:
    """Archive a group (no new members nor meetings) or reactivate it (staff). True if it changed."""
    _staff_only(by)
    group = _lock_group(group)
    if group.is_active == active:
        return False
    group.is_active = active
    group.save(update_fields=["is_active"])
    return True
