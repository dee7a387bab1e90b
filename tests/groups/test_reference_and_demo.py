import io
import json

from django.conf import settings
from django.core.management import call_command

from groups import reference
from groups.enums import CHAIR_ROLES, MembershipStatus
from groups.models import Meeting, Membership, WorkingGroup


def _facts():
    with open(settings.REFERENCE_FACTS_PATH, encoding="utf-8") as handle:
        return json.load(handle)


def test_reference_tree_is_the_report_themes_and_think_tank(db):
    reference.load(facts=_facts(), stdout=io.StringIO())
    reference.load(facts=_facts(), stdout=io.StringIO())

    roots = WorkingGroup.objects.filter(parent=None).order_by("position")
    assert [g.name for g in roots] == [
        "Évaluation des solutions numériques",
        "Développement économique en France et à l'international",
        "Formation",
        "Fracture numérique",
        "Think tank « Numérique, DM et Santé »",
    ]
    assert [root.children.count() for root in roots] == [2, 2, 2, 2, 3]
    tank = roots.last()
    assert tank.is_open is False
    assert set(tank.children.values_list("is_open", flat=True)) == {False}
    assert not WorkingGroup.objects.filter(source_url="").exists()


def test_reference_reload_keeps_staff_settings(db):
    reference.load(facts=_facts(), stdout=io.StringIO())
    WorkingGroup.objects.filter(slug="formation").update(is_open=False, position=9)

    reference.load(facts=_facts(), stdout=io.StringIO())

    group = WorkingGroup.objects.get(slug="formation")
    assert (group.is_open, group.position) == (False, 9)


def test_seed_demo_builds_groups_with_chairs_requests_and_meetings(db):
    call_command("seed_demo", "--force", "--password", "demo", stdout=io.StringIO())

    groups = list(WorkingGroup.objects.all())
    assert len(groups) == 16
    for group in groups:
        assert group.memberships.filter(status=MembershipStatus.ACTIVE, role__in=CHAIR_ROLES).exists()
        assert group.meetings.count() == 3
    moderated = [g for g in groups if not g.is_open]
    assert all(g.memberships.filter(status=MembershipStatus.PENDING).exists() for g in moderated)
    assert Membership.objects.filter(user__email="member.1@demo.example", status=MembershipStatus.PENDING).exists()
    assert Membership.objects.filter(user__email="referent.1@demo.example", role="chair", group__is_open=False).exists()
    assert Meeting.objects.count() == 48
    # Subgroups of a moderated group only hold members of that group.
    for group in moderated:
        if group.parent_id:
            parent_members = set(group.parent.memberships.filter(status="active").values_list("user_id", flat=True))
            sub_members = set(group.memberships.filter(status="active").values_list("user_id", flat=True))
            assert sub_members <= parent_members
