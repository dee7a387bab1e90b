"""Reads about companies and affiliations, scoped to who asks."""

import re

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from snitem_portal import caching
from snitem_portal.memo import per_request, recall
from snitem_portal.users.permissions import is_staff

from .enums import CHAIR_ROLES, AffiliationStatus, CompanyRole, MembershipStatus
from .models import Affiliation, Company, CompanyDomain, Meeting, Membership, WorkingGroup
from .validators import normalize_domain

_CACHE_ATTR = "_portal_affiliation"
# "My company" is read on every page (the header, most permissions): it is cached per person under
# the stamp of every affiliation and company, renewed by any save or delete of either
# (groups.apps), so a change of role, status or company is seen by the next read, in every process.
AFFILIATIONS_STAMP = "groups:affiliations"
_AFFILIATION_KEY = "groups:member-affiliation:{user_id}"
AFFILIATION_TIMEOUT = 600


def live_affiliation(user) -> Affiliation | None:
    """The user's pending or approved affiliation, whatever the company's status."""
    if not user.is_authenticated:
        return None
    return Affiliation.objects.live().select_related("company").filter(user=user).first()


def member_affiliation(user) -> Affiliation | None:
    """The approved affiliation to an active company that makes ``user`` a member, or None.

    Kept on the user object for the length of a request, and in the cache until an affiliation or a
    company changes.
    """
    if not user.is_authenticated:
        return None
    if not hasattr(user, _CACHE_ATTR):
        found = caching.cached_under_stamp(
            AFFILIATIONS_STAMP,
            _AFFILIATION_KEY.format(user_id=user.pk),
            lambda: Affiliation.objects.in_active_company().select_related("company").filter(user=user).first(),
            AFFILIATION_TIMEOUT,
        )
        setattr(user, _CACHE_ATTR, found)
    return getattr(user, _CACHE_ATTR)


def forget_affiliation(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def company_of(user) -> Company | None:
    affiliation = member_affiliation(user)
    return affiliation.company if affiliation else None


def is_member(user) -> bool:
    return member_affiliation(user) is not None


def is_referent(user, company: Company | None = None) -> bool:
    affiliation = member_affiliation(user)
    return (
        affiliation is not None
        and affiliation.role == CompanyRole.REFERENT
        and (company is None or affiliation.company_id == company.pk)
    )


def active_companies() -> QuerySet[Company]:
    return Company.objects.active()


def referents_of(company: Company) -> QuerySet:
    """Active accounts of the company's approved referents."""
    return (
        get_user_model()
        .objects.filter(is_active=True, affiliations__in=Affiliation.objects.referents().filter(company=company))
        .order_by("pk")
    )


def people_of(companies: QuerySet[Company] | None = None) -> QuerySet:
    """Active accounts with an approved affiliation to an active company (one of ``companies`` if given).

    ``Exists`` keeps one row per user and ties status and company to the same affiliation.
    """
    affiliations = Affiliation.objects.in_active_company().filter(user=OuterRef("pk"))
    if companies is not None:
        affiliations = affiliations.filter(company__in=companies)
    return get_user_model().objects.filter(Exists(affiliations), is_active=True)


def companies_visible_to(user) -> QuerySet[Company]:
    """Staff see every company; members see the active ones; others none."""
    if is_staff(user):
        return Company.objects.all()
    if is_member(user):
        return Company.objects.active()
    return Company.objects.none()


def company_suggested_for(email: str) -> Company | None:
    """The active company whose staff use the domain of ``email``."""
    domain = normalize_domain(email.rpartition("@")[2])
    found = (
        CompanyDomain.objects.select_related("company")
        .filter(domain=domain, company__in=Company.objects.active())
        .first()
    )
    return found.company if found else None


def _siren_of(text: str) -> str | None:
    """The nine digits of a SIREN typed with or without spaces, or None."""
    digits = re.sub(r"[\s.]", "", text)
    return digits if re.fullmatch(r"\d{9}", digits) else None


def company_named(text: str) -> Company | None:
    """The active company whose name is ``text`` (case aside; names are unique so) or whose SIREN it is."""
    siren = _siren_of(text)
    lookup = Q(siren=siren) if siren else Q(name__iexact=text.strip())
    return Company.objects.active().filter(lookup).first()


def companies_matching(text: str) -> QuerySet[Company]:
    """Active companies whose name contains ``text`` (or whose SIREN it is), names starting with it first.

    Callers ask for at least three letters: the full list of member companies is not public.
    """
    text = text.strip()
    siren = _siren_of(text)
    lookup = Q(siren=siren) if siren else Q(name__icontains=text)
    starts = Case(When(name__istartswith=text, then=0), default=1, output_field=IntegerField())
    return Company.objects.active().filter(lookup).order_by(starts, "name", "pk")


def company_people(company: Company) -> QuerySet[Affiliation]:
    """Approved affiliations of a company, referents first."""
    return (
        Affiliation.objects.approved()
        .filter(company=company)
        .select_related("user")
        .order_by("-role", "user__full_name", "user__email")
    )


def affiliations_to_decide(user) -> QuerySet[Affiliation]:
    """Pending affiliation requests ``user`` may approve: their company's, or all for staff."""
    pending = Affiliation.objects.pending().select_related("user", "company")
    if is_staff(user):
        return pending.order_by("requested_at")
    affiliation = member_affiliation(user)
    if affiliation is None or affiliation.role != CompanyRole.REFERENT:
        return Affiliation.objects.none()
    return pending.filter(company=affiliation.company).order_by("requested_at")


def companies_with_counts() -> QuerySet[Company]:
    return Company.objects.annotate(
        people_count=Count("affiliations", filter=Q(affiliations__status=AffiliationStatus.APPROVED))
    )


# Working groups, memberships and meetings.


def _approved_company(field: str):
    """Subquery: the ``field`` of the company the membership's user is affiliated to."""
    return Subquery(
        Affiliation.objects.approved().filter(user=OuterRef("user")).order_by("-decided_at").values(field)[:1]
    )


def with_company(memberships: QuerySet[Membership]) -> QuerySet[Membership]:
    """Annotate ``company_id`` and ``company_name`` of each membership's user, without extra queries."""
    return memberships.annotate(
        company_pk=_approved_company("company_id"), company_name=_approved_company("company__name")
    )


def groups_visible_to(user) -> QuerySet[WorkingGroup]:
    """Active groups for everyone, visitors included (their public description); archived ones
    too for staff. Who sees a group's members and meetings is ``can_see_group_private``."""
    if is_staff(user):
        return WorkingGroup.objects.all()
    return WorkingGroup.objects.filter(is_active=True)


def membership_count(status: str = MembershipStatus.ACTIVE):
    """A group's number of memberships of ``status``, as an annotation.

    A correlated COUNT on the (group, status) index rather than a join and GROUP BY: a list's
    pagination count then leaves it out, and two counts do not multiply each other's rows.
    """
    rows = Membership.objects.filter(group=OuterRef("pk"), status=status).order_by().values("group")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0)


