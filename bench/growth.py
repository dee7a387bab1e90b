"""Pages that grow with the data (not a test): the same requests at demo scale 1 and 20.

For each scale in BENCH_SCALES, on a scratch PostgreSQL database with production settings (as
bench/pages.py, in-process with Django's test client): the biggest working group's page as its
chair, a referent member of it, staff and a plain member; the positions API as a member; the
staff and referent dashboards. Prints median, min and max time, SQL queries and response size,
then the ratio of the last scale's median to the first's.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/snitem_growth_bench,
dropped and re-created for each scale), BENCH_SCALES (default "1,20"), BENCH_REQUESTS (default 20).
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import measure, use_production_settings
from scratch import recreate_database

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/snitem_growth_bench")
SCALES = [int(scale) for scale in os.environ.get("BENCH_SCALES", "1,20").split(",")]


def cases():
    """(label, user email, url) for the requests whose cost may grow with the data."""
    from django.db.models import Count, Q
    from django.urls import reverse

    from groups.enums import CompanyRole, MembershipStatus
    from groups.models import Membership, WorkingGroup

    group = (
        WorkingGroup.objects.annotate(members=Count("memberships", filter=Q(memberships__status="active")))
        .order_by("-members", "pk")
        .first()
    )
    active = Membership.objects.filter(group=group, status=MembershipStatus.ACTIVE).select_related("user")
    chair = active.filter(role__in=["chair", "co_chair"]).order_by("pk").first()
    referent = active.filter(user__affiliations__role=CompanyRole.REFERENT).exclude(pk=getattr(chair, "pk", None))
    member = active.filter(user__affiliations__role=CompanyRole.MEMBER, role="member").order_by("pk").first()
    page = reverse("groups:group-detail", args=[group.slug])
    rows = [
        ("group page", chair.user.email if chair else "staff@demo.example", page),
        ("group page", referent.order_by("pk").first().user.email, page),
        ("group page", "staff@demo.example", page),
        ("group page", member.user.email, page),
        ("positions API", "member.1@demo.example", "/api/v1/positions/"),
        ("dashboard", "staff@demo.example", reverse("dashboard")),
        ("dashboard", "referent.1@demo.example", reverse("dashboard")),
    ]
    return group, rows


def main() -> None:
    use_production_settings("growth", DATABASE_URL)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    from groups.models import Company
    from snitem_portal.users.models import User

    call_command("collectstatic", interactive=False, verbosity=0)
    results = {}
    for scale in SCALES:
        connections.close_all()
        recreate_database(DATABASE_URL)
        call_command("migrate", verbosity=0)
        call_command("load_reference_data", verbosity=0)
        began = time.perf_counter()
        call_command("seed_demo", scale=scale, force=True, verbosity=0)
        with connections["default"].cursor() as cursor:
            cursor.execute("ANALYZE")
        group, rows = cases()
        print(
            f"Scale {scale}: {Company.objects.count()} companies (seeded in {time.perf_counter() - began:.1f} s); "
            f"group {group.slug}: {group.members} active members",
            flush=True,
        )
        for label, email, url in rows:
            client = Client()
            client.force_login(User.objects.get(email=email))
            results[(scale, label, email.split("@")[0], url)] = measure(client, url, HTTP_ACCEPT="*/*")

    print()
    header = f"{'scale':>5} {'request':<14} {'user':<14} {'median':>7} {'min':>7} {'max':>7} {'queries':>8} {'KiB':>7}"
    print(header)
    print("-" * len(header))
    for (scale, label, who, _url), m in results.items():
        print(
            f"{scale:>5} {label:<14} {who:<14} {m['median']:7.1f} {m['min']:7.1f} {m['max']:7.1f} "
            f"{m['queries']:>8} {m['size']:7.1f}"
        )
    if len(SCALES) > 1:
        first, last = ([m for key, m in results.items() if key[0] == scale] for scale in (SCALES[0], SCALES[-1]))
        print(f"\nScale {SCALES[-1]} against scale {SCALES[0]} (the same requests, in the same order):")
        labels = [(label, who) for (scale, label, who, _url) in results if scale == SCALES[-1]]
        for (label, who), base, m in zip(labels, first, last, strict=True):
            print(
                f"  {label:<14} {who:<14} time x{m['median'] / base['median']:.2f} "
                f"(+{m['median'] - base['median']:.1f} ms), {base['size']:.0f} -> {m['size']:.0f} KiB, "
                f"queries {base['queries']} -> {m['queries']}"
            )


if __name__ == "__main__":
    main()
