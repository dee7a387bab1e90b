"""The demo's joint positions: every state on closed consultations, quoting only submitted shared
arguments of their own consultation, and no one told."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from joint.models import JointPosition, JointStatus
from roadmap.enums import PositionStatus

ORDER = [JointStatus.DRAFT, JointStatus.CIRCULATED, JointStatus.VALIDATED, JointStatus.PUBLISHED]

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_closed_consultations_joint_positions_in_every_state(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        call_command("seed_demo", "--force", "--password", "demo", stdout=io.StringIO())

    joints = list(JointPosition.objects.select_related("consultation").prefetch_related("quotes"))
    states = sorted((joint.status, joint.public) for joint in joints)
    assert states == sorted(
        [
            (JointStatus.DRAFT, False),
            (JointStatus.CIRCULATED, False),
            (JointStatus.VALIDATED, True),
            (JointStatus.PUBLISHED, True),
            (JointStatus.PUBLISHED, False),
        ]
    )
    for joint in joints:
        assert joint.consultation.closes_at <= timezone.now()
        assert joint.quotes.exists()
        for quote in joint.quotes.all():
            assert quote.consultation_id == joint.consultation_id
            assert quote.shared
            assert quote.status == PositionStatus.SUBMITTED
        assert (joint.circulated_at is not None) == (joint.status != JointStatus.DRAFT)
        assert (joint.published_at is not None) == (joint.status == JointStatus.PUBLISHED)
        steps = ORDER[: ORDER.index(joint.status) + 1]
        assert set(joint.history.values_list("status", flat=True)) == set(steps)  # each step in the history
        assert joint.version == len(steps)
    # Demo data tell no one: no notification email is queued for when the demo commits.
    assert [callback for callback in callbacks if callback.__name__ == "enqueue_notification"] == []


def test_seed_demo_makes_joint_positions_in_proportion_to_the_scale():
    call_command("seed_demo", "--force", "--password", "demo", "--scale", "2", stdout=io.StringIO())

    assert JointPosition.objects.count() == 10
    assert JointPosition.objects.filter(status=JointStatus.PUBLISHED, public=False).count() == 2
