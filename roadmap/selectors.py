"""Reads about the roadmap, consultations and positions, scoped to who asks.

Visibility rules, written once here and used by pages, exports and the API:
- roadmaps and actions are public;
- a consultation is seen by staff and by the members of the companies it invites
  (every active company, or the companies of the group's active members);
- a company's own position is seen by its members whatever its state; another company's
  position only once submitted *and* shared, and only by the companies the consultation
  invites; staff see submitted positions. Drafts stay inside their company.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    Avg,
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, JSONObject, Round
from django.utils import timezone

from groups.enums import CHAIR_ROLES, AffiliationStatus, MembershipStatus
from groups.models import Company, Membership, WorkingGroup
from groups.permissions import is_group_chair
from groups.selectors import chaired_groups, company_of, is_member, live_memberships
from snitem_portal.memo import per_request
from snitem_portal.users.permissions import is_staff

from .conf import stale_days, synthesis_min_group
from .enums import CLOSED_STATUSES, ArgumentsShown, PositionStatus, Stance
from .models import Action, Answer, Consultation, Orientation, Position, Roadmap
from .synthesis import Masking, QuestionSynthesis, is_masked, protect, protect_counts, question_syntheses

# Roadmap ----------------------------------------------------------------------------------


def roadmaps() -> QuerySet[Roadmap]:
    return Roadmap.objects.all()


def stale_q(now=None) -> Q:
    """Actions not updated for ``ROADMAP_STALE_DAYS`` and not finished."""
    now = now or timezone.now()
    return Q(updated_at__lt=now - timedelta(days=stale_days())) & ~Q(status__in=CLOSED_STATUSES)


def actions_list(*, now=None) -> QuerySet[Action]:
    """Actions with what a list needs: orientation, pilot group and ``is_stale``."""
    return (
        Action.objects.select_related("orientation", "pilot_group", "roadmap")
        .annotate(is_stale=ExpressionWrapper(stale_q(now), output_field=BooleanField()))
        .order_by("roadmap__position", "number")
    )


def with_followers(actions: QuerySet[Action], user) -> QuerySet[Action]:
    """Annotate ``follower_count`` and whether ``user`` follows (``is_following``), in the actions' query."""
    followers = Action.followers.through.objects.filter(action=OuterRef("pk"))
    return actions.annotate(
        follower_count=Coalesce(
            Subquery(followers.values("action").annotate(total=Count("pk")).values("total")[:1]), 0
        ),
        is_following=Exists(followers.filter(user_id=user.pk)) if user.is_authenticated else Value(False),
    )


def orientations_with_progress(roadmap: Roadmap | None = None) -> QuerySet[Orientation]:
    """Orientations with ``progress`` (mean of their actions', rounded) and ``action_count``."""
    queryset = Orientation.objects.select_related("roadmap").annotate(
        action_count=Count("actions"),
        progress=Coalesce(Round(Avg("actions__progress")), 0.0),
    )
    if roadmap is not None:
        queryset = queryset.filter(roadmap=roadmap)
    return queryset.order_by("roadmap__position", "number")


def roadmap_progress(roadmap: Roadmap) -> int:
    value = Action.objects.filter(roadmap=roadmap).aggregate(progress=Avg("progress"))["progress"]
    return round(value or 0)


def owners_of(roadmap: Roadmap) -> list[str]:
    return list(
        Action.objects.filter(roadmap=roadmap)
        .exclude(owner="")
        .order_by("owner")
        .values_list("owner", flat=True)
        .distinct()
    )


# Consultations -----------------------------------------------------------------------------


def group_companies(group) -> QuerySet[Company]:
    """Active companies with at least one active member in ``group`` (via an approved affiliation)."""
    return Company.objects.active().filter(
        Exists(
            Membership.objects.active().filter(
                group=group,
                user__affiliations__company=OuterRef("pk"),
                user__affiliations__status=AffiliationStatus.APPROVED,
            )
        )
    )


def audience_companies(consultation: Consultation) -> QuerySet[Company]:
    """The companies a consultation invites."""
    if consultation.group_id is None:
        return Company.objects.active()
    return group_companies(consultation.group_id)


def _groups_of_company(company: Company):
    return (
        Membership.objects.active()
        .filter(
            user__affiliations__company=company,
            user__affiliations__status=AffiliationStatus.APPROVED,
        )
        .values("group_id")
    )


def consultations_for_company(company: Company) -> QuerySet[Consultation]:
    """Consultations that invite ``company`` (or where it already holds a position)."""
    return Consultation.objects.filter(
        Q(group__isnull=True)
        | Q(group_id__in=_groups_of_company(company))
        | Q(pk__in=Position.objects.filter(company=company).values("consultation_id"))
    )


