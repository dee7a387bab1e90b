"""notify() and the in-app channel: one notification per recipient, in their language, in the caller's
transaction; each recipient's mode per kind decides email, digest, bell or nothing."""

import pytest
from django.conf import settings
from django.db import transaction

from groups.enums import GroupRole
from inbox.enums import DigestStatus, NoticeMode
from inbox.models import Notification, Preference
from reminders.engine import send_digests
from snitem_portal.notifications import kind_for, notify
from tests.factories import CompanyFactory, UserFactory, member_of
from tests.groups.factories import WorkingGroupFactory

pytestmark = pytest.mark.django_db

DECIDED = "groups/email/membership_decided"


@pytest.fixture
def group():
    return WorkingGroupFactory(name="Cybersécurité", slug="cyber")


def _tell(people, group, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        notify(template=DECIDED, recipients=people, context={"group": group, "approved": True}, **kwargs)


def _rows():
    return list(
        Notification.objects.order_by("recipient__email").values_list("recipient__email", "kind", "title", "url")
    )


def test_each_recipient_gets_one_notification_in_their_language(group, django_capture_on_commit_callbacks, mailoutbox):
    french, english = UserFactory(email="a@fr.example"), UserFactory(email="b@en.example", language="en")

    _tell([french, english, french], group, django_capture_on_commit_callbacks)

    assert _rows() == [
        ("a@fr.example", "membership_decided", "Bienvenue dans le groupe « Cybersécurité »", "/groupes/cyber/"),
        ("b@en.example", "membership_decided", "Welcome to the group “Cybersécurité”", "/groupes/cyber/"),
    ]
    assert sorted(message.to[0] for message in mailoutbox) == ["a@fr.example", "b@en.example"]


def test_in_app_rows_are_one_insert_for_all_recipients(group, django_assert_num_queries):
    people = [UserFactory() for _ in range(10)]

    # The recipients' modes for the kind (one query), then one INSERT.
    with django_assert_num_queries(2):
        notify(template=DECIDED, recipients=people, context={"group": group, "approved": True})

    assert Notification.objects.count() == 10


def test_rolled_back_action_leaves_no_notification_and_sends_nothing(group, mailoutbox):
    person = UserFactory()

    def failing_action():
        with transaction.atomic():
            notify(template=DECIDED, recipients=[person], context={"group": group, "approved": True})
            raise RuntimeError("the action failed after telling people")

    with pytest.raises(RuntimeError):
        failing_action()

    assert Notification.objects.count() == 0
    assert mailoutbox == []


def test_choice_member_in_the_context_is_shown_as_its_label(group, django_capture_on_commit_callbacks):
    person = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        notify(
            template="groups/email/role_changed",
            recipients=[person],
            context={"group": group, "role": GroupRole.CHAIR, "previous_role": GroupRole.MEMBER, "membership": None},
        )

    assert Notification.objects.get().title == "Votre rôle dans « Cybersécurité » : Président·e"


def test_template_no_app_declared_is_of_kind_other_and_kind_argument_wins(group, django_capture_on_commit_callbacks):
    person = UserFactory()

    _tell([person], group, django_capture_on_commit_callbacks, kind="role_changed")

    assert kind_for("somewhere/email/unknown").name == "other"
    assert list(Notification.objects.values_list("kind", flat=True)) == ["role_changed"]


@pytest.mark.parametrize(
    ("mode", "emailed", "in_bell", "digest_status"),
    [
        (NoticeMode.IMMEDIATE, True, True, DigestStatus.NONE),
        (NoticeMode.DIGEST, False, True, DigestStatus.PENDING),
        (NoticeMode.IN_APP, False, True, DigestStatus.NONE),
        (NoticeMode.OFF, False, False, None),
    ],
)
def test_each_mode_is_respected(
    group, django_capture_on_commit_callbacks, mailoutbox, mode, emailed, in_bell, digest_status
):
    chooser, other = UserFactory(email="chooser@example.org"), UserFactory(email="other@example.org")
    Preference.objects.create(user=chooser, kind="membership_decided", mode=mode)
    Preference.objects.create(user=other, kind="role_changed", mode=NoticeMode.OFF)

    _tell([chooser, other], group, django_capture_on_commit_callbacks)

    assert ("chooser@example.org" in [message.to[0] for message in mailoutbox]) is emailed
    assert "other@example.org" in [message.to[0] for message in mailoutbox]
    rows = Notification.objects.filter(recipient=chooser)
    assert rows.exists() is in_bell
    if in_bell:
        assert rows.get().digest_status == digest_status


def test_digest_mode_joins_the_reminder_digest_once(group, django_capture_on_commit_callbacks, mailoutbox):
    person = UserFactory(email="digest@example.org")
    Preference.objects.create(user=person, kind="membership_decided", mode=NoticeMode.DIGEST)
    _tell([person], group, django_capture_on_commit_callbacks)
    assert mailoutbox == []

    first = send_digests()
    again = send_digests()

    assert (first.sent, again.sent) == (0, 0)  # no reminder rows: the count is of reminders
    assert [message.to for message in mailoutbox] == [["digest@example.org"]]
    assert mailoutbox[0].subject == "1 nouvelle notification sur le portail"
    assert "Bienvenue dans le groupe « Cybersécurité »" in mailoutbox[0].body
    assert f"{settings.SITE_URL}/groupes/cyber/" in mailoutbox[0].body
    assert Notification.objects.get().digest_status == DigestStatus.SENT


def test_digest_leaves_out_what_was_read_in_the_portal_meanwhile(group, django_capture_on_commit_callbacks, mailoutbox):
    person = UserFactory()
    Preference.objects.create(user=person, kind="membership_decided", mode=NoticeMode.DIGEST)
    _tell([person], group, django_capture_on_commit_callbacks)
    Notification.objects.update(read_at="2026-01-01T00:00:00Z")

    send_digests()

    assert mailoutbox == []
    assert Notification.objects.get().digest_status == DigestStatus.NONE


def test_email_is_not_sent_when_the_recipient_switched_to_the_bell_before_delivery(group, mailoutbox):
    person = UserFactory()
    callbacks = []
    with transaction.atomic():
        notify(template=DECIDED, recipients=[person], context={"group": group, "approved": True})
        callbacks = list(transaction.get_connection().run_on_commit)
    Preference.objects.create(user=person, kind="membership_decided", mode=NoticeMode.IN_APP)

    for _savepoints, callback, _robust in callbacks:
        callback()

    assert mailoutbox == []
    assert Notification.objects.filter(recipient=person).count() == 1


def test_signoff_kind_lowered_before_becoming_referent_still_reaches_the_digest(
    company, django_capture_on_commit_callbacks, mailoutbox
):
    from tests.factories import referent_of

    referent = referent_of(company)
    Preference.objects.create(user=referent, kind="affiliation_requested", mode=NoticeMode.OFF)
    newcomer = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        notify(
            template="groups/email/affiliation_requested",
            recipients=[referent],
            context={"affiliation": None, "company": company, "requester": newcomer},
        )

    assert mailoutbox == []
    assert Notification.objects.get(recipient=referent).digest_status == DigestStatus.PENDING


def test_every_member_of_another_company_gets_nothing(group, django_capture_on_commit_callbacks):
    told, bystander = member_of(CompanyFactory()), member_of(CompanyFactory())

    _tell([told], group, django_capture_on_commit_callbacks)

    assert Notification.objects.filter(recipient=bystander).count() == 0
    assert Notification.objects.filter(recipient=told).count() == 1


def test_event_without_a_subject_template_is_titled_by_its_kind():
    person = UserFactory()

    notify(template="nowhere/email/undeclared", recipients=[person], context={}, channels=["in_app"])

    assert list(Notification.objects.values_list("kind", "title", "url")) == [
        ("other", "Autres notifications", "/tableau-de-bord/")
    ]


def test_digest_refused_by_the_mail_server_keeps_the_notification_for_the_next_one(group, smtp_server):
    person = UserFactory(email="digest@example.org")
    Preference.objects.create(user=person, kind="membership_decided", mode=NoticeMode.DIGEST)
    with transaction.atomic():
        notify(template=DECIDED, recipients=[person], context={"group": group, "approved": True})
    smtp_server.fail_first = 1

    send_digests()
    after_refusal = Notification.objects.get().digest_status
    send_digests()

    assert after_refusal == DigestStatus.PENDING
    assert (smtp_server.refused, len(smtp_server.received)) == (1, 1)
    assert Notification.objects.get().digest_status == DigestStatus.SENT


def test_comment_notification_links_to_the_comment_in_its_thread(group):
    person = UserFactory()
    context = {
        "comment": None,
        "thread_title": "Cybersécurité",
        "thread_url": "/groupes/cyber/#comment-7",
        "subject": group,
    }

    notify(template="discussion/email/mentioned", recipients=[person], context=context, channels=["in_app"])

    assert list(Notification.objects.values_list("kind", "url")) == [("mentioned", "/groupes/cyber/#comment-7")]


def test_link_never_leaves_the_site(group):
    person = UserFactory()
    context = {"comment": None, "thread_title": "x", "thread_url": "//evil.example/", "subject": group}

    notify(template="discussion/email/replied", recipients=[person], context=context, channels=["in_app"])

    assert list(Notification.objects.values_list("kind", "url")) == [("replied", "/groupes/cyber/")]
