"""Leaving a group also ends the person's seats and requests in its subgroups, all or nothing."""

import pytest
from django.core.exceptions import ValidationError

from groups import services
from groups.enums import GroupRole, MembershipStatus
from groups.models import Membership
from groups.selectors import subgroup_ids

from .factories import WorkingGroupFactory, active_in, chair_of, pending_in


@pytest.fixture
def tree(open_group):
    """formation > charte > audit, and formation > e-learning; plus an unrelated group."""
    charte = WorkingGroupFactory(name="Charte qualité", slug="charte", parent=open_group)
    audit = WorkingGroupFactory(name="Audit", slug="audit", parent=charte, is_open=False)
    elearning = WorkingGroupFactory(name="E-learning", slug="e-learning", parent=open_group)
    other = WorkingGroupFactory(name="Export", slug="export")
    return {"root": open_group, "charte": charte, "audit": audit, "elearning": elearning, "other": other}


def _statuses(user) -> dict[str, str]:
    return dict(Membership.objects.filter(user=user).values_list("group__slug", "status"))


def test_subgroup_ids_reach_every_depth(tree):
    assert subgroup_ids(tree["root"]) == sorted([tree["charte"].pk, tree["audit"].pk, tree["elearning"].pk])
    assert subgroup_ids(tree["charte"]) == [tree["audit"].pk]
    assert subgroup_ids(tree["other"]) == []


def test_leaving_ends_active_and_pending_seats_in_subgroups(member, tree):
    active_in(tree["root"], member)
    active_in(tree["charte"], member)
    pending_in(tree["audit"], member)
    active_in(tree["other"], member)

    services.leave_group(user=member, group=tree["root"])

    assert _statuses(member) == {
        "formation": MembershipStatus.LEFT,
        "charte": MembershipStatus.LEFT,
        "audit": MembershipStatus.LEFT,
        "export": MembershipStatus.ACTIVE,
    }
    audit = Membership.objects.get(user=member, group=tree["audit"]).history.latest("history_date")
    assert (audit.history_change_reason, audit.history_user) == ("leave parent", member)


def test_leaving_a_subgroup_leaves_the_parent_alone(member, tree):
    active_in(tree["root"], member)
    active_in(tree["charte"], member)
    active_in(tree["audit"], member)

    services.leave_group(user=member, group=tree["charte"])

    assert _statuses(member) == {
        "formation": MembershipStatus.ACTIVE,
        "charte": MembershipStatus.LEFT,
        "audit": MembershipStatus.LEFT,
    }


def test_last_chair_of_a_subgroup_cannot_leave_the_parent(client, member, tree):
    active_in(tree["root"], member)
    active_in(tree["charte"], member)
    chair_of(tree["audit"], member)
    before = _statuses(member)

    with pytest.raises(ValidationError) as refusal:
        services.leave_group(user=member, group=tree["root"])
    client.force_login(member)
    response = client.post("/groupes/formation/quitter/", follow=True)

    assert refusal.value.messages == [
        "Quitter « Formation » vous retire aussi de ses sous-groupes, or vous êtes seul·e à présider "
        "le sous-groupe « Audit » : nommez-y une autre présidence d'abord."
    ]
    assert "le sous-groupe « Audit »" in response.content.decode()
    assert _statuses(member) == before


def test_chair_of_a_subgroup_with_a_co_chair_may_leave(member, referent, tree):
    active_in(tree["root"], member)
    chair_of(tree["audit"], member)
    chair_of(tree["audit"], referent, role=GroupRole.CO_CHAIR)

    services.leave_group(user=member, group=tree["root"])

    assert _statuses(member) == {"formation": MembershipStatus.LEFT, "audit": MembershipStatus.LEFT}
    assert _statuses(referent) == {"audit": MembershipStatus.ACTIVE}


def test_leaving_a_group_one_is_not_in_touches_no_subgroup(member, tree):
    active_in(tree["charte"], member)

    assert services.leave_group(user=member, group=tree["root"]) is None

    assert _statuses(member) == {"charte": MembershipStatus.ACTIVE}


def test_api_leave_ends_subgroup_seats(api_client, member, tree):
    active_in(tree["root"], member)
    active_in(tree["elearning"], member)
    api_client.force_authenticate(member)

    response = api_client.post("/api/v1/groups/formation/leave/")

    assert response.status_code == 204
    assert _statuses(member) == {"formation": MembershipStatus.LEFT, "e-learning": MembershipStatus.LEFT}


def test_api_leave_refused_by_a_subgroup_changes_nothing(api_client, member, tree):
    active_in(tree["root"], member)
    active_in(tree["charte"], member)
    chair_of(tree["audit"], member)
    before = _statuses(member)
    api_client.force_authenticate(member)

    response = api_client.post("/api/v1/groups/formation/leave/")

    assert response.status_code == 400
    assert "« Audit »" in response.json()["detail"]
    assert _statuses(member) == before