def chaired_group_ids(user) -> set[int]:
    """Ids of the groups ``user`` chairs, from their memberships read once per request."""
    if not is_member(user):
        return set()
    return {m.group_id for m in live_memberships(user) if m.status == MembershipStatus.ACTIVE and m.role in CHAIR_ROLES}


def chairs_an_active_group(user) -> bool:
    """Whether ``user`` chairs an active group (from their memberships read once per request)."""
    if not is_member(user):
        return False
    return any(
        m.status == MembershipStatus.ACTIVE and m.role in CHAIR_ROLES and m.group.is_active
        for m in live_memberships(user)
    )


def consultation_groups_for(user) -> QuerySet[WorkingGroup]:
    """The groups ``user`` may open a consultation for: every active group for staff, else those they chair."""
    if is_staff(user):
        return WorkingGroup.objects.filter(is_active=True)
    return chaired_groups(user).filter(is_active=True)


def consultations_visible_to(user) -> QuerySet[Consultation]:
    if not user.is_authenticated:
        return Consultation.objects.none()
    if is_staff(user):
        base = Consultation.objects.all()
    else:
        company = company_of(user)
        if company is None:
            return Consultation.objects.none()
        base = consultations_for_company(company)
    return base.select_related("action", "action__orientation", "group").order_by("-closes_at", "-pk")


def with_my_position(queryset: QuerySet[Consultation], user) -> QuerySet[Consultation]:
    """Prefetch the caller's company's position on each consultation as ``my_positions``."""
    company = company_of(user) if user.is_authenticated else None
    own = Position.objects.filter(company=company) if company else Position.objects.none()
    return queryset.prefetch_related(Prefetch("positions", queryset=own, to_attr="my_positions"))


def consultations_on_action(user, action: Action) -> list[Consultation]:
    """The consultations on ``action`` that ``user`` sees, with ``my_positions``, read once per request
    (the action page and the panels other apps add to it show the same ones)."""
    return per_request(
        f"roadmap:consultations-on-action:{user.pk}:{action.pk}",
        lambda: list(with_my_position(consultations_visible_to(user).filter(action=action), user)),
    )


def is_invited(company: Company | None, consultation: Consultation) -> bool:
    if company is None:
        return False
    return consultations_for_company(company).filter(pk=consultation.pk).exists()


# Positions ----------------------------------------------------------------------------------


def positions_visible_to(user) -> QuerySet[Position]:
    if not user.is_authenticated:
        return Position.objects.none()
    base = Position.objects.select_related("company")
    if is_staff(user):
        return base.filter(status=PositionStatus.SUBMITTED)
    company = company_of(user)
    if company is None:
        return Position.objects.none()
    # Other companies' named positions only once the consultation shows its arguments (see synthesis_of).
    # The consultations are inlined as a list (a short query, once per request) rather than a subquery:
    # the filter is then an OR of two index scans (the company's positions; the submitted and shared
    # positions of those consultations, a partial index), so counting the visible positions does not
    # read the whole table.
    others = Q(
        status=PositionStatus.SUBMITTED,
        shared=True,
        consultation_id__in=consultations_showing_arguments_to(company),
    )
    return base.filter(Q(company=company) | others)


def consultations_showing_arguments_to(company: Company) -> list[int]:
    """Ids of the consultations inviting ``company`` whose shared arguments its members read now (shown
    live, or closed), read once per request."""

    def build() -> list[int]:
        shown = Q(arguments_shown=ArgumentsShown.LIVE) | Q(closes_at__lte=timezone.now())
        return list(consultations_for_company(company).filter(shown).order_by("pk").values_list("pk", flat=True))

    return per_request(f"roadmap:arguments-shown-to:{company.pk}", build)


def with_answers(positions: QuerySet[Position]) -> QuerySet[Position]:
    """Each position's answers read in the positions' own query rather than a second one: ``answer_rows``,
    [{"question": id, "value": ..., "revision": ...}] in the questions' order."""
    rows = (
        Answer.objects.filter(position=OuterRef("pk"))
        .order_by("question__position", "question_id")
        .values(row=JSONObject(question="question_id", value="value", revision="revision_value"))
    )
    return positions.annotate(answer_rows=ArraySubquery(rows))


def own_positions(user) -> QuerySet[Position]:
    """Positions the caller may edit: their company's."""
    company = company_of(user) if user.is_authenticated else None
    if company is None:
        return Position.objects.none()
    return Position.objects.select_related("company", "consultation").filter(company=company)


def working_answers(position: Position | None, *, submitted: bool = False) -> dict[int, object]:
    """What the company's members edit: the answers of the pending revision if any, else the position's.
    ``submitted``: the position's own answers (the company's answer), whatever its revision."""
    if position is None:
        return {}
    field = "revision_value" if position.has_pending_revision and not submitted else "value"
    rows = Answer.objects.filter(position=position).values_list("question_id", field)
    return {question_id: value for question_id, value in rows if value is not None}


