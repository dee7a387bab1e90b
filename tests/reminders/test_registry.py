from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from groups.models import WorkingGroup
from reminders import registry
from reminders.engine import run_reminder_pass
from reminders.enums import DeadlineKind, DeliveryMode
from reminders.selectors import deadlines_for, is_signoff_referent, preferences_of
from reminders.services import set_notification_preferences

from .factories import MeetingFactory, WorkingGroupFactory


def test_sources_come_from_each_apps_deadlines_module():
    kinds = {source.kind: source.targets.__module__ for source in registry.all_sources()}

    assert kinds == {
        DeadlineKind.MEETING: "groups.deadlines",
        DeadlineKind.CONSULTATION: "roadmap.deadlines",
        DeadlineKind.CALL: "projects.deadlines",
        DeadlineKind.EXTENSION: "projects.deadlines",
        DeadlineKind.ACTION_ITEM: "meetings.deadlines",
    }


def test_deadline_sources_setting_is_read_at_call_time():
    with override_settings(DEADLINE_SOURCES=["projects.deadlines.sources"]):
        kinds = [source.kind for source in registry.all_sources()]

    assert kinds == [DeadlineKind.CALL, DeadlineKind.EXTENSION]
    assert registry.get_source(DeadlineKind.MEETING) is not None


def test_referents_sign_off_through_the_signers_setting(referent):
    with pytest.raises(ValidationError):
        set_notification_preferences(user=referent, modes={DeadlineKind.CALL: DeliveryMode.OFF})

    with override_settings(DEADLINE_SIGNERS=""):
        set_notification_preferences(user=referent, modes={DeadlineKind.CALL: DeliveryMode.OFF})

    assert preferences_of(referent)[DeadlineKind.CALL] == DeliveryMode.OFF
    assert is_signoff_referent(referent) is True


def test_staff_see_every_live_meeting_as_on_the_meetings_pages_but_get_no_reminder(staff, group, mailoutbox):
    # The groups selector is the rule: staff see every meeting (the engine's own copy showed them none).
    meeting = MeetingFactory(group=group, title="Plénière")
    MeetingFactory(group=group, title="Annulée", cancelled_at=timezone.now())
    archived = WorkingGroupFactory(name="Ancien groupe")
    MeetingFactory(group=archived, title="Groupe archivé")
    WorkingGroup.objects.filter(pk=archived.pk).update(is_active=False)

    run_reminder_pass()
    deadlines = deadlines_for(staff, start=timezone.now() - timedelta(hours=1))

    assert [(deadline.kind, deadline.object_id) for deadline in deadlines] == [(DeadlineKind.MEETING, meeting.pk)]
    assert mailoutbox == []
