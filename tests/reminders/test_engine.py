from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends import locmem
from django.test.signals import template_rendered
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from groups.enums import GroupRole, MembershipStatus
from groups.models import Meeting, Membership
from reminders import conf, registry
from reminders.engine import (
    _headers,
    _item_context,
    run_reminder_pass,
    scan_deadlines,
    send_digests,
    send_reminder_batch,
)
from reminders.enums import DeadlineKind, DeliveryMode, ReminderStatus
from reminders.models import NotificationPreference, Reminder, ReminderRule
from reminders.tokens import preferences_url
from snitem_portal.emails import build_merged_emails, build_templated_email
from tests.factories import UserFactory

from .conftest import add_members
from .factories import MeetingFactory, MembershipFactory


def meeting_path(meeting) -> str:
    """The meeting's page; the dashboard until the groups app serves meeting pages."""
    try:
        return meeting.get_absolute_url()
    except NoReverseMatch:
        return reverse("dashboard")


def sent_to(mailoutbox) -> list[str]:
    return sorted(address for message in mailoutbox for address in message.to)


def test_scan_twice_sends_each_reminder_once(meeting, mailoutbox):
    members = add_members(meeting.group, 3)

    run_reminder_pass()
    run_reminder_pass()

    assert sent_to(mailoutbox) == sorted(user.email for user in members)
    assert Reminder.objects.filter(status=ReminderStatus.SENT).count() == 3


def test_several_rules_due_at_once_give_one_reminder(meeting, mailoutbox):
    (member,) = add_members(meeting.group, 1)

    run_reminder_pass()

    assert len(mailoutbox) == 1
    rows = Reminder.objects.filter(recipient=member).order_by("due_at")
    assert [(row.rule.days_before, row.status) for row in rows] == [
        (7, ReminderStatus.MERGED),
        (1, ReminderStatus.SENT),
    ]


def test_only_rules_already_due_are_recorded(group, mailoutbox):
    meeting = MeetingFactory(group=group, starts_at=timezone.now() + timedelta(days=3))
    add_members(group, 1)

    run_reminder_pass()

    assert len(mailoutbox) == 1
    assert list(Reminder.objects.values_list("rule__days_before", "status")) == [(7, ReminderStatus.SENT)]

    # When the 1-day rule falls due, a second, distinct reminder goes out, once.
    run_reminder_pass(now=meeting.starts_at - timedelta(hours=20))
    run_reminder_pass(now=meeting.starts_at - timedelta(hours=19))

    assert len(mailoutbox) == 2
    assert sorted(Reminder.objects.values_list("rule__days_before", "status")) == [
        (1, ReminderStatus.SENT),
        (7, ReminderStatus.SENT),
    ]


def test_missed_reminder_after_the_deadline_is_recorded_as_skipped(group, mailoutbox):
    MeetingFactory(group=group, starts_at=timezone.now() - timedelta(hours=3))
    (member,) = add_members(group, 1)

    run_reminder_pass()

    assert mailoutbox == []
    assert sorted(Reminder.objects.filter(recipient=member).values_list("rule__days_before", "status")) == [
        (1, ReminderStatus.SKIPPED),
        (7, ReminderStatus.SKIPPED),
    ]


def test_target_who_is_no_longer_concerned_gets_nothing(meeting, mailoutbox):
    staying, leaving = add_members(meeting.group, 2)
    Membership.objects.filter(user=leaving).update(status=MembershipStatus.LEFT)

    run_reminder_pass()

    assert sent_to(mailoutbox) == [staying.email]
    assert not Reminder.objects.filter(recipient=leaving).exists()


def test_opted_out_user_gets_nothing_of_that_kind(meeting, mailoutbox):
    keen, opted_out = add_members(meeting.group, 2)
    NotificationPreference.objects.create(user=opted_out, kind=DeadlineKind.MEETING, mode=DeliveryMode.OFF)

    run_reminder_pass()

    assert sent_to(mailoutbox) == [keen.email]
    assert not Reminder.objects.filter(recipient=opted_out).exists()


def test_digest_user_gets_one_email_for_all_their_reminders(group, mailoutbox):
    first = MeetingFactory(group=group, title="Plénière")
    second = MeetingFactory(group=group, title="Atelier", starts_at=timezone.now() + timedelta(days=2))
    (user,) = add_members(group, 1)
    NotificationPreference.objects.create(user=user, kind=DeadlineKind.MEETING, mode=DeliveryMode.DIGEST)

    run_reminder_pass()
    assert mailoutbox == []
    outcome = send_digests()
    send_digests()

    assert len(mailoutbox) == 1
    (message,) = mailoutbox
    assert message.to == [user.email]
    assert message.subject == "[Action requise] 2 échéances à venir"
    assert message.body.index(first.title) < message.body.index(second.title)
    assert outcome.sent == 2
    assert set(Reminder.objects.filter(status=ReminderStatus.SENT).values_list("object_id", flat=True)) == {
        first.pk,
        second.pk,
    }