def company_record(company: Company) -> QuerySet[Position]:
    """A company's submitted positions, newest consultation first, with their answers and questions
    (three queries per page whatever its length). Drafts and pending revisions are not its record."""
    return (
        Position.objects.filter(company=company, status=PositionStatus.SUBMITTED)
        .select_related("consultation", "consultation__action", "consultation__group", "submitted_by")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.filter(value__isnull=False).select_related("question"),
                to_attr="record_answers",
            )
        )
        .order_by("-consultation__closes_at", "-pk")
    )


def open_consultations_awaiting(company: Company, *, now=None) -> QuerySet[Consultation]:
    """Open consultations inviting ``company`` where it has no submitted position yet."""
    now = now or timezone.now()
    return (
        consultations_for_company(company)
        .filter(opens_at__lte=now, closes_at__gt=now)
        # One subquery, so that company and status are those of the same position.
        .filter(
            ~Exists(
                Position.objects.filter(consultation=OuterRef("pk"), company=company, status=PositionStatus.SUBMITTED)
            )
        )
        .select_related("action")
        .order_by("closes_at")
    )


def drafts_awaiting_signoff(company: Company, *, now=None) -> QuerySet[Position]:
    now = now or timezone.now()
    return (
        Position.objects.filter(
            Q(status=PositionStatus.DRAFT) | ~Q(revision_stance=""),
            company=company,
            consultation__opens_at__lte=now,
            consultation__closes_at__gt=now,
        )
        .select_related("consultation", "consultation__action", "updated_by")
        .order_by("consultation__closes_at")
    )


# Synthesis ---------------------------------------------------------------------------------


@dataclass
class Synthesis:
    """Counts are None where masked for the viewer (see ``roadmap.synthesis``)."""

    invited: int | None
    responded: int | None
    no_record: int | None  # invited companies with no submitted position
    counts: dict
    masking: Masking = field(default_factory=lambda: Masking(min_group=1, applies=False))
    # Their names: only for staff and the audience group's chairs (to a member, the list would tell
    # who did not answer and, for a group consultation, which companies sit in the group).
    no_record_companies: list = field(default_factory=list)
    arguments: list = field(default_factory=list)  # [(stance value, label, [Position])]
    not_shown: int | None = 0  # submitted positions not shared with the viewer
    arguments_hidden_until: datetime | None = None  # other companies' arguments are shown from then on
    questions: list[QuestionSynthesis] = field(default_factory=list)

    @property
    def masked(self) -> bool:
        """Whether some count is masked for the viewer."""
        counts = [self.invited, self.responded, self.no_record, self.not_shown, *self.counts.values()]
        return any(is_masked(count) for count in counts) or any(question.masked for question in self.questions)

    @property
    def bars(self) -> list[dict]:
        """Chart rows: label, count (None if masked) and width (% of the largest shown count, for CSS
        width classes; a masked count draws no bar, which would tell its size)."""
        peak = max((count for count in self.counts.values() if not is_masked(count)), default=0) or 1
        return [
            {
                "stance": stance,
                "label": Stance(stance).label,
                "count": count,
                "width": 0 if is_masked(count) else round(100 * count / peak),
            }
            for stance, count in self.counts.items()
        ]


def may_see_no_record(viewer, consultation: Consultation) -> bool:
    """Staff and the chairs of the consultation's group see which invited companies did not answer."""
    return is_staff(viewer) or (consultation.group_id is not None and is_group_chair(viewer, consultation.group))