def groups_with_details(user, *, chairs: bool = True) -> QuerySet[WorkingGroup]:
    """Visible groups with ``member_count``, ``chair_memberships`` (unless ``chairs`` is False: the
    groups page shows none) and the user's ``my_memberships``."""
    groups = (
        groups_visible_to(user)
        .select_related("parent")
        .annotate(member_count=membership_count())
        .order_by("position", "name", "pk")
    )
    if not user.is_authenticated:
        # Visitors see the public description only: no chairs' names, no memberships.
        return groups
    prefetches = [Prefetch("memberships", queryset=Membership.objects.filter(user=user), to_attr="my_memberships")]
    if chairs:
        prefetches.insert(
            0,
            Prefetch(
                "memberships",
                queryset=Membership.objects.chairs().select_related("user").order_by("role", "user__full_name", "pk"),
                to_attr="chair_memberships",
            ),
        )
    return groups.prefetch_related(*prefetches)


def group_tree(groups) -> list[WorkingGroup]:
    """Arrange groups into a tree: returns the roots, each with ``subgroups`` filled, at any depth.

    Groups whose parent is not in ``groups`` (e.g. an archived parent) become roots.
    """
    groups = list(groups)
    by_id = {group.pk: group for group in groups}
    roots = []
    for group in groups:
        group.subgroups = []
    for group in groups:
        parent = by_id.get(group.parent_id)
        (parent.subgroups if parent is not None else roots).append(group)
    return roots


def membership_of(user, group: WorkingGroup) -> Membership | None:
    """The user's membership row in ``group`` (any status), using the prefetched one when present."""
    if not user.is_authenticated:
        return None
    if hasattr(group, "my_memberships"):
        return group.my_memberships[0] if group.my_memberships else None
    return Membership.objects.filter(user=user, group=group).first()


def group_members(group: WorkingGroup) -> QuerySet[Membership]:
    """Active members of a group with their company, chairs first."""
    return with_company(
        Membership.objects.active().filter(group=group).select_related("user").order_by("role", "user__full_name", "pk")
    )


def group_memberships(group: WorkingGroup, *, status: str | None = None) -> QuerySet[Membership]:
    """Every membership of a group (for its chairs and staff), optionally of one status."""
    memberships = Membership.objects.filter(group=group).select_related("user", "group", "decided_by")
    if status:
        memberships = memberships.filter(status=status)
    return with_company(memberships).order_by("status", "role", "user__full_name", "pk")


