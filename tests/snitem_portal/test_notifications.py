"""The one notification path: enqueued on commit, one task per recipient, retried when SMTP fails."""

import datetime
import email
import email.policy
import json
import logging
import time

import pytest
from django.db import transaction

from groups import services
from groups.enums import GroupRole, MembershipStatus
from groups.models import Membership
from snitem_portal.notifications import decode_context, encode_context, notify
from snitem_portal.tasks import task_deliver_notification
from tests.factories import CompanyFactory, UserFactory, member_of
from tests.groups.factories import MeetingFactory, WorkingGroupFactory, active_in, chair_of, pending_in

REFUSED = "554 5.7.1 Message refused"


@pytest.fixture
def decision(db):
    """A chair of a moderated group, and an English-speaking member's pending request to join it."""
    group = WorkingGroupFactory(name="Think tank", slug="think-tank", is_open=False)
    chair = member_of(CompanyFactory(), user__email="chair@chair.example")
    chair_of(group, chair)
    member = member_of(CompanyFactory(), user__email="member@company.example", user__language="en")
    return chair, pending_in(group, member)


def _approve(api_client, chair, request):
    api_client.force_authenticate(chair)
    return api_client.post(f"/api/v1/memberships/{request.pk}/approve/", {"message": "Welcome"})


def _subjects(sink) -> list[str]:
    messages = [email.message_from_bytes(envelope.content, policy=email.policy.default) for envelope in sink.received]
    return [message["Subject"] for message in messages]


@pytest.mark.django_db(transaction=True)
def test_refusing_mail_server_neither_fails_nor_rolls_back_the_action(api_client, decision, smtp_server):
    chair, request = decision
    smtp_server.fail_first, smtp_server.refusal = 100, REFUSED

    response = _approve(api_client, chair, request)

    assert response.status_code == 200
    assert Membership.objects.get(pk=request.pk).status == MembershipStatus.ACTIVE
    assert (smtp_server.refused, smtp_server.received) == (1, [])


@pytest.mark.django_db(transaction=True)
def test_refused_message_is_retried_then_given_up(api_client, decision, smtp_server, eager_retries):
    chair, request = decision
    smtp_server.fail_first, smtp_server.refusal = 100, REFUSED

    response = _approve(api_client, chair, request)

    assert response.status_code == 200
    assert Membership.objects.get(pk=request.pk).status == MembershipStatus.ACTIVE
    assert smtp_server.refused == task_deliver_notification.max_retries + 1
    assert smtp_server.received == []


@pytest.mark.django_db(transaction=True)
def test_refused_message_is_delivered_once_in_the_recipient_language_on_retry(
    api_client, decision, smtp_server, eager_retries
):
    chair, request = decision
    smtp_server.fail_first, smtp_server.refusal = 2, REFUSED

    response = _approve(api_client, chair, request)

    assert response.status_code == 200
    assert Membership.objects.get(pk=request.pk).status == MembershipStatus.ACTIVE
    assert smtp_server.attempts == 3
    assert [envelope.rcpt_tos for envelope in smtp_server.received] == [["member@company.example"]]
    assert _subjects(smtp_server) == ["Welcome to the group “Think tank”"]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_real_worker_on_redis_sends_each_member_the_change_in_their_language(smtp_server, real_worker):
    meeting = MeetingFactory(title="Plénière", group=WorkingGroupFactory(name="Think tank"))
    chair = member_of(CompanyFactory(), user__email="chair@chair.example")
    chair_of(meeting.group, chair)
    for address, language in (("fr@company.example", "fr"), ("en@company.example", "en")):
        active_in(meeting.group, member_of(CompanyFactory(), user__email=address, user__language=language))

    services.update_meeting(
        meeting=meeting, by=chair, version=meeting.version, starts_at=meeting.starts_at + datetime.timedelta(hours=1)
    )
    deadline = time.monotonic() + 30
    while len(smtp_server.received) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)

    by_address = dict(zip([e.rcpt_tos[0] for e in smtp_server.received], _subjects(smtp_server), strict=True))
    assert by_address == {
        "fr@company.example": "Nouvel horaire : Plénière (Think tank)",
        "en@company.example": "New time: Plénière (Think tank)",
    }


