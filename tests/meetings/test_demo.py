import io

import pytest
from django.core.management import call_command

from groups.models import WorkingGroup
from meetings.enums import ActionItemStatus, MinutesStatus
from meetings.models import ActionItem, AgendaItem, Attendance, Minutes, Registration

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_every_group_a_meeting_cycle():
    call_command("seed_demo", "--force", "--password", "demo", stdout=io.StringIO())

    groups = set(WorkingGroup.objects.filter(is_active=True, memberships__status="active").values_list("pk", flat=True))
    assert set(Minutes.objects.filter(status=MinutesStatus.APPROVED).values_list("meeting__group", flat=True)) >= groups
    assert set(Attendance.objects.values_list("meeting__group", flat=True)) == groups
    assert set(Registration.objects.values_list("meeting__group", flat=True)) == groups
    assert (
        set(ActionItem.objects.filter(status=ActionItemStatus.OPEN).values_list("meeting__group", flat=True)) == groups
    )
    assert AgendaItem.objects.exists()
