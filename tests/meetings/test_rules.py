"""The meeting page's panels and the services ask the same predicates: the answer deadline, and who
changes an action item."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from meetings import panels, services
from meetings.models import ActionItem, Registration

pytestmark = pytest.mark.django_db


def _panel_request(rf, user):
    request = rf.get("/")
    request.user = user
    return request


def _answered(meeting, user) -> str:
    try:
        services.answer_invitation(meeting=meeting, user=user, response="remote")
    except ValidationError as error:
        return " ".join(error.messages)
    return "ok"


@pytest.mark.parametrize(
    ("deadline", "closed"), [(timedelta(minutes=-1), True), (timedelta(hours=1), False), (None, False)]
)
def test_the_registration_panel_and_the_service_close_answers_at_the_same_deadline(
    rf, meeting, attendee, deadline, closed
):
    meeting.answer_deadline = None if deadline is None else timezone.now() + deadline
    meeting.save()

    [panel] = panels.registration(_panel_request(rf, attendee), meeting)
    answered = _answered(meeting, attendee)

    assert (panel.context["closed"], panel.context["form"] is None) == (closed, closed)
    expected = "La date limite de réponse est passée : les réponses sont closes." if closed else "ok"
    assert answered == expected
    assert Registration.objects.filter(user=attendee).count() == (0 if closed else 1)


@pytest.fixture
def items(past_meeting, chair, attendee, second_attendee):
    services.save_minutes(meeting=past_meeting, by=chair, text="ok", status="circulated", version=0)
    due = timezone.localdate() + timedelta(days=5)
    return [
        services.add_action_item(meeting=past_meeting, by=chair, title=title, owner=owner, due_date=due)
        for title, owner in (("Relire", attendee), ("Chiffrer", second_attendee))
    ]


def _marked_done(user, item) -> bool:
    try:
        services.update_action_item(item=item, by=user, status="done")
    except PermissionDenied:
        return False
    return True


def test_the_action_items_panel_offers_the_change_the_service_allows(rf, past_meeting, items, chair, attendee):
    shown = {
        who: [
            item.can_change for item in panels.action_items(_panel_request(rf, user), past_meeting)[0].context["items"]
        ]
        for who, user in {"owner of the first": attendee, "chair": chair}.items()
    }

    allowed = {
        "owner of the first": [_marked_done(attendee, item) for item in items],
        "chair": [_marked_done(chair, item) for item in items],
    }

    assert shown == {"owner of the first": [True, False], "chair": [True, True]}
    assert allowed == shown
    assert list(ActionItem.objects.order_by("pk").values_list("status", flat=True)) == ["done", "done"]


def test_the_owner_changes_only_the_status(items, attendee):
    mine = items[0]

    with pytest.raises(PermissionDenied) as refused:
        services.update_action_item(item=mine, by=attendee, due_date=mine.due_date + timedelta(days=1))

    assert refused.value.args == ("Le responsable de l'action ne change que son statut.",)
    assert ActionItem.objects.get(pk=mine.pk).due_date == mine.due_date
