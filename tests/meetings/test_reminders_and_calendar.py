from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone

from groups.services import cancel_meeting, schedule_meeting, update_meeting
from meetings import services
from meetings.enums import ActionItemStatus
from reminders.calendar import calendar_for
from reminders.engine import run_reminder_pass
from reminders.enums import DeadlineKind
from reminders.models import Reminder
from reminders.selectors import deadlines_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(past_meeting, chair, attendee):
    services.save_minutes(meeting=past_meeting, by=chair, text="Décisions", status="circulated", version=0)
    return services.add_action_item(
        meeting=past_meeting,
        by=chair,
        title="Envoyer la note à l'ANSM",
        owner=attendee,
        due_date=timezone.localdate() + timedelta(days=1),
    )


def test_open_action_item_is_reminded_once_to_its_owner(item, attendee, mailoutbox):
    run_reminder_pass()
    run_reminder_pass()

    assert [message.to for message in mailoutbox] == [[attendee.email]]
    assert "Envoyer la note à l'ANSM" in mailoutbox[0].subject + mailoutbox[0].body
    assert list(Reminder.objects.values_list("kind", "recipient_id")) == [(DeadlineKind.ACTION_ITEM, attendee.pk)]


def test_done_or_draft_action_items_are_not_reminded(item, past_meeting, chair, attendee, second_attendee, mailoutbox):
    services.update_action_item(item=item, by=attendee, status=ActionItemStatus.DONE)
    services.add_action_item(
        meeting=past_meeting, by=chair, title="Autre", owner=second_attendee, due_date=timezone.localdate()
    )
    past_meeting.minutes.status = "draft"
    past_meeting.minutes.save()

    run_reminder_pass()

    assert mailoutbox == []


def test_open_action_item_is_in_the_owners_deadlines_and_calendar(item, attendee, second_attendee):
    feed = icalendar.Calendar.from_ical(calendar_for(attendee))

    assert [d.title for d in deadlines_for(attendee)] == ["Réglementaire — Envoyer la note à l'ANSM"]
    assert deadlines_for(second_attendee) == []
    summaries = [str(event["summary"]) for event in feed.walk("VEVENT")]
    assert "Action à mener (réunion) : Réglementaire — Envoyer la note à l'ANSM" in summaries
    others = icalendar.Calendar.from_ical(calendar_for(second_attendee)).walk("VEVENT")
    assert [str(event["summary"]) for event in others if "ANSM" in str(event["summary"])] == []


def _calendar_of(message):
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    content = attachment[1]
    calendar = icalendar.Calendar.from_ical(content.encode() if isinstance(content, str) else content)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_invitation_change_and_cancellation_carry_one_event_updated(
    group, chair, attendee, mailoutbox, django_capture_on_commit_callbacks
):
    starts = timezone.now().replace(microsecond=0) + timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule_meeting(
            group=group,
            by=chair,
            title="Plénière",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place="Paris",
        )
    with django_capture_on_commit_callbacks(execute=True):
        update_meeting(
            meeting=meeting,
            by=chair,
            version=meeting.version,
            starts_at=starts + timedelta(days=1),
            ends_at=starts + timedelta(days=1, hours=2),
        )
    meeting.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_meeting(meeting=meeting, by=chair)

    invitation, change, cancellation = [_calendar_of(message) for message in mailoutbox]
    assert [message.to for message in mailoutbox] == [[attendee.email]] * 3
    assert [str(calendar["method"]) for calendar, _event in (invitation, change, cancellation)] == [
        "REQUEST",
        "REQUEST",
        "CANCEL",
    ]
    assert len({str(event["uid"]) for _calendar, event in (invitation, change, cancellation)}) == 1
    sequences = [int(event["sequence"]) for _calendar, event in (invitation, change, cancellation)]
    assert sequences == sorted(sequences)
    assert sequences[0] < sequences[1] < sequences[2]
    assert change[1].decoded("dtstart") == starts + timedelta(days=1)
    assert str(cancellation[1]["status"]) == "CANCELLED"
    assert "droit de la concurrence" in mailoutbox[0].body


def test_a_new_place_is_emailed_with_the_updated_invitation(
    meeting, chair, attendee, mailoutbox, django_capture_on_commit_callbacks
):
    sequence = meeting.sequence

    with django_capture_on_commit_callbacks(execute=True):
        update_meeting(meeting=meeting, by=chair, version=meeting.version, place="Salle B, Snitem")
    with django_capture_on_commit_callbacks(execute=True):
        update_meeting(meeting=meeting, by=chair, version=meeting.version + 1, agenda="1. Accueil")

    (message,) = mailoutbox
    calendar, event = _calendar_of(message)
    assert message.subject == "Nouveau lieu : Comité de rentrée (Réglementaire)"
    assert "Lieu : Salle B, Snitem" in message.body
    assert (str(calendar["method"]), str(event["location"])) == ("REQUEST", "Salle B, Snitem")
    assert int(event["sequence"]) == sequence + 1
