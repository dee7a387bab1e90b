"""Reads about calls and submissions, scoped to who asks. Visibility rules live here, once."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone

from groups.models import Affiliation, Company
from groups.selectors import company_of
from snitem_portal.users.permissions import is_staff

from .enums import REVIEWABLE_STATUSES, SENT_STATUSES, CallStatus, PartnershipStatus, SubmissionStatus
from .models import Attachment, Call, Criterion, Partnership, Review, Submission

# Only a partner company that confirmed counts for recusal (projects.services.partnerships).
CONFIRMED_PARTNERSHIPS = Partnership.objects.filter(status=PartnershipStatus.CONFIRMED)


def calls_visible_to(user) -> QuerySet[Call]:
    """Staff see every call; everybody else the published, closed and decided ones."""
    calls = Call.objects.all()
    if not is_staff(user):
        calls = calls.exclude(status=CallStatus.DRAFT)
    return calls


def calls_for_list(user, *, now) -> QuerySet[Call]:
    """Open calls first (soonest deadline first), then upcoming, then past ones (latest first)."""
    published = Q(status=CallStatus.PUBLISHED)
    return (
        calls_visible_to(user)
        .annotate(
            list_rank=Case(
                When(published & Q(opens_at__lte=now, closes_at__gt=now), then=Value(0)),
                When(published & Q(opens_at__gt=now), then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            open_closes_at=Case(When(published & Q(opens_at__lte=now, closes_at__gt=now), then=F("closes_at"))),
            laureate_count=Count(
                "submissions",
                filter=Q(submissions__status=SubmissionStatus.LAUREATE),
            ),
        )
        .order_by("list_rank", F("open_closes_at").asc(nulls_last=True), "-closes_at", "pk")
    )


def call_with_criteria(queryset: QuerySet[Call]) -> QuerySet[Call]:
    return queryset.prefetch_related(Prefetch("criteria", queryset=Criterion.objects.order_by("position", "pk")))


_RECUSAL_CACHE_ATTR = "_projects_recusal_company_id"


def recusal_company_id(user) -> int | None:
    """The company ``user`` is tied to by an approved affiliation, whatever that company's status.

    Recusal rests on this, not on company_of() (active companies only): the people of a suspended
    company still may not judge its applications. Cached on the user object for the request.
    """
    if not user.is_authenticated:
        return None
    company = company_of(user)  # cached; one live affiliation per user, so the same one if any
    if company is not None:
        return company.pk
    if not hasattr(user, _RECUSAL_CACHE_ATTR):
        setattr(
            user,
            _RECUSAL_CACHE_ATTR,
            Affiliation.objects.approved().filter(user=user).values_list("company_id", flat=True).first(),
        )
    return getattr(user, _RECUSAL_CACHE_ATTR)


def past_deadline(now) -> Q:
    """Submissions whose company can no longer change or withdraw them: the call's closing (or the
    submission's later extension) has passed, or the call was closed early and no extension runs.
    The Q form of Submission.is_past_deadline."""
    no_running_extension = Q(extension_until__isnull=True) | Q(extension_until__lte=now)
    return no_running_extension & (
        Q(call__closes_at__lte=now) | Q(call__status__in=(CallStatus.CLOSED, CallStatus.DECIDED))
    )


def _not_recused(user) -> Q:
    """Not an application of, or with, the company of any approved affiliation of ``user`` (a subquery:
    no query of its own)."""
    companies = Affiliation.objects.approved().filter(user=user).values("company_id")
    return ~Q(company_id__in=companies) & ~Q(
        pk__in=CONFIRMED_PARTNERSHIPS.filter(company_id__in=companies).values("submission_id")
    )


def _as_juror(user, now) -> Q:
    """What a juror may read and score: the sent submissions of their calls once the company's
    deadline has passed (scoring earlier would freeze an application the company may still
    withdraw), except those of their own company or of a partner company (recusal)."""
    return (
        Q(status__in=REVIEWABLE_STATUSES, call__in=Call.objects.filter(jurors=user).values("pk"))
        & past_deadline(now)
        & _not_recused(user)
    )


def submissions_visible_to(user, *, now=None) -> QuerySet[Submission]:
    """Own company's submissions (drafts included); staff: every sent one; jurors: the sent ones of
    their calls past their deadline, except those of their own company or of a partner company
    (recusal)."""
    if not user.is_authenticated:
        return Submission.objects.none()
    now = now or timezone.now()
    visible = Q(pk__in=[])
    company = company_of(user)
    if company is not None:
        visible |= Q(company=company)
    if is_staff(user):
        visible |= Q(status__in=SENT_STATUSES)
    visible |= _as_juror(user, now)
    return Submission.objects.filter(visible)


PARTNERSHIPS = Prefetch("partnerships", queryset=Partnership.objects.select_related("company"))


def partnership_requests(company) -> QuerySet[Partnership]:
    """Partnerships naming ``company`` that its referents have not answered, on live applications."""
    return (
        Partnership.objects.filter(company=company, status=PartnershipStatus.PENDING)
        .exclude(submission__status=SubmissionStatus.WITHDRAWN)
        .select_related("submission__call", "submission__company", "named_by")
        .order_by("named_at", "pk")
    )


def submission_list(queryset: QuerySet[Submission]) -> QuerySet[Submission]:
    """What lists and the API show of each submission, in a fixed number of queries."""
    return queryset.select_related("call", "company", "submitted_by").prefetch_related(
        PARTNERSHIPS, Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "pk"))
    )


def attachments_visible_to(user) -> QuerySet[Attachment]:
    return Attachment.objects.filter(submission__in=submissions_visible_to(user).values("pk"))


def juror_company_ids(user_ids) -> dict[int, int]:
    """user id -> id of the company they are an approved member of, whatever its status (recusal)."""
    return dict(Affiliation.objects.approved().filter(user_id__in=list(user_ids)).values_list("user_id", "company_id"))


def conflicting_company_ids(submission: Submission) -> set[int]:
    """Companies whose people may not judge ``submission``: the applicant and its confirmed partners."""
    ids = {p.company_id for p in submission.partnerships.all() if p.status == PartnershipStatus.CONFIRMED}
    if submission.company_id:
        ids.add(submission.company_id)
    return ids


def is_recused(user, submission: Submission) -> bool:
    company_id = recusal_company_id(user)
    return company_id is not None and company_id in conflicting_company_ids(submission)


def is_juror(user, call: Call) -> bool:
    return user.is_authenticated and call.jurors.filter(pk=user.pk).exists()


def submissions_to_review(user, call: Call, *, now=None) -> QuerySet[Submission]:
    """The sent submissions of ``call`` past their deadline that ``user`` (a juror) may score, with
    their own review."""
    if not is_juror(user, call):
        return Submission.objects.none()
    # Not through submissions_visible_to: a juror's own company's applications (or, for staff, any
    # sent one) are visible to them for other reasons, never to score.
    submissions = Submission.objects.filter(_as_juror(user, now or timezone.now()), call=call)
    return (
        submissions.select_related("company")
        .annotate(reviewed=Exists(Review.objects.filter(submission=OuterRef("pk"), juror=user)))
        .order_by("submitted_at", "pk")
    )


def reviews_to_do(user, *, now=None) -> QuerySet[Submission]:
    """Across the user's juries: sent submissions past their deadline, open to scoring, that they may
    score and have not reviewed yet."""
    if not user.is_authenticated:
        return Submission.objects.none()
    submissions = Submission.objects.filter(
        _as_juror(user, now or timezone.now()),
        status__in=(SubmissionStatus.SUBMITTED, SubmissionStatus.UNDER_REVIEW),
    )
    return submissions.exclude(reviews__juror=user).select_related("call", "company").order_by("call__closes_at", "pk")


def with_scores(queryset: QuerySet[Submission]) -> QuerySet[Submission]:
    """Annotate the weighted score (0-10, criteria weights) over all reviews and the reviews done."""
    weighted = Sum(F("reviews__scores__value") * F("reviews__scores__criterion__weight"))
    weights = Sum("reviews__scores__criterion__weight")
    return queryset.annotate(
        weighted_score=Cast(weighted, FloatField()) / Cast(weights, FloatField()),
        reviews_done=Count("reviews", distinct=True),
    )


@dataclass
class RankingRow:
    submission: Submission
    rank: int | None
    score: float | None
    reviews_done: int
    reviews_missing: int
    recused: list = field(default_factory=list)


def ranking(call: Call) -> list[RankingRow]:
    """Sent submissions of ``call`` with their weighted score (0-10), reviews done and missing, and
    recused jurors; best first. Four queries whatever the number of submissions."""
    jurors = list(call.jurors.order_by("full_name", "email"))
    companies = juror_company_ids(juror.pk for juror in jurors)
    submissions = (
        with_scores(Submission.objects.filter(call=call, status__in=REVIEWABLE_STATUSES))
        .select_related("company")
        .prefetch_related(PARTNERSHIPS)
        .order_by(F("weighted_score").desc(nulls_last=True), "submitted_at", "pk")
    )
    rows = []
    rank = 0
    for submission in submissions:
        conflicts = conflicting_company_ids(submission)
        recused = [juror for juror in jurors if companies.get(juror.pk) in conflicts]
        expected = len(jurors) - len(recused)
        score = round(submission.weighted_score, 2) if submission.weighted_score is not None else None
        if score is not None:
            rank += 1
        rows.append(
            RankingRow(
                submission=submission,
                rank=rank if score is not None else None,
                score=score,
                reviews_done=submission.reviews_done,
                reviews_missing=max(expected - submission.reviews_done, 0),
                recused=recused,
            )
        )
    return rows


def laureates_of(call: Call) -> QuerySet[Submission]:
    """Published laureates of a call (what anybody may see)."""
    return (
        Submission.objects.filter(call=call, status=SubmissionStatus.LAUREATE, decision_published_at__isnull=False)
        .select_related("company")
        .prefetch_related("authorisations", "roadmap_actions")
        .order_by("title")
    )


def laureates_serving(action) -> QuerySet[Submission]:
    """Published laureate projects that serve a roadmap action (public, like the laureates page)."""
    return (
        Submission.objects.filter(
            roadmap_actions=action, status=SubmissionStatus.LAUREATE, decision_published_at__isnull=False
        )
        .select_related("call", "company")
        .order_by("-call__closes_at", "title")
    )


def drafts_of_company(company, *, now) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(company=company, status=SubmissionStatus.DRAFT, call__closes_at__gt=now)
        .select_related("call")
        .order_by("call__closes_at", "pk")
    )


def calls_closing_soon(*, now, days: int) -> QuerySet[Call]:
    return (
        Call.objects.filter(status=CallStatus.PUBLISHED, closes_at__gt=now, closes_at__lte=now + timedelta(days=days))
        .annotate(
            draft_count=Count("submissions", filter=Q(submissions__status=SubmissionStatus.DRAFT)),
            submitted_count=Count("submissions", filter=Q(submissions__status__in=REVIEWABLE_STATUSES)),
        )
        .order_by("closes_at")
    )


def companies_with_drafts(call: Call):
    """Companies holding a draft for ``call`` (told when the deadline moves)."""
    return (
        Company.objects.active().filter(submissions__call=call, submissions__status=SubmissionStatus.DRAFT).distinct()
    )


def referents_of_companies(company_ids):
    return (
        Affiliation.objects.referents()
        .filter(company_id__in=list(company_ids))
        .select_related("user", "company")
        .order_by("company_id", "user__email")
    )


def people_of_companies(company_ids):
    return (
        Affiliation.objects.approved()
        .filter(company_id__in=list(company_ids))
        .select_related("user", "company")
        .order_by("company_id", "user__email")
    )
