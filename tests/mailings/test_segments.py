"""Segment resolution: groups with or without subgroups, roles, company status, through existing querysets."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from groups.enums import CompanyStatus
from mailings.models import Mailing
from mailings.selectors import recipients_of, segment_recipients

pytestmark = pytest.mark.django_db


def _names(world, queryset):
    ids = set(queryset.values_list("pk", flat=True))
    return {name for name, user in world.items() if getattr(user, "pk", None) in ids and hasattr(user, "email")}


def test_group_without_subgroups_takes_its_active_members_of_active_companies(segment_world):
    found = segment_recipients(group_ids=[segment_world["parent"].pk])
    assert _names(segment_world, found) == {"parent_member", "parent_chair"}


def test_group_with_subgroups_reaches_every_depth(segment_world):
    found = segment_recipients(group_ids=[segment_world["parent"].pk], include_subgroups=True)
    assert _names(segment_world, found) == {"parent_member", "parent_chair", "child_member", "grandchild_referent"}


def test_roles_narrow_the_segment(segment_world):
    parent = segment_world["parent"].pk
    chairs = segment_recipients(group_ids=[parent], include_subgroups=True, roles=["chairs"])
    referents = segment_recipients(group_ids=[parent], include_subgroups=True, roles=["referents"])
    both = segment_recipients(group_ids=[parent], include_subgroups=True, roles=["referents", "chairs"])
    assert _names(segment_world, chairs) == {"parent_chair"}
    assert _names(segment_world, referents) == {"grandchild_referent"}
    assert _names(segment_world, both) == {"parent_chair", "grandchild_referent"}


def test_all_members_and_company_status(segment_world):
    everyone = segment_recipients(all_members=True)
    assert _names(segment_world, everyone) == {
        "parent_member",
        "parent_chair",
        "child_member",
        "grandchild_referent",
        "other_member",
        "pending",
        "no_group_referent",
    }
    referents = segment_recipients(all_members=True, roles=["referents"])
    assert _names(segment_world, referents) == {"grandchild_referent", "no_group_referent"}
    suspended = segment_recipients(all_members=True, company_statuses=[CompanyStatus.SUSPENDED])
    assert _names(segment_world, suspended) == {"suspended_member"}


def test_each_person_is_counted_once(segment_world):
    found = segment_recipients(
        group_ids=[segment_world["parent"].pk, segment_world["child"].pk], include_subgroups=True
    )
    assert found.count() == len(set(found.values_list("pk", flat=True))) == 4


def test_a_mailing_resolves_its_saved_segment(segment_world, staff, make_mailing):
    mailing = make_mailing(staff, all_members=False, groups=[segment_world["child"]], include_subgroups=True)
    assert _names(segment_world, recipients_of(mailing)) == {"child_member", "grandchild_referent"}


def test_bad_segments_are_refused_and_nothing_is_saved(segment_world, staff, make_mailing):
    with pytest.raises(ValidationError) as refused:
        make_mailing(staff, all_members=False, groups=[])
    assert "groups" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        make_mailing(staff, roles=["kings"])
    assert "roles" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        make_mailing(staff, subject_en="Only a subject")
    assert "subject_en" in refused.value.message_dict
    assert Mailing.objects.count() == 0


def test_only_staff_compose(member, make_mailing):
    with pytest.raises(PermissionDenied):
        make_mailing(member)
    assert Mailing.objects.count() == 0
