"""Benchmark of the heaviest pages and exports (not a test).

On a scratch PostgreSQL database seeded with the demo at scale 10 (500 companies), measured
in-process with Django's test client (production settings, DEBUG off):
- the synthesis of an open consultation addressed to every member company: API, page, CSV and
  XLSX exports; the same with five questions answered by every responding company (bench/questionnaire.py);
- the staff ranking of a call with 200 submitted applications scored by 4 jurors, and the
  CSV export of its submissions;
- full-text search over the demo (the index rebuilt, timed): the results page of every kind and
  of one kind, and the API, as staff, a referent and a visitor.
Prints the seeding time, then per request: median, min and max wall time over N requests
(after one warm-up request) and the number of SQL queries.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/snitem_pages_bench,
dropped and re-created), BENCH_REQUESTS (default 20), BENCH_SCALE (default 10: 50 companies per unit),
BENCH_SUBMISSIONS (default 200), BENCH_JURORS (default 4).
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

from questionnaire import questionnaire_consultation
from scratch import recreate_database

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/snitem_pages_bench")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
SCALE = int(os.environ.get("BENCH_SCALE", "10"))
SUBMISSIONS = int(os.environ.get("BENCH_SUBMISSIONS", "200"))
JURORS = int(os.environ.get("BENCH_JURORS", "4"))
STAFF = "staff@demo.example"
REFERENT = "referent.1@demo.example"


def synthesis_consultation():
    """The open consultation addressed to every member company with the most submitted positions
    (the demo makes some: 40 % submitted and shared, 10 % submitted unshared, 20 % drafts); one is
    made the same way if there is none."""
    from django.db.models import Count, Q
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from groups.models import Company
    from roadmap.enums import STANCES_REQUIRING_ARGUMENT, PositionStatus, Stance
    from roadmap.models import Action, Consultation, Position
    from roadmap.services import open_consultation
    from snitem_portal.users.models import User

    now = timezone.now()
    consultation = (
        Consultation.objects.filter(group__isnull=True, opens_at__lte=now, closes_at__gt=now)
        .annotate(submitted=Count("positions", filter=Q(positions__status=PositionStatus.SUBMITTED)))
        .order_by("-submitted", "pk")
        .first()
    )
    if consultation is not None and consultation.submitted:
        return consultation
    staff = User.objects.get(email=STAFF)
    consultation = open_consultation(
        action=Action.objects.order_by("pk").first(),
        group=None,
        question="Quelle est la position de votre entreprise sur cette action ? (banc d'essai)",
        opens_at=now - timedelta(days=7),
        closes_at=now + timedelta(days=14),
        by=staff,
    )
    rng = random.Random(2020)  # noqa: S311 (reproducible data, not security)
    positions = []
    for rank, company_id in enumerate(Company.objects.order_by("pk").values_list("pk", flat=True)):
        slot = rank % 10
        if slot >= 7:
            continue
        stance = rng.choice(Stance.values)
        submitted = slot <= 4
        positions.append(
            Position(
                consultation=consultation,
                company_id=company_id,
                stance=stance,
                argument="Argumentaire de l'entreprise."
                if stance in STANCES_REQUIRING_ARGUMENT or rng.random() < 0.5
                else "",
                shared=slot <= 3,
                status=PositionStatus.SUBMITTED if submitted else PositionStatus.DRAFT,
                submitted_at=now - timedelta(days=1) if submitted else None,
                submitted_by=staff if submitted else None,
            )
        )
    bulk_create_with_history(positions, Position, batch_size=1000, default_user=staff)
    return consultation


def ranking_call():
    """A closed call with SUBMISSIONS applications from as many companies (one in five with a partner
    company), JURORS jurors (staff, and referents of companies without an application but the first,
    who is recused from their company's), each scoring about 90 % of what they may score on every
    criterion."""
    from django.utils import timezone

    from groups.models import Company
    from projects.enums import CallStatus, SubmissionStatus
    from projects.models import Call, Criterion, Review, Score, Submission
    from projects.selectors import juror_company_ids
    from projects.services import render_snapshot
    from snitem_portal.users.models import User

    now = timezone.now()
    rng = random.Random(2020)  # noqa: S311 (reproducible data, not security)
    companies = list(Company.objects.order_by("pk"))
    if len(companies) < SUBMISSIONS + JURORS + 20:
        raise SystemExit(f"{len(companies)} companies: too few for {SUBMISSIONS} applications.")
    applicants, others = companies[:SUBMISSIONS], companies[SUBMISSIONS:]
    call = Call.objects.create(
        slug="banc-classement",
        title="Appel à projets (banc d'essai du classement)",
        funder="Snitem",
        description="Candidatures générées pour mesurer le classement.",
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=5),
        status=CallStatus.CLOSED,
    )
    criteria = Criterion.objects.bulk_create(
        Criterion(call=call, name=name, weight=weight, position=i)
        for i, (name, weight) in enumerate(
            [("Intérêt pour la santé publique", 3), ("Qualité scientifique", 2), ("Faisabilité", 1)]
        )
    )
    referents = {user.email: user for user in User.objects.filter(email__startswith="referent.")}
    jurors = [
        User.objects.get(email=STAFF),
        referents["referent.1@demo.example"],
        *(referents[f"referent.{len(companies) - i}@demo.example"] for i in range(JURORS - 2)),
    ][:JURORS]
    call.jurors.set(jurors)
    submissions = Submission.objects.bulk_create(
        Submission(
            call=call,
            company=company,
            title=f"Projet {i + 1} : étude en vie réelle",
            summary="Résumé de la candidature. " * 20,
            requested_data="SNDS, PMSI",
            budget=50_000 + 1_000 * rng.randint(0, 250),
            status=SubmissionStatus.UNDER_REVIEW,
            version=2,
            submitted_at=call.closes_at - timedelta(hours=rng.randint(1, 240)),
        )
        for i, company in enumerate(applicants)
    )
    Submission.partners.through.objects.bulk_create(
        Submission.partners.through(submission=submission, company=others[i % (len(others) - JURORS)])
        for i, submission in enumerate(submissions)
        if i % 5 == 0
    )
    for submission in submissions:
        submission.call = call
        submission.snapshot = render_snapshot(submission)
    Submission.objects.bulk_update(submissions, ["snapshot"], batch_size=500)
    juror_companies = juror_company_ids(juror.pk for juror in jurors)
    partners = dict(
        Submission.partners.through.objects.filter(submission__call=call).values_list("submission_id", "company_id")
    )
    conflicts = {submission.pk: {submission.company_id, partners.get(submission.pk)} for submission in submissions}
    reviews = Review.objects.bulk_create(
        Review(submission=submission, juror=juror, comment="Évaluation.", created_at=now)
        for submission in submissions
        for juror in jurors
        if (juror_companies.get(juror.pk) is None or juror_companies[juror.pk] not in conflicts[submission.pk])
        and rng.random() < 0.9
    )
    Score.objects.bulk_create(
        (
            Score(review=review, criterion=criterion, value=rng.randint(0, 10))
            for review in reviews
            for criterion in criteria
        ),
        batch_size=2000,
    )
    return call, len(jurors), len(reviews), len(reviews) * len(criteria)


def index_size() -> int:
    from search.models import Entry

    return Entry.objects.count()


def search_cases(staff, referent) -> list:
    """Searches over the demo: every kind at once (counts and the best of each kind), one kind's first
    page, and the API; as staff (sees everything), a referent and a visitor."""
    from urllib.parse import urlencode

    from django.test import Client

    page, api = "/recherche/?", "/api/v1/search/?"
    json_ = {"HTTP_ACCEPT": "application/json"}
    return [
        ("search page", "staff", staff, page + urlencode({"q": "numérique santé"}), {}),
        ("search page", "referent.1", referent, page + urlencode({"q": "numérique santé"}), {}),
        ("search page", "visitor", Client(), page + urlencode({"q": "numérique santé"}), {}),
        ("search one kind", "referent.1", referent, page + urlencode({"q": "réunion", "kind": "meeting"}), {}),
        ("search API", "referent.1", referent, api + urlencode({"q": "données"}), json_),
    ]


def measure(client, url: str, **extra) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url, secure=True, **extra)  # warm-up (template and URL caches)
    if response.status_code != 200:
        raise SystemExit(f"GET {url}: HTTP {response.status_code}")
    timings, queries = [], set()
    for _ in range(REQUESTS):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url, secure=True, **extra)
            timings.append((time.perf_counter() - began) * 1000)
        queries.add(len(captured))
        if response.status_code != 200:
            raise SystemExit(f"GET {url}: HTTP {response.status_code}")
    return {
        "median": statistics.median(timings),
        "min": min(timings),
        "max": max(timings),
        "queries": "-".join(str(n) for n in sorted({min(queries), max(queries)})),
        "size": len(response.content) / 1024,
    }


def use_production_settings(name: str, database_url: str = DATABASE_URL) -> None:
    """Production settings (debug off) on the benchmark database, with a scratch data folder; then Django is set up."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "snitem_portal.settings",
            "DJANGO_SECRET_KEY": "benchmark-only",
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "testserver,localhost",
            "DATABASE_URL": database_url,
            "PORTAL_DATA_DIR": tempfile.mkdtemp(prefix=f"snitem-{name}-bench-"),
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(ROOT))