def memberships_visible_to(user) -> QuerySet[Membership]:
    """Memberships of the groups where ``user`` is an active member, and their own; all for staff."""
    if not user.is_authenticated:
        return Membership.objects.none()
    memberships = Membership.objects.select_related("user", "group", "decided_by")
    if not is_staff(user) and not is_member(user):
        # Seats only count while the user belongs to an active member company.
        return with_company(memberships.filter(user=user))
    if not is_staff(user):
        my_groups = Membership.objects.active().filter(user=user).values("group_id")
        memberships = memberships.filter(Q(group_id__in=my_groups) | Q(user=user))
    return with_company(memberships)


def _chaired_group_ids(user) -> list[int] | None:
    """Ids of the groups ``user`` chairs, from the memberships this request read already; else None."""
    mine = recall(_LIVE_MEMBERSHIPS.format(pk=user.pk))
    if mine is None:
        return None
    return [m.group_id for m in mine if m.status == MembershipStatus.ACTIVE and m.role in CHAIR_ROLES]


def chaired_groups(user) -> QuerySet[WorkingGroup]:
    if not is_member(user):
        return WorkingGroup.objects.none()
    known = _chaired_group_ids(user)
    if known is not None:
        return WorkingGroup.objects.filter(pk__in=known)
    return WorkingGroup.objects.filter(pk__in=Membership.objects.chairs().filter(user=user).values("group_id"))


def memberships_to_decide(user) -> QuerySet[Membership]:
    """Pending join requests ``user`` may decide: those of the groups they chair, or all for staff."""
    if not user.is_authenticated:
        return Membership.objects.none()
    pending = Membership.objects.pending().select_related("user", "group")
    if not is_staff(user):
        if not is_member(user) or _chaired_group_ids(user) == []:
            # Chairs nothing: no query (most members, once the page has read their memberships).
            return Membership.objects.none()
        pending = pending.filter(group__in=chaired_groups(user))
    return with_company(pending).order_by("requested_at", "pk")


def my_memberships(user) -> QuerySet[Membership]:
    """The user's active and pending memberships, with their groups."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.live()
        .filter(user=user)
        .select_related("group")
        .order_by("group__position", "group__name", "pk")
    )


_LIVE_MEMBERSHIPS = "groups:live-memberships:{pk}"


def live_memberships(user) -> list[Membership]:
    """``my_memberships`` as a list, read once per request: later reads of the same request (the
    groups the user chairs, the meetings they see) use these rows instead of a subquery."""
    if not user.is_authenticated:
        return []
    return per_request(_LIVE_MEMBERSHIPS.format(pk=user.pk), lambda: list(my_memberships(user)))


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """Meetings of the groups where ``user`` is an active member; all for staff."""
    if not user.is_authenticated:
        return Meeting.objects.none()
    meetings = Meeting.objects.select_related("group")
    if is_staff(user):
        return meetings
    if not is_member(user):
        return Meeting.objects.none()
    mine = recall(_LIVE_MEMBERSHIPS.format(pk=user.pk))
    if mine is not None:
        return meetings.filter(group_id__in=[m.group_id for m in mine if m.status == MembershipStatus.ACTIVE])
    return meetings.filter(group__in=Membership.objects.active().filter(user=user).values("group_id"))


def upcoming_meetings(meetings: QuerySet[Meeting], *, now=None, include_cancelled: bool = False) -> QuerySet[Meeting]:
    """Meetings not over yet, soonest first; cancelled ones only when asked (the group page strikes them out)."""
    meetings = meetings.filter(ends_at__gte=now or timezone.now())
    if not include_cancelled:
        meetings = meetings.filter(cancelled_at__isnull=True)
    return meetings.order_by("starts_at", "pk")


def meeting_audience(meeting: Meeting) -> QuerySet:
    """People to tell about a change of ``meeting``: the group's members, as for its page and reminders
    (an active seat, an active account, an approved affiliation to an active company)."""
    seats = Membership.objects.active().filter(group_id=meeting.group_id).values("user_id")
    return people_of().filter(pk__in=seats).order_by("pk")


def subgroup_ids(group: WorkingGroup) -> list[int]:
    """Ids of every group under ``group``, at any depth (one query: the tree is small)."""
    children: dict[int, list[int]] = {}
    for pk, parent_id in WorkingGroup.objects.filter(parent__isnull=False).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, todo = [], list(children.get(group.pk, []))
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.append(pk)
            todo.extend(children.get(pk, []))
    return sorted(found)


def company_memberships(company: Company) -> QuerySet[Membership]:
    """Active and pending memberships of a company's people, by group."""
    people = Affiliation.objects.approved().filter(company=company).values("user_id")
    return (
        Membership.objects.live()
        .filter(user_id__in=people)
        .select_related("user", "group")
        .order_by("group__position", "group__name", "group_id", "role", "user__full_name", "pk")
    )


def company_seat_holders(*, group: WorkingGroup, company: Company) -> QuerySet[Membership]:
    """Active memberships of a group held by people of ``company``."""
    people = Affiliation.objects.approved().filter(company=company).values("user_id")
    return (
        Membership.objects.active()
        .filter(group=group, user_id__in=people)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
