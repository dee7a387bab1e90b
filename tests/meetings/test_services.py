import datetime
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from meetings import services
from meetings.enums import ActionItemStatus, MinutesStatus, Response
from meetings.models import Attendance, Minutes, Registration
from snitem_portal.exceptions import Conflict

pytestmark = pytest.mark.django_db


def test_answer_replaces_the_previous_answer(meeting, attendee):
    services.answer_invitation(meeting=meeting, user=attendee, response=Response.IN_PERSON)

    services.answer_invitation(meeting=meeting, user=attendee, response=Response.REMOTE)

    assert list(Registration.objects.values_list("user_id", "response")) == [(attendee.pk, Response.REMOTE)]


def test_a_full_meeting_refuses_in_person_but_takes_remote(meeting, attendee, second_attendee):
    meeting.capacity = 1
    meeting.save()
    services.answer_invitation(meeting=meeting, user=attendee, response=Response.IN_PERSON)

    with pytest.raises(ValidationError) as refused:
        services.answer_invitation(meeting=meeting, user=second_attendee, response=Response.IN_PERSON)
    services.answer_invitation(meeting=meeting, user=second_attendee, response=Response.REMOTE)

    assert refused.value.message_dict["response"] == [
        "La salle est complète (1 place) : vous pouvez participer à distance."
    ]
    assert dict(Registration.objects.values_list("user_id", "response")) == {
        attendee.pk: Response.IN_PERSON,
        second_attendee.pk: Response.REMOTE,
    }


def test_the_seated_member_may_confirm_in_person_when_full(meeting, attendee):
    meeting.capacity = 1
    meeting.save()
    services.answer_invitation(meeting=meeting, user=attendee, response=Response.IN_PERSON)

    services.answer_invitation(meeting=meeting, user=attendee, response=Response.IN_PERSON)

    assert Registration.objects.get().response == Response.IN_PERSON


def test_answers_after_the_deadline_are_refused(meeting, attendee):
    meeting.answer_deadline = timezone.now() - timedelta(minutes=1)
    meeting.save()

    with pytest.raises(ValidationError) as refused:
        services.answer_invitation(meeting=meeting, user=attendee, response=Response.REMOTE)

    assert refused.value.messages == ["La date limite de réponse est passée : les réponses sont closes."]
    assert not Registration.objects.exists()


def test_non_members_and_past_meetings_take_no_answer(meeting, past_meeting, member, attendee):
    with pytest.raises(PermissionDenied):
        services.answer_invitation(meeting=meeting, user=member, response=Response.REMOTE)
    with pytest.raises(ValidationError):
        services.answer_invitation(meeting=past_meeting, user=attendee, response=Response.REMOTE)

    assert not Registration.objects.exists()


def test_record_attendance_sets_exactly_the_list(past_meeting, chair, attendee, second_attendee):
    services.record_attendance(meeting=past_meeting, by=chair, user_ids=[attendee.pk, second_attendee.pk])

    services.record_attendance(meeting=past_meeting, by=chair, user_ids=[second_attendee.pk])

    assert list(Attendance.objects.values_list("user_id", flat=True)) == [second_attendee.pk]


def test_record_attendance_refuses_strangers_and_members(past_meeting, chair, attendee, outsider):
    with pytest.raises(ValidationError):
        services.record_attendance(meeting=past_meeting, by=chair, user_ids=[attendee.pk, outsider.pk])
    with pytest.raises(PermissionDenied):
        services.record_attendance(meeting=past_meeting, by=attendee, user_ids=[attendee.pk])

    assert not Attendance.objects.exists()


def test_attendance_waits_for_the_meeting(meeting, chair, attendee):
    with pytest.raises(ValidationError):
        services.record_attendance(meeting=meeting, by=chair, user_ids=[attendee.pk])


