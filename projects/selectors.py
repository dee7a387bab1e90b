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

from groups.enums import AffiliationStatus, CompanyRole, CompanyStatus
from groups.models import Affiliation, Company
from groups.selectors import company_of

from .enums import REVIEWABLE_STATUSES, SENT_STATUSES, CallStatus, SubmissionStatus
from .models import Attachment, Call, Criterion, Review, Submission

PartnerLink = Submission.partners.through


def calls_visible_to(user) -> QuerySet[Call]:
    """Staff see every call; everybody else the published, closed and decided ones."""
    calls = Call.objects.all()
    if not (user.is_authenticated and user.is_staff):
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


def submissions_visible_to(user) -> QuerySet[Submission]:
    """Own company's submissions (drafts included); staff: every sent one; jurors: the sent ones of
    their calls, except those of their own company or of a partner company (recusal)."""
    if not user.is_authenticated:
        return Submission.objects.none()
    visible = Q(pk__in=[])
    company = company_of(user)
    if company is not None:
        visible |= Q(company=company)
    if user.is_staff:
        visible |= Q(status__in=SENT_STATUSES)
    as_juror = Q(status__in=REVIEWABLE_STATUSES, call__in=Call.objects.filter(jurors=user).values("pk"))
    if company is not None:
        as_juror &= ~Q(company=company) & ~Q(pk__in=PartnerLink.objects.filter(company=company).values("submission_id"))
    visible |= as_juror
    return Submission.objects.filter(visible)


def submission_list(queryset: QuerySet[Submission]) -> QuerySet[Submission]:
    """What lists and the API show of each submission, in a fixed number of queries."""
    return queryset.select_related("call", "company", "submitted_by").prefetch_related(
        "partners", Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "pk"))
    )


def attachments_visible_to(user) -> QuerySet[Attachment]:
    return Attachment.objects.filter(submission__in=submissions_visible_to(user).values("pk"))


def juror_company_ids(user_ids) -> dict[int, int]:
    """user id -> id of the active company they are an approved member of."""
    return dict(
        Affiliation.objects.filter(
            user_id__in=list(user_ids),
            status=AffiliationStatus.APPROVED,
            company__status=CompanyStatus.ACTIVE,
        ).values_list("user_id", "company_id")
    )


def conflicting_company_ids(submission: Submission) -> set[int]:
    """Companies whose people may not judge ``submission``: the applicant and its partners."""
    ids = {partner.pk for partner in submission.partners.all()}
    if submission.company_id:
        ids.add(submission.company_id)
    return ids


def is_recused(user, submission: Submission) -> bool:
    company = company_of(user)
    return company is not None and company.pk in conflicting_company_ids(submission)


def is_juror(user, call: Call) -> bool:
    return user.is_authenticated and call.jurors.filter(pk=user.pk).exists()


def submissions_to_review(user, call: Call) -> QuerySet[Submission]:
    """The sent submissions of ``call`` that ``user`` (a juror) may score, with their own review."""
    if not is_juror(user, call):
        return Submission.objects.none()
    submissions = submissions_visible_to(user).filter(call=call, status__in=REVIEWABLE_STATUSES)
    company = company_of(user)
    if company is not None:
        # A juror's own company's applications are visible to them as a member, never to score.
        submissions = submissions.exclude(company=company).exclude(
            pk__in=PartnerLink.objects.filter(company=company).values("submission_id")
        )
    return (
        submissions.select_related("company")
        .annotate(reviewed=Exists(Review.objects.filter(submission=OuterRef("pk"), juror=user)))
        .order_by("submitted_at", "pk")
    )


def reviews_to_do(user) -> QuerySet[Submission]:
    """Across the user's juries: visible sent submissions they have not reviewed yet (open to scoring)."""
    submissions = submissions_visible_to(user).filter(
        status__in=(SubmissionStatus.SUBMITTED, SubmissionStatus.UNDER_REVIEW),
        call__in=Call.objects.filter(jurors=user).values("pk"),
    )
    company = company_of(user)
    if company is not None:
        submissions = submissions.exclude(company=company).exclude(
            pk__in=PartnerLink.objects.filter(company=company).values("submission_id")
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
        .prefetch_related("partners")
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
    return Company.objects.filter(
        submissions__call=call, submissions__status=SubmissionStatus.DRAFT, status=CompanyStatus.ACTIVE
    ).distinct()


def referents_of_companies(company_ids):
    return (
        Affiliation.objects.filter(
            company_id__in=list(company_ids), role=CompanyRole.REFERENT, status=AffiliationStatus.APPROVED
        )
        .select_related("user", "company")
        .order_by("company_id", "user__email")
    )


def people_of_companies(company_ids):
    return (
        Affiliation.objects.filter(company_id__in=list(company_ids), status=AffiliationStatus.APPROVED)
        .select_related("user", "company")
        .order_by("company_id", "user__email")
    )