def synthesis_of(consultation: Consultation, *, viewer, questions: list | None = None) -> Synthesis:
    """The synthesis as ``viewer`` may see it (two queries whatever the number of companies).

    Every submitted position counts as a response. Stances and arguments come only from
    positions the viewer may read: staff read every submitted one; a member reads their
    company's and the submitted positions other companies chose to share. Drafts and pending
    revisions never count: a submitted position counts as submitted until a new version is.
    Other companies' arguments reach a member only once the consultation allows it (after its
    closing, unless it shows them live); the counts are always live. To a member, counts below
    ``SYNTHESIS_MIN_GROUP`` are masked (None); staff and the group's chairs read them all. The
    questions add two queries (the questions, unless given, and their answers).
    """
    companies = list(audience_companies(consultation).order_by("name").values_list("pk", "name"))
    submitted = list(
        Position.objects.filter(consultation=consultation, status=PositionStatus.SUBMITTED)
        .select_related("company")
        # What the synthesis reads of each (a few hundred rows): building whole rows doubled its cost.
        .only("company", "company__name", "stance", "shared", "argument")
        .order_by("company__name")
    )
    viewer_company = None if is_staff(viewer) else company_of(viewer)
    invited_ids = {pk for pk, _name in companies} | {p.company_id for p in submitted}
    responded_ids = {p.company_id for p in submitted}
    counts = dict.fromkeys(Stance.values, 0)
    readable = [
        p
        for p in submitted
        if is_staff(viewer) or p.shared or (viewer_company is not None and p.company_id == viewer_company.pk)
    ]
    for position in readable:
        counts[position.stance] += 1
    arguments_hidden = not is_staff(viewer) and not consultation.arguments_visible_at(timezone.now())
    if arguments_hidden:
        quotable = [p for p in readable if viewer_company is not None and p.company_id == viewer_company.pk]
    else:
        quotable = readable
    arguments = [
        (stance, Stance(stance).label, [p for p in quotable if p.stance == stance and p.argument])
        for stance in Stance.values
    ]
    no_record = [name for pk, name in companies if pk not in responded_ids]
    exact = may_see_no_record(viewer, consultation)
    masking = Masking(min_group=synthesis_min_group(), applies=not exact)
    invited, responded = masking.count(len(invited_ids)), masking.count(len(responded_ids))
    shown_counts, not_shown = protect_counts(
        counts={stance: masking.count(count) for stance, count in counts.items()},
        not_shown=masking.count(len(submitted) - len(readable)),
        responded=responded,
        masking=masking,
    )
    answered = {"responded": responded, "no_record": masking.count(len(no_record))}
    if masking.applies:
        answered = protect(answered, invited)
    return Synthesis(
        invited=invited,
        responded=answered["responded"],
        no_record=answered["no_record"],
        no_record_companies=no_record if exact else [],
        counts=shown_counts,
        masking=masking,
        arguments=[row for row in arguments if row[2]],
        not_shown=not_shown,
        arguments_hidden_until=consultation.closes_at if arguments_hidden else None,
        questions=question_syntheses(
            list(consultation.questions.all()) if questions is None else questions,
            readable,
            quotable=quotable,
            masking=masking,
        ),
    )


def stance_counts(consultations: list[Consultation], *, viewer) -> dict[int, dict[str, int | None]]:
    """Each consultation's stance counts exactly as ``synthesis_of`` gives them to ``viewer`` (same rule:
    staff count every submitted position, a member the shared ones and their company's; to members,
    small counts masked and protected), for many consultations in one query (the counts; the groups
    the viewer chairs come from their memberships, read once per request)."""
    if not consultations:
        return {}
    staff = is_staff(viewer)
    readable = Q()
    if not staff:
        company = company_of(viewer)
        readable = Q(shared=True) | Q(company=company) if company else Q(shared=True)
    rows = (
        Position.objects.filter(consultation__in=consultations, status=PositionStatus.SUBMITTED)
        .values("consultation_id", "stance")
        .annotate(total=Count("pk"), readable=Count("pk", filter=readable))
    )
    found: dict[int, dict[str, tuple[int, int]]] = {}
    for row in rows:
        found.setdefault(row["consultation_id"], {})[row["stance"]] = (row["total"], row["readable"])
    chaired = set() if staff else chaired_group_ids(viewer)
    counts = {}
    for consultation in consultations:
        masking = Masking(min_group=synthesis_min_group(), applies=not (staff or consultation.group_id in chaired))
        mine = found.get(consultation.pk, {})
        submitted = sum(total for total, _readable in mine.values())
        shown = {stance: mine.get(stance, (0, 0))[1] for stance in Stance.values}
        counts[consultation.pk], _not_shown = protect_counts(
            counts={stance: masking.count(count) for stance, count in shown.items()},
            not_shown=masking.count(submitted - sum(shown.values())),
            responded=masking.count(submitted),
            masking=masking,
        )
    return counts


def synthesis_rows(consultation: Consultation) -> list[dict]:
    """One row per invited company for the staff export: its submitted position, or nothing."""
    companies = list(audience_companies(consultation).order_by("name"))
    submitted = {
        p.company_id: p
        for p in Position.objects.filter(consultation=consultation, status=PositionStatus.SUBMITTED).select_related(
            "company", "submitted_by"
        )
    }
    extra = [p.company for p in submitted.values() if p.company_id not in {c.pk for c in companies}]
    rows = []
    for company in [*companies, *extra]:
        position = submitted.get(company.pk)
        rows.append(
            {
                "company": company.name,
                "siren": company.siren,
                "status": PositionStatus.SUBMITTED.label if position else "",
                "stance": position.get_stance_display() if position else "",
                "shared": (position.shared if position else None),
                "argument": position.argument if position else "",
                "submitted_at": position.submitted_at if position else None,
                "submitted_by": (position.submitted_by.display_email if position and position.submitted_by else ""),
            }
        )
    return rows