def main() -> None:
    use_production_settings("pages")
    recreate_database(DATABASE_URL)

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from groups.models import Company
    from roadmap.enums import PositionStatus
    from snitem_portal.users.models import User

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off: manifest storage
    call_command("load_reference_data", verbosity=0)
    began = time.perf_counter()
    call_command("seed_demo", scale=SCALE, force=True, verbosity=0)
    seed_seconds = time.perf_counter() - began
    print(f"seed_demo --scale {SCALE}: {Company.objects.count()} companies, {seed_seconds:.1f} s", flush=True)

    consultation = synthesis_consultation()
    positions = consultation.positions.all()
    submitted = positions.filter(status=PositionStatus.SUBMITTED)
    print(
        f"Consultation {consultation.pk} (all member companies): {positions.count()} positions, "
        f"{submitted.count()} submitted, {submitted.filter(shared=True).count()} of them shared",
        flush=True,
    )
    began = time.perf_counter()
    survey, question_count, answer_count = questionnaire_consultation()
    print(
        f"Questionnaire consultation {survey.pk}: {question_count} questions, {answer_count} answers "
        f"(built in {time.perf_counter() - began:.1f} s)",
        flush=True,
    )
    began = time.perf_counter()
    call, jurors, reviews, scores = ranking_call()
    print(
        f"Call {call.slug}: {call.submissions.count()} submitted applications, {jurors} jurors, "
        f"{reviews} reviews, {scores} scores (built in {time.perf_counter() - began:.1f} s)",
        flush=True,
    )

    began = time.perf_counter()
    call_command("rebuild_search_index", stdout=StringIO())
    print(f"Search index: {index_size()} entries rebuilt in {time.perf_counter() - began:.1f} s", flush=True)

    staff, referent = Client(), Client()
    staff.force_login(User.objects.get(email=STAFF))
    referent.force_login(User.objects.get(email=REFERENT))
    json_ = {"HTTP_ACCEPT": "application/json"}
    synthesis_api = f"/api/v1/consultations/{consultation.pk}/synthesis/"
    page = reverse("roadmap:consultation-detail", args=[consultation.pk])
    cases = [
        ("synthesis API", "staff", staff, synthesis_api, json_),
        ("synthesis API", "referent.1", referent, synthesis_api, json_),
        ("consultation page", "staff", staff, page, {}),
        ("consultation page", "referent.1", referent, page, {}),
        ("synthesis CSV", "staff", staff, reverse("roadmap:synthesis-export", args=[consultation.pk, "csv"]), {}),
        ("synthesis XLSX", "staff", staff, reverse("roadmap:synthesis-export", args=[consultation.pk, "xlsx"]), {}),
        ("questions synthesis", "staff", staff, f"/api/v1/consultations/{survey.pk}/synthesis/", json_),
        ("questions synthesis", "referent.1", referent, f"/api/v1/consultations/{survey.pk}/synthesis/", json_),
        ("questions page", "staff", staff, reverse("roadmap:consultation-detail", args=[survey.pk]), {}),
        ("questions page", "referent.1", referent, reverse("roadmap:consultation-detail", args=[survey.pk]), {}),
        ("questions XLSX", "staff", staff, reverse("roadmap:synthesis-export", args=[survey.pk, "xlsx"]), {}),
        ("ranking page", "staff", staff, reverse("projects:call-ranking", args=[call.slug]), {}),
        ("submissions CSV", "staff", staff, reverse("projects:call-export", args=[call.slug, "csv"]), {}),
        *search_cases(staff, referent),
    ]
    rows = []
    for label, who, client, url, extra in cases:
        rows.append((label, who, url, measure(client, url, **extra)))
        print(f"  measured {label} ({who})", flush=True)

    print()
    print(f"{REQUESTS} requests each (after one warm-up), times in ms:")
    header = f"{'request':<20} {'user':<11} {'median':>7} {'min':>7} {'max':>7} {'queries':>8} {'KiB':>7}  url"
    print(header)
    print("-" * len(header))
    for label, who, url, m in rows:
        print(
            f"{label:<20} {who:<11} {m['median']:7.1f} {m['min']:7.1f} {m['max']:7.1f} "
            f"{m['queries']:>8} {m['size']:7.1f}  {url}"
        )


if __name__ == "__main__":
    main()
