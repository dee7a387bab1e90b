"""Demo calls: one open call with drafts and submitted applications, one past call under review."""

from datetime import timedelta

from snitem_portal.demo import Demo

from .enums import CallStatus, SubmissionStatus
from .models import Call, Criterion, Review, Score, Submission
from .services import render_snapshot

CRITERIA = [("Intérêt pour la santé publique", 3), ("Qualité scientifique", 2), ("Faisabilité", 1)]


def _call(demo: Demo, *, slug, title, opens_at, closes_at, status) -> tuple[Call, list[Criterion]]:
    call = Call.objects.create(
        slug=slug,
        title=title,
        funder="Snitem (démonstration)",
        description="Appel de démonstration : données fictives.",
        opens_at=opens_at,
        closes_at=closes_at,
        status=status,
    )
    criteria = Criterion.objects.bulk_create(
        Criterion(call=call, name=name, weight=weight, position=i) for i, (name, weight) in enumerate(CRITERIA)
    )
    # Staff and the referents of companies 1 and 2 sit on every demo jury (they are recused from their own).
    call.jurors.set([demo.staff, *demo.referents[:2]])
    return call, criteria


def seed(*, demo: Demo) -> None:
    now = demo.now
    n = demo.company_count
    open_call, _criteria = _call(
        demo,
        slug="demo-appel-ouvert",
        title="Appel à projets démo : IA et dispositifs médicaux",
        opens_at=now - timedelta(days=20),
        closes_at=now + timedelta(days=10),
        status=CallStatus.PUBLISHED,
    )
    past_call, past_criteria = _call(
        demo,
        slug="demo-appel-clos",
        title="Appel à projets démo : données de vie réelle",
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=15),
        status=CallStatus.CLOSED,
    )
    submissions = []
    for i in range(n):
        company, referent, member = demo.companies[i], demo.referents[i], demo.members[i]
        if i % 3 == 0:
            submissions.append(
                Submission(
                    call=open_call,
                    company=company,
                    title=f"Projet {i + 1} (brouillon)",
                    summary="Brouillon de démonstration.",
                    created_by=member,
                    created_at=now - timedelta(days=3),
                    updated_at=now - timedelta(days=1),
                )
            )
        if i % 4 == 1:
            submissions.append(
                Submission(
                    call=open_call,
                    company=company,
                    title=f"Projet {i + 1} (déposé)",
                    summary="Candidature de démonstration déposée.",
                    status=SubmissionStatus.SUBMITTED,
                    created_by=member,
                    submitted_by=referent,
                    submitted_at=now - timedelta(days=2),
                    version=2,
                )
            )
        if i % 2 == 0:
            submissions.append(
                Submission(
                    call=past_call,
                    company=company,
                    title=f"Étude en vie réelle {i + 1}",
                    summary="Candidature de démonstration en évaluation.",
                    requested_data="SNDS, PMSI",
                    budget=50_000 + 1_000 * demo.rng.randint(0, 250),
                    status=SubmissionStatus.UNDER_REVIEW,
                    created_by=member,
                    submitted_by=referent,
                    submitted_at=past_call.closes_at - timedelta(days=1),
                    version=2,
                )
            )
    submissions = Submission.objects.bulk_create(submissions)
    for submission in submissions:
        if submission.submitted_at:
            submission.call = open_call if submission.call_id == open_call.pk else past_call
            submission.snapshot = render_snapshot(submission)
    Submission.objects.bulk_update([s for s in submissions if s.snapshot], ["snapshot"], batch_size=500)

    # Reviews on the past call: each juror scores the applications they are not recused from.
    company_of_juror = {
        demo.referents[0].pk: demo.companies[0].pk,
        demo.referents[1].pk: demo.companies[1].pk,
    }
    reviews = [
        Review(submission=submission, juror=juror, comment="Évaluation de démonstration.", created_at=now)
        for submission in submissions
        if submission.call_id == past_call.pk
        for juror in (demo.staff, *demo.referents[:2])
        if company_of_juror.get(juror.pk) != submission.company_id and demo.rng.random() < 0.8
    ]
    reviews = Review.objects.bulk_create(reviews)
    Score.objects.bulk_create(
        (
            Score(review=review, criterion=criterion, value=demo.rng.randint(3, 10))
            for review in reviews
            for criterion in past_criteria
        ),
        batch_size=2000,
    )