def test_digest_skips_reminders_of_who_acted_since_the_scan(meeting, mailoutbox):
    (user,) = add_members(meeting.group, 1)
    NotificationPreference.objects.create(user=user, kind=DeadlineKind.MEETING, mode=DeliveryMode.DIGEST)
    run_reminder_pass()
    Membership.objects.filter(user=user).update(status=MembershipStatus.LEFT)

    send_digests()

    assert mailoutbox == []
    assert list(Reminder.objects.filter(recipient=user, rule__days_before=1).values_list("status", "note")) == [
        (ReminderStatus.SKIPPED, "recipient acted")
    ]


def test_reminder_email_is_in_the_recipients_language_with_paris_time_link_and_unsubscribe(group, mailoutbox, settings):
    settings.SITE_URL = "https://portail.example"
    starts_at = timezone.now().replace(second=0, microsecond=0) + timedelta(hours=20)
    meeting = MeetingFactory(group=group, title="Plénière", starts_at=starts_at)
    (english,) = add_members(group, 1, language="en", full_name="Ann Smith")
    (french,) = add_members(group, 1, language="fr", full_name="Léa Martin")

    run_reminder_pass()

    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert sorted(by_recipient) == sorted([english.email, french.email])
    paris = starts_at.astimezone(ZoneInfo("Europe/Paris"))
    with translation.override("en"):
        english_date = f"on {date_format(paris, 'j F Y')} at {paris.hour}:{paris.minute:02d}, Paris time"
    with translation.override("fr"):
        day = r"j\e\r" if paris.day == 1 else "j"
        french_date = f"le {date_format(paris, f'{day} F Y')} à {paris.hour} h {paris.minute:02d}, heure de Paris"
    assert english_date in by_recipient[english.email].body
    assert french_date in by_recipient[french.email].body
    message = by_recipient[french.email]
    assert message.subject == (
        f"[Action requise] Réunion à préparer : {group.name} — Plénière — "
        f"{date_format(paris, f'{day} F Y, H:i')} (heure de Paris)"
    )
    assert f"Accéder : https://portail.example{meeting_path(meeting)}" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "https://portail.example/notifications/lien/" in html
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<https://portail.example/notifications/desinscription/"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_chairs_get_repeats_until_the_deadline(group, mailoutbox):
    ReminderRule.objects.filter(kind=DeadlineKind.MEETING, days_before=7).update(repeat_every_hours=24)
    meeting = MeetingFactory(group=group, starts_at=timezone.now() + timedelta(days=5, hours=1))
    chair = MembershipFactory(group=group, role=GroupRole.CHAIR).user
    member = MembershipFactory(group=group).user

    run_reminder_pass()
    run_reminder_pass(now=timezone.now() + timedelta(days=1))
    run_reminder_pass(now=timezone.now() + timedelta(days=1, minutes=5))

    assert sent_to(mailoutbox) == sorted([chair.email, chair.email, member.email])
    # The first scan is 47 h after the 7-day rule fell due: the first repeat (24 h) is due too and
    # the two are merged; a day later the second repeat goes out; the last scan finds nothing new.
    chair_rows = Reminder.objects.filter(recipient=chair, object_id=meeting.pk, rule__days_before=7)
    assert sorted(chair_rows.values_list("sequence", "status")) == [
        (0, ReminderStatus.MERGED),
        (1, ReminderStatus.SENT),
        (2, ReminderStatus.SENT),
    ]
    assert list(Reminder.objects.filter(recipient=member).values_list("sequence", "status")) == [
        (0, ReminderStatus.SENT)
    ]


def test_failed_delivery_stays_pending_and_a_batch_never_resends(meeting, mailoutbox):
    (member,) = add_members(meeting.group, 1)
    ids = scan_deadlines()

    first = send_reminder_batch(reminder_ids=ids)
    again = send_reminder_batch(reminder_ids=ids)

    assert (first.sent, again.sent) == (1, 0)
    assert sent_to(mailoutbox) == [member.email]


@pytest.mark.parametrize("count", [1, 10])
def test_delivery_batch_uses_a_constant_number_of_queries(meeting, count, django_assert_num_queries):
    add_members(meeting.group, count)
    ids = scan_deadlines()

    # Claim (2), rows with recipients and current modes, objects (one per kind), who still has
    # something to do (one per object), outcome update, savepoints.
    with django_assert_num_queries(10):
        outcome = send_reminder_batch(reminder_ids=ids)

    assert outcome.sent == count


