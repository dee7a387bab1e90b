"""Each declared event is emitted by its service: position submitted, meeting scheduled."""

from datetime import timedelta

import pytest
from django.utils import timezone

from groups import services as group_services
from roadmap import services as roadmap_services
from roadmap.enums import Stance
from tests.factories import CompanyFactory, member_of
from tests.groups.factories import WorkingGroupFactory, chair_of
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db


def _endpoint(event):
    return Endpoint.objects.create(name="CRM", url="https://crm.example/hook", events=[event])


@pytest.mark.parametrize("shared", [True, False])
def test_a_submitted_position_is_sent_with_its_argument_only_when_shared(
    position, consultation, member, referent, shared, django_capture_on_commit_callbacks
):
    _endpoint("position.submitted")
    roadmap_services.update_position(
        consultation=consultation, by=member, stance=Stance.SUPPORT, argument="ARGUMENT", shared=shared, version=1
    )

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        roadmap_services.submit_position(position=position, by=referent, version=2)

    payload = Delivery.objects.get().payload
    assert (payload["id"], payload["stance"], payload["argument"]) == (
        position.pk,
        "support",
        "ARGUMENT" if shared else None,
    )
    assert payload["company"]["name"] == position.company.name
    # One delivery queued at the commit (other apps' callbacks, e.g. cache renewals, aside).
    assert [callback.__name__ for callback in callbacks].count("enqueue_webhook") == 1


def test_a_scheduled_meeting_is_sent_without_its_place_or_video_link(django_capture_on_commit_callbacks):
    _endpoint("meeting.scheduled")
    group = WorkingGroupFactory(name="Think tank", slug="think-tank")
    chair = member_of(CompanyFactory(), user__email="chair@chair.example")
    chair_of(group, chair)
    starts = timezone.now() + timedelta(days=3)

    with django_capture_on_commit_callbacks(execute=False):
        meeting = group_services.schedule_meeting(
            group=group,
            by=chair,
            title="Plénière",
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            place="Salle 4",
            video_url="https://visio.example/abc",
        )

    payload = Delivery.objects.get().payload
    assert (payload["id"], payload["title"], payload["group"]["slug"]) == (meeting.pk, "Plénière", "think-tank")
    assert "place" not in payload
    assert "video_url" not in payload
