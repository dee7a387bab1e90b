import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

from groups.enums import AffiliationStatus, CompanyRole
from groups.models import Affiliation, Company, WorkingGroup
from groups.validators import validate_siren

pytestmark = pytest.mark.django_db
User = get_user_model()


@override_settings(DEBUG=True)
def test_seed_demo_creates_the_documented_accounts():
    call_command("seed_demo", password="s3cret-demo")

    referent = User.objects.get(email="referent.1@demo.example")
    member = User.objects.get(email="member.50@demo.example")
    assert User.objects.get(email="staff@demo.example").is_staff
    assert check_password("s3cret-demo", referent.password)
    assert Company.objects.count() == 50
    assert (
        Affiliation.objects.get(user=referent).company.name,
        Affiliation.objects.get(user=referent).role,
    ) == (
        "Demo Company 1",
        CompanyRole.REFERENT,
    )
    assert Affiliation.objects.get(user=member).status == AffiliationStatus.APPROVED
    for siren in Company.objects.values_list("siren", flat=True):
        validate_siren(siren)


class Rollback(Exception):
    pass


def seed_and_roll_back() -> dict:
    """Seed, take the fingerprint, and undo everything."""
    try:
        with transaction.atomic():
            call_command("seed_demo")
            fingerprint = demo_fingerprint()
            raise Rollback
    except Rollback:
        return fingerprint


def demo_fingerprint() -> dict:
    """What the demo holds, with database ids left out (sequences move on after a rollback)."""
    from groups.models import Meeting, Membership
    from projects.models import Submission
    from roadmap.models import Position

    return {
        "companies": sorted(Company.objects.values_list("name", "siren")),
        "affiliations": sorted(Affiliation.objects.values_list("user__email", "company__name", "role", "status")),
        "memberships": sorted(Membership.objects.values_list("user__email", "group__slug", "role", "status")),
        "meetings": sorted(Meeting.objects.values_list("group__slug", "title")),
        "positions": sorted(
            Position.objects.values_list("consultation__question", "company__name", "stance", "status", "shared")
        ),
        "submissions": sorted(Submission.objects.values_list("call__slug", "company__name", "title", "status")),
    }


@override_settings(DEBUG=True)
def test_seed_demo_is_deterministic():
    first = seed_and_roll_back()

    call_command("seed_demo")

    assert demo_fingerprint() == first
    assert all(first.values())


@override_settings(DEBUG=True)
def test_seed_demo_scale_multiplies_companies():
    call_command("seed_demo", scale=2)

    assert Company.objects.count() == 100
    assert User.objects.filter(email="member.100@demo.example").exists()


@override_settings(DEBUG=False)
def test_seed_demo_refuses_with_debug_off():
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_demo")

    assert not User.objects.exists()


@override_settings(DEBUG=False)
def test_seed_demo_force_runs_with_debug_off():
    call_command("seed_demo", force=True)

    assert User.objects.filter(email="staff@demo.example").exists()


@override_settings(DEBUG=True)
def test_seed_demo_if_empty_leaves_existing_database_alone(member):
    call_command("seed_demo", if_empty=True)

    assert not User.objects.filter(email="staff@demo.example").exists()


def test_load_reference_data_is_idempotent():
    call_command("load_reference_data")
    first = sorted(WorkingGroup.objects.values_list("slug", "parent__slug", "source_url"))

    call_command("load_reference_data")

    assert sorted(WorkingGroup.objects.values_list("slug", "parent__slug", "source_url")) == first
    top = set(WorkingGroup.objects.filter(parent=None).values_list("name", flat=True))
    assert {"Formation", "Fracture numérique", "Évaluation des solutions numériques"} <= top
    assert all(source for _slug, _parent, source in first)
