"""Who a mailing goes to, and which mailings a person sees."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet

from groups.models import Affiliation, Membership, WorkingGroup

from .models import Delivery, Mailing, MailingStatus, SegmentRole, Unsubscription
from .permissions import can_manage_mailings


def groups_with_subgroups(group_ids) -> set[int]:
    """``group_ids`` and every group under them, at any depth (one query per level)."""
    found = set(group_ids)
    level = set(group_ids)
    while level:
        level = set(WorkingGroup.objects.filter(parent_id__in=level).values_list("pk", flat=True)) - found
        found |= level
    return found


def segment_recipients(
    *, group_ids=(), include_subgroups=False, roles=(), all_members=False, company_statuses=("active",)
) -> QuerySet:
    """The active users a segment names, each once.

    A person belongs to the segment through their approved affiliation to a company of one of
    ``company_statuses``; ``all_members`` takes everyone of those companies, else the active members
    of ``group_ids`` (and their subgroups with ``include_subgroups``). ``roles`` narrows it (a union):
    ``referents`` of their company, ``chairs`` of the chosen groups (of any group with
    ``all_members``); ``members`` or no role: everyone.
    """
    affiliated = Affiliation.objects.approved().filter(user=OuterRef("pk"), company__status__in=list(company_statuses))
    people = get_user_model().objects.filter(is_active=True).filter(Exists(affiliated))
    groups = set(group_ids)
    if include_subgroups and groups:
        groups = groups_with_subgroups(groups)
    seats = Membership.objects.active().filter(user=OuterRef("pk"))
    if not all_members:
        people = people.filter(Exists(seats.filter(group_id__in=groups)))
    roles = set(roles)
    if roles and SegmentRole.MEMBERS not in roles:
        wanted = Q(pk__in=[])
        if SegmentRole.REFERENTS in roles:
            wanted |= Q(Exists(affiliated.filter(role="referent")))
        if SegmentRole.CHAIRS in roles:
            chairs = Membership.objects.chairs().filter(user=OuterRef("pk"))
            wanted |= Q(Exists(chairs if all_members else chairs.filter(group_id__in=groups)))
        people = people.filter(wanted)
    return people


def recipients_of(mailing: Mailing) -> QuerySet:
    """Who ``mailing`` goes to now (before the unsubscribed are set aside)."""
    return segment_recipients(
        group_ids=[group.pk for group in mailing.groups.all()],
        include_subgroups=mailing.include_subgroups,
        roles=mailing.roles,
        all_members=mailing.all_members,
        company_statuses=mailing.company_statuses,
    )


def unsubscribed() -> QuerySet:
    return Unsubscription.objects.values("user_id")


def mailings_for_staff(user) -> QuerySet:
    """Every mailing, to staff; none to anyone else."""
    if not can_manage_mailings(user):
        return Mailing.objects.none()
    return Mailing.objects.select_related("created_by")


def archive_of(user) -> QuerySet:
    """Sent mailings a person received or was meant to receive (staff: every sent mailing)."""
    sent = Mailing.objects.filter(status=MailingStatus.SENT)
    if can_manage_mailings(user):
        return sent.order_by("-sent_at", "-pk")
    if not user.is_authenticated:
        return Mailing.objects.none()
    return sent.filter(Exists(Delivery.objects.filter(mailing=OuterRef("pk"), recipient=user))).order_by(
        "-sent_at", "-pk"
    )
