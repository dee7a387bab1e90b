import pytest
from django.core.exceptions import ValidationError

from meetings import services
from meetings.enums import Response
from meetings.models import Registration

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_two_answers_at_once_never_exceed_capacity(run_together, meeting, attendee, second_attendee):
    meeting.capacity = 1
    meeting.save()

    outcomes = run_together(
        lambda: services.answer_invitation(meeting=meeting, user=attendee, response=Response.IN_PERSON),
        lambda: services.answer_invitation(meeting=meeting, user=second_attendee, response=Response.IN_PERSON),
    )

    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    seated = [o for o in outcomes if isinstance(o, Registration)]
    assert (len(refused), len(seated)) == (1, 1)
    assert Registration.objects.filter(response=Response.IN_PERSON).count() == 1
    assert refused[0].message_dict["response"] == [
        "La salle est complète (1 place) : vous pouvez participer à distance."
    ]