def test_one_message_per_recipient_sent_on_commit_only(db, mailoutbox, django_capture_on_commit_callbacks):
    first, second = UserFactory(email="a@example.org"), UserFactory(email="b@example.org", language="en")
    group = WorkingGroupFactory(name="Think tank")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(
            template="groups/email/membership_decided",
            recipients=[first, second, first],
            context={"group": group, "approved": True},
        )
        assert mailoutbox == []

    # One message queued per recipient at the commit (the bell's cache renewal aside).
    assert [callback.__name__ for callback in callbacks].count("enqueue_notification") == 2
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["a@example.org"], "Bienvenue dans le groupe « Think tank »"),
        (["b@example.org"], "Welcome to the group “Think tank”"),
    ]


def group_note(*, recipient, group, **context):
    """An attachment builder for the test below: built per recipient, in their language."""
    if recipient.email.startswith("none"):
        return None
    return (f"{group.slug}.txt", f"{recipient.language}: {group.name}", "text/plain")


def test_attachments_are_built_per_recipient_when_sent(db, mailoutbox, django_capture_on_commit_callbacks):
    users = [UserFactory(email="a@example.org"), UserFactory(email="none@example.org", language="en")]
    group = WorkingGroupFactory(name="Think tank", slug="think-tank")

    with django_capture_on_commit_callbacks(execute=True):
        notify(
            template="groups/email/membership_decided",
            recipients=users,
            context={"group": group, "approved": True},
            attachments=[f"{__name__}.group_note"],
        )
        group.name = "Think tank 2"
        group.save()

    assert [m.attachments for m in mailoutbox] == [[("think-tank.txt", "fr: Think tank 2", "text/plain")], []]


def test_rolled_back_action_sends_nothing(db, mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notify(template="groups/email/membership_decided", recipients=[user], context={"approved": True})
        transaction.set_rollback(True)

    assert mailoutbox == []


def test_recipient_deleted_before_sending_is_skipped(db, mailoutbox, django_capture_on_commit_callbacks, caplog):
    gone, staying = UserFactory(email="gone@example.org"), UserFactory(email="staying@example.org")
    group = WorkingGroupFactory(name="Think tank")

    caplog.set_level(logging.INFO, logger="snitem_portal.notifications")

    with django_capture_on_commit_callbacks(execute=True):
        notify(
            template="groups/email/membership_decided",
            recipients=[gone, staying],
            context={"group": group, "approved": True},
        )
        gone.delete()

    assert [m.to for m in mailoutbox] == [["staying@example.org"]]
    assert "no longer exists" in caplog.text


def test_account_deactivated_before_sending_gets_nothing(db, mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory(email="leaving@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        notify(template="groups/email/membership_decided", recipients=[user], context={"approved": True})
        user.is_active = False
        user.save()

    assert mailoutbox == []


def test_object_deleted_before_sending_is_skipped(db, mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory()
    group = WorkingGroupFactory(name="Think tank")

    with django_capture_on_commit_callbacks(execute=True):
        notify(template="groups/email/membership_decided", recipients=[user], context={"group": group})
        group.delete()

    assert mailoutbox == []


def test_context_survives_the_json_round_trip(db):
    group = WorkingGroupFactory(name="Think tank")
    moment = datetime.datetime(2030, 6, 11, 12, 0, tzinfo=datetime.UTC)
    context = {
        "group": group,
        "at": moment,
        "day": datetime.date(2030, 6, 11),
        "role": GroupRole.CHAIR,
        "approved": True,
        "count": 3,
        "note": "R&D",
        "nothing": None,
    }

    decoded = decode_context(json.loads(json.dumps(encode_context(context))))

    assert decoded == {**context, "role": GroupRole.CHAIR.label}


def test_context_value_that_cannot_travel_is_refused_at_once(db):
    with pytest.raises(TypeError, match="'amount'"):
        notify(template="x", recipients=[], context={"amount": object()})
