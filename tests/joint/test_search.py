"""Joint positions in search: the chairs and staff find a draft, the consultation's audience from
circulation on, everyone once published as public; nobody else."""

import pytest
from django.contrib.auth.models import AnonymousUser

from joint import services
from search.selectors import Search

pytestmark = pytest.mark.django_db


def _who_finds(world, text) -> dict:
    people = {
        "chair": world["chair"],
        "staff": world["staff"],
        "audience": world["people"]["Alpha"],
        "other company": world["outsider"],
        "visitor": AnonymousUser(),
    }
    return {who: bool(Search(user, text).counts.get("joint_position")) for who, user in people.items()}


def test_each_state_of_a_joint_position_is_found_by_its_readers(
    postgres_only, world, django_capture_on_commit_callbacks
):
    chair, staff = world["chair"], world["staff"]
    with django_capture_on_commit_callbacks(execute=True):
        joint = services.save_joint_position(
            consultation=world["consultation"],
            by=chair,
            text="La filière soutient l'interopérabilité.",
            quotes=[],
            public=True,
        )
    draft = _who_finds(world, "interopérabilité")
    with django_capture_on_commit_callbacks(execute=True):
        joint = services.circulate(joint=joint, by=chair)
    circulated = _who_finds(world, "interopérabilité")
    with django_capture_on_commit_callbacks(execute=True):
        joint = services.validate(joint=joint, by=staff)
        services.publish(joint=joint, by=staff)
    published = _who_finds(world, "interopérabilité")

    everyone = ["chair", "staff", "audience", "other company", "visitor"]
    assert [who for who in everyone if draft[who]] == ["chair", "staff"]
    assert [who for who in everyone if circulated[who]] == ["chair", "staff", "audience"]
    assert [who for who in everyone if published[who]] == everyone