def test_two_concurrent_scans_send_each_reminder_once(run_together, default_rules, mailoutbox):
    meeting = MeetingFactory()
    members = add_members(meeting.group, 20)

    outcomes = run_together(run_reminder_pass, run_reminder_pass)

    assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
    assert sent_to(mailoutbox) == sorted(user.email for user in members)
    assert Reminder.objects.filter(status=ReminderStatus.SENT).count() == 20
    assert Reminder.objects.filter(status=ReminderStatus.MERGED).count() == 20


def test_digest_lists_a_deadline_once_when_two_scans_recorded_it(group, mailoutbox):
    meeting = MeetingFactory(group=group, title="Plénière", starts_at=timezone.now() + timedelta(days=3))
    (user,) = add_members(group, 1)
    NotificationPreference.objects.create(user=user, kind=DeadlineKind.MEETING, mode=DeliveryMode.DIGEST)
    run_reminder_pass()
    run_reminder_pass(now=meeting.starts_at - timedelta(hours=20))

    send_digests(now=meeting.starts_at - timedelta(hours=19))

    (message,) = mailoutbox
    assert message.subject == "[Action requise] 1 échéance à venir"
    assert message.body.count("Plénière") == 1
    assert sorted(Reminder.objects.values_list("rule__days_before", "status")) == [
        (1, ReminderStatus.SENT),
        (7, ReminderStatus.MERGED),
    ]


def test_immediate_send_skips_a_recipient_who_is_no_longer_concerned(meeting, mailoutbox):
    staying, leaving = add_members(meeting.group, 2)
    ids = scan_deadlines()
    Membership.objects.filter(user=leaving).update(status=MembershipStatus.LEFT)

    send_reminder_batch(reminder_ids=ids)

    assert sent_to(mailoutbox) == [staying.email]
    assert list(Reminder.objects.filter(recipient=leaving, rule__days_before=1).values_list("status", "note")) == [
        (ReminderStatus.SKIPPED, "recipient acted")
    ]


def test_immediate_send_follows_the_preference_changed_since_the_scan(meeting, mailoutbox):
    keen, opted_out, digest = add_members(meeting.group, 3)
    ids = scan_deadlines()
    NotificationPreference.objects.create(user=opted_out, kind=DeadlineKind.MEETING, mode=DeliveryMode.OFF)
    NotificationPreference.objects.create(user=digest, kind=DeadlineKind.MEETING, mode=DeliveryMode.DIGEST)

    send_reminder_batch(reminder_ids=ids)

    assert sent_to(mailoutbox) == [keen.email]
    assert Reminder.objects.get(recipient=opted_out, rule__days_before=1).status == ReminderStatus.SKIPPED
    assert Reminder.objects.get(recipient=digest, rule__days_before=1).mode == DeliveryMode.DIGEST
    send_digests()
    assert sent_to(mailoutbox) == sorted([keen.email, digest.email])


def test_deadline_moved_later_starts_a_new_generation_of_reminders(group, mailoutbox):
    meeting = MeetingFactory(group=group, starts_at=timezone.now() + timedelta(hours=12))
    (member,) = add_members(group, 1)
    run_reminder_pass()
    moved = timezone.now() + timedelta(days=3)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=moved, ends_at=moved + timedelta(hours=2))

    run_reminder_pass()
    run_reminder_pass()

    assert sent_to(mailoutbox) == [member.email, member.email]
    assert Reminder.objects.filter(status=ReminderStatus.SENT).values("deadline_at").distinct().count() == 2


def test_lost_row_that_used_its_attempts_is_failed_not_requeued(meeting, mailoutbox):
    add_members(meeting.group, 1)
    ids = scan_deadlines()
    Reminder.objects.filter(pk__in=ids).update(
        status=ReminderStatus.SENDING,
        claimed_at=timezone.now() - timedelta(days=1),
        attempts=conf.max_attempts(),
    )

    requeued = scan_deadlines()

    assert requeued == []
    assert list(Reminder.objects.filter(pk__in=ids).values_list("status", flat=True)) == [ReminderStatus.FAILED]


def test_a_queued_message_lost_is_queued_again_without_counting_an_attempt(meeting):
    add_members(meeting.group, 1)
    ids = scan_deadlines()
    queued_at = Reminder.objects.get(pk=ids[0]).queued_at

    within = scan_deadlines(now=queued_at + conf.requeue_after() - timedelta(seconds=1))
    after = scan_deadlines(now=queued_at + conf.requeue_after() + timedelta(seconds=1))

    assert within == []
    assert after == ids
    assert list(Reminder.objects.filter(pk__in=ids).values_list("status", "attempts")) == [(ReminderStatus.PENDING, 0)]