def test_minutes_workflow_draft_circulated_approved_then_frozen(
    past_meeting, chair, attendee, mailoutbox, django_capture_on_commit_callbacks
):
    draft = services.save_minutes(meeting=past_meeting, by=chair, text="Brouillon", status="draft", version=0)
    with django_capture_on_commit_callbacks(execute=True):
        circulated = services.save_minutes(
            meeting=past_meeting, by=chair, text="Relevé de décisions", status="circulated", version=draft.version
        )
    approved = services.save_minutes(
        meeting=past_meeting, by=chair, text="Relevé de décisions", status="approved", version=circulated.version
    )

    with pytest.raises(Conflict):
        services.save_minutes(
            meeting=past_meeting, by=chair, text="Changé", status="approved", version=approved.version
        )
    minutes = Minutes.objects.get()
    assert (minutes.status, minutes.text, minutes.version) == (MinutesStatus.APPROVED, "Relevé de décisions", 3)
    assert [row.status for row in minutes.history.order_by("history_date")] == ["draft", "circulated", "approved"]
    assert [message.to for message in mailoutbox] == [[attendee.email]]
    assert mailoutbox[0].subject == "Compte rendu à relire : Comité passé (Réglementaire)"


def test_minutes_stale_version_is_a_conflict_and_changes_nothing(past_meeting, chair):
    services.save_minutes(meeting=past_meeting, by=chair, text="v1", status="draft", version=0)

    with pytest.raises(Conflict):
        services.save_minutes(meeting=past_meeting, by=chair, text="v2", status="draft", version=0)

    assert Minutes.objects.get().text == "v1"


def test_minutes_are_written_by_chairs_and_staff_only(past_meeting, attendee):
    with pytest.raises(PermissionDenied):
        services.save_minutes(meeting=past_meeting, by=attendee, text="x", status="draft", version=0)

    assert not Minutes.objects.exists()


def test_an_empty_text_is_not_circulated(past_meeting, chair):
    with pytest.raises(ValidationError):
        services.save_minutes(meeting=past_meeting, by=chair, text="  ", status="circulated", version=0)


def test_action_item_owner_marks_it_done_but_changes_nothing_else(past_meeting, chair, attendee, second_attendee):
    tomorrow = timezone.localdate() + timedelta(days=1)
    item = services.add_action_item(
        meeting=past_meeting, by=chair, title="Relire la norme", owner=attendee, due_date=tomorrow
    )

    with pytest.raises(PermissionDenied):
        services.update_action_item(item=item, by=attendee, owner=second_attendee)
    with pytest.raises(PermissionDenied):
        services.update_action_item(item=item, by=second_attendee, status="done")
    services.update_action_item(item=item, by=attendee, status="done")

    item.refresh_from_db()
    assert (item.status, item.owner_id) == (ActionItemStatus.DONE, attendee.pk)
    assert item.done_at is not None
    assert item.due_at == datetime.datetime.combine(tomorrow, datetime.time(18), tzinfo=services.PARIS)


def test_action_item_owner_must_be_in_the_group_and_due_date_ahead(past_meeting, chair, outsider, attendee):
    with pytest.raises(ValidationError):
        services.add_action_item(
            meeting=past_meeting, by=chair, title="x", owner=outsider, due_date=timezone.localdate()
        )
    with pytest.raises(ValidationError):
        services.add_action_item(
            meeting=past_meeting, by=chair, title="x", owner=attendee, due_date=timezone.localdate() - timedelta(days=1)
        )


def test_privacy_export_and_erase(meeting, past_meeting, chair, attendee):
    from meetings import privacy

    services.answer_invitation(meeting=meeting, user=attendee, response=Response.REMOTE)
    services.record_attendance(meeting=past_meeting, by=chair, user_ids=[attendee.pk])

    exported = privacy.export(attendee)
    privacy.erase(attendee)

    assert [row["response"] for row in exported["meeting_answers"]] == ["remote"]
    assert [row["meeting"] for row in exported["meetings_attended"]] == ["Comité passé"]
    assert not Registration.objects.filter(user=attendee).exists()
    assert not Registration.history.filter(user=attendee).exists()
    assert Attendance.objects.filter(user=attendee).exists()
