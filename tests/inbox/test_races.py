"""Two digest runs at once send each person's digest notifications once."""

from inbox.enums import DigestStatus, NoticeMode
from inbox.models import Notification, Preference
from reminders.engine import send_digests
from snitem_portal.notifications import notify
from tests.factories import UserFactory
from tests.groups.factories import WorkingGroupFactory


def test_two_digest_runs_at_once_send_each_notification_once(run_together, mailoutbox):
    group = WorkingGroupFactory(name="Cybersécurité", slug="cyber")
    people = [UserFactory() for _ in range(5)]
    for person in people:
        Preference.objects.create(user=person, kind="membership_decided", mode=NoticeMode.DIGEST)
    notify(template="groups/email/membership_decided", recipients=people, context={"group": group, "approved": True})

    outcomes = run_together(send_digests, send_digests)

    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert sorted(message.to[0] for message in mailoutbox) == sorted(person.email for person in people)
    assert set(Notification.objects.values_list("digest_status", flat=True)) == {DigestStatus.SENT}
