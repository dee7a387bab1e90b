import random

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from groups.enums import AffiliationStatus, CompanyRole
from groups.models import Affiliation, Company, CompanyDomain
from groups.validators import luhn_is_valid
from snitem_portal.demo import Demo
from snitem_portal.users.staff import grant_staff

User = get_user_model()
COMPANIES_PER_SCALE = 50


def demo_siren(index: int) -> str:
    """A valid, deterministic SIREN for demo company ``index`` (1-based)."""
    stem = f"9{index:07d}"
    for check in range(10):
        if luhn_is_valid(stem + str(check)):
            return stem + str(check)
    raise AssertionError("unreachable: one check digit always satisfies Luhn")


class Command(BaseCommand):
    help = (
        "Create deterministic demo data: staff@demo.example, and for each company i "
        "referent.<i>@demo.example and member.<i>@demo.example (scale 1 = 50 companies)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="50 companies per unit of scale.")
        parser.add_argument("--password", default="demo", help="Password of every demo account.")
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if the database holds any account.")

    def handle(self, *args, scale, password, force, if_empty, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a known password: refused with DEBUG off "
                "(use --force if you really mean it)."
            )
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        if if_empty and User.objects.exists():
            self.stdout.write("The database already holds accounts: no demo data added.")
            return
        if User.objects.filter(email="staff@demo.example").exists():
            self.stdout.write("Demo data already present: nothing to do.")
            return
        with transaction.atomic():
            demo = self.seed_accounts(scale=scale, password=password)
            for path in settings.DEMO_SEEDERS:
                import_string(path)(demo=demo)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data created: {demo.company_count} companies, "
                f"{1 + 2 * demo.company_count} accounts (password: {password!r})."
            )
        )

    def seed_accounts(self, *, scale: int, password: str) -> Demo:
        now = timezone.now().replace(second=0, microsecond=0)
        password_hash = make_password(password)  # hashed once for every account
        count = COMPANIES_PER_SCALE * scale
        companies = Company.objects.bulk_create(
            Company(name=f"Demo Company {i}", siren=demo_siren(i)) for i in range(1, count + 1)
        )
        CompanyDomain.objects.bulk_create(
            CompanyDomain(company=company, domain=f"company{i}.demo.example")
            for i, company in enumerate(companies, start=1)
        )
        staff = User(
            email="staff@demo.example",
            full_name="Équipe Snitem",
            is_staff=True,
            password=password_hash,
        )
        referents = [
            User(email=f"referent.{i}@demo.example", full_name=f"Référent {i}", password=password_hash)
            for i in range(1, count + 1)
        ]
        members = [
            User(email=f"member.{i}@demo.example", full_name=f"Membre {i}", password=password_hash)
            for i in range(1, count + 1)
        ]
        users = User.objects.bulk_create([staff, *referents, *members])
        staff, referents, members = users[0], users[1 : count + 1], users[count + 1 :]
        grant_staff(staff)
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
        )
        Affiliation.objects.bulk_create(
            [
                Affiliation(
                    user=user,
                    company=company,
                    role=role,
                    status=AffiliationStatus.APPROVED,
                    requested_at=now,
                    decided_at=now,
                    decided_by=staff,
                )
                for company, referent, member in zip(companies, referents, members, strict=True)
                for user, role in ((referent, CompanyRole.REFERENT), (member, CompanyRole.MEMBER))
            ]
        )
        return Demo(
            scale=scale,
            now=now,
            password_hash=password_hash,
            rng=random.Random(2020),
            staff=staff,
            companies=companies,
            referents=referents,
            members=members,
        )