def test_rows_waiting_in_a_long_queue_are_never_given_up(meeting):
    """A large audience over a slow mail server: rows wait in the queue for longer than the scans'
    interval; each scan may queue them again, but none ends failed without having been tried."""
    add_members(meeting.group, 2)
    ids = scan_deadlines()

    for minutes in range(5, 125, 5):
        scan_deadlines(now=timezone.now() + timedelta(minutes=minutes))

    rows = Reminder.objects.filter(pk__in=ids)
    assert sorted(rows.values_list("status", "attempts")) == [(ReminderStatus.PENDING, 0)] * 2


class HookBackend(locmem.EmailBackend):
    """The test outbox, calling ``on_send(number of messages sent so far)`` before each message."""

    on_send = None

    def send_messages(self, messages):
        if HookBackend.on_send is not None:
            HookBackend.on_send(len(mail.outbox))
        return super().send_messages(messages)


def test_batch_running_past_the_stale_window_is_not_resent_by_another_worker(meeting, mailoutbox, settings):
    members = add_members(meeting.group, 3)
    ids = scan_deadlines()
    settings.EMAIL_BACKEND = "tests.reminders.test_engine.HookBackend"

    with time_machine.travel(timezone.now(), tick=True) as traveller:

        def slow_first_message_then_another_worker_scans(sent_so_far):
            if sent_so_far == 0:
                traveller.shift(conf.lease() + timedelta(minutes=1))
            elif sent_so_far == 1:
                HookBackend.on_send = None
                send_reminder_batch(reminder_ids=scan_deadlines())

        HookBackend.on_send = slow_first_message_then_another_worker_scans
        try:
            send_reminder_batch(reminder_ids=ids)
        finally:
            HookBackend.on_send = None

    assert sent_to(mailoutbox) == sorted(user.email for user in members)


@time_machine.travel("2026-03-02 09:00:00+00:00", tick=False)
def test_reminders_rendered_once_for_many_recipients_are_each_recipients_own_email(group, mailoutbox):
    """The batch renders a deadline's reminder once per language (a mail merge): each recipient's
    message is exactly the one rendered for them alone, names with HTML characters included."""
    meeting = MeetingFactory(group=group, title="R&D <Plénière>", starts_at=timezone.now() + timedelta(hours=20))
    people = [
        *add_members(group, 1, language="fr", full_name="O'Neil&<Zoé> Martin"),
        *add_members(group, 1, language="en", full_name='Ann "Smith"'),
        *add_members(group, 1, language="fr", full_name=""),
        *add_members(group, 1, language="fr", full_name="Léa Martin"),
    ]

    rendered = []

    def note(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(note)
    try:
        run_reminder_pass()
    finally:
        template_rendered.disconnect(note)

    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert sorted(by_recipient) == sorted(person.email for person in people)
    # Rendered once per language (French and English), not once per recipient.
    assert rendered.count("reminders/email/reminder.txt") == 2
    for person in people:
        alone = build_templated_email(
            template="reminders/email/reminder",
            to=person,
            context={
                "item": _item_context(registry.get_source(DeadlineKind.MEETING), meeting),
                "preferences_url": preferences_url(person),
            },
            headers=_headers(person, [DeadlineKind.MEETING]),
        )
        merged = by_recipient[person.email]
        assert merged.subject == alone.subject
        assert merged.body == alone.body
        assert merged.alternatives == alone.alternatives
        assert merged.extra_headers == alone.extra_headers
    assert "Bonjour O&#x27;Neil&amp;&lt;Zoé&gt;," in by_recipient[people[0].email].alternatives[0][0]
    assert "Bonjour O'Neil&<Zoé>," in by_recipient[people[0].email].body
    assert "Hello Ann," in by_recipient[people[1].email].body


def test_a_template_whose_marker_a_filter_changed_is_rendered_for_each_recipient_alone(db, settings):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {
                            "shout_subject.txt": "Rappel",
                            "shout.txt": "BONJOUR {{ recipient.get_short_name|upper }}",
                            "shout.html": "<p>{{ recipient.get_short_name|upper }}</p>",
                        },
                    )
                ]
            },
        }
    ]
    people = [UserFactory(full_name="Léa Martin"), UserFactory(full_name="Ann Smith")]

    messages = build_merged_emails(template="shout", recipients=people, context={})

    assert [message.body for message in messages] == ["BONJOUR LÉA", "BONJOUR ANN"]
    assert [message.alternatives[0][0] for message in messages] == ["<p>LÉA</p>", "<p>ANN</p>"]
