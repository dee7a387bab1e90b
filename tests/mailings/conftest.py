import pytest

from groups.enums import CompanyStatus
from mailings import services
from tests.factories import CompanyFactory, UserFactory, member_of, referent_of
from tests.groups.factories import WorkingGroupFactory, active_in, chair_of, pending_in


@pytest.fixture
def segment_world(db):
    """A group with a subgroup; members of active, suspended and former companies; a chair, referents."""
    parent = WorkingGroupFactory(name="Parent", slug="parent")
    child = WorkingGroupFactory(name="Enfant", slug="enfant", parent=parent)
    grandchild = WorkingGroupFactory(name="Petit-enfant", slug="petit-enfant", parent=child)
    other = WorkingGroupFactory(name="Autre", slug="autre")
    active, suspended = CompanyFactory(), CompanyFactory(status=CompanyStatus.SUSPENDED)
    people = {
        "parent_member": member_of(active),
        "parent_chair": member_of(active),
        "child_member": member_of(active),
        "grandchild_referent": referent_of(active),
        "other_member": member_of(active),
        "suspended_member": member_of(suspended),
        "pending": member_of(active),
        "no_group_referent": referent_of(active),
        "no_company": UserFactory(),
    }
    active_in(parent, people["parent_member"])
    chair_of(parent, people["parent_chair"])
    active_in(child, people["child_member"])
    active_in(grandchild, people["grandchild_referent"])
    active_in(other, people["other_member"])
    active_in(parent, people["suspended_member"])
    pending_in(parent, people["pending"])
    active_in(parent, people["no_company"])
    return {"parent": parent, "child": child, "other": other, **people}


@pytest.fixture
def make_mailing(db):
    def make(by, **kwargs):
        data = {"subject": "Lettre de décembre", "body": "Bonjour **à tous**", "all_members": True, **kwargs}
        return services.create_mailing(by=by, **data)

    return make
