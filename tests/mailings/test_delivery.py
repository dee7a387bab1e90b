"""Delivery through the ledger: exactly once, resumable, unsubscribed skipped, one-click unsubscribe, language."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from inbox.models import Notification
from mailings import conf, delivery, services, tasks
from mailings.models import Delivery, DeliveryStatus, MailingStatus, Unsubscription
from mailings.tokens import unsubscribe_token
from tests.factories import CompanyFactory, UserFactory, member_of
from tests.groups.factories import WorkingGroupFactory, active_in

pytestmark = pytest.mark.django_db


def _people(count, **kwargs):
    company = CompanyFactory()
    return [member_of(company, user=UserFactory(**kwargs)) for _ in range(count)]


def _send(mailing, staff, capture):
    with capture(execute=True):
        services.send_mailing(mailing=mailing, by=staff, version=mailing.version)
    mailing.refresh_from_db()
    return mailing


def test_sending_delivers_once_to_each_recipient_with_one_click_unsubscribe(
    staff, make_mailing, mailoutbox, django_capture_on_commit_callbacks
):
    people = _people(3)
    mailing = _send(make_mailing(staff), staff, django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
    message = mailoutbox[0]
    assert message.subject == "Lettre de décembre"
    assert "<strong>à tous</strong>" in message.alternatives[0][0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert "/lettres/desinscription/" in url
    assert (mailing.status, mailing.recipients_count, mailing.sent_count) == (MailingStatus.SENT, 3, 3)
    notices = Notification.objects.filter(kind="mailing", recipient__in=people)
    assert notices.count() == 3
    assert {(n.title, n.url) for n in notices} == {("Lettre de décembre", f"/lettres/{mailing.pk}/")}
    # Starting again (a repeated task) adds no row and sends nothing.
    assert delivery.start_mailing(mailing_id=mailing.pk) == []
    assert Delivery.objects.filter(mailing=mailing).count() == 3
    assert len(mailoutbox) == 3


def test_each_message_is_in_the_recipients_language_where_the_mailing_has_it(
    staff, make_mailing, mailoutbox, django_capture_on_commit_callbacks
):
    french, english = UserFactory(language="fr"), UserFactory(language="en")
    company = CompanyFactory()
    member_of(company, user=french)
    member_of(company, user=english)
    bilingual = make_mailing(staff, subject_en="December letter", body_en="Hello *all*")
    _send(bilingual, staff, django_capture_on_commit_callbacks)
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert subjects == {french.email: "Lettre de décembre", english.email: "December letter"}
    assert "Hello <em>all</em>" in next(m for m in mailoutbox if m.to[0] == english.email).alternatives[0][0]
    titles = dict(Notification.objects.filter(kind="mailing").values_list("recipient_id", "title"))
    assert titles == {french.pk: "Lettre de décembre", english.pk: "December letter"}

    mailoutbox.clear()
    _send(make_mailing(staff, subject="Seulement en français"), staff, django_capture_on_commit_callbacks)
    assert {m.subject for m in mailoutbox} == {"Seulement en français"}


def test_unsubscribed_people_are_skipped(staff, make_mailing, mailoutbox, django_capture_on_commit_callbacks):
    before, after, kept = _people(3)
    services.unsubscribe(user=before)
    mailing = make_mailing(staff)
    services.send_mailing(mailing=mailing, by=staff, version=mailing.version)
    ids = delivery.start_mailing(mailing_id=mailing.pk)
    services.unsubscribe(user=after)  # between the start and the batch

    delivery.send_batch(delivery_ids=ids)

    assert [m.to[0] for m in mailoutbox] == [kept.email]
    assert not Delivery.objects.filter(recipient=before).exists()
    assert Delivery.objects.get(recipient=after).status == DeliveryStatus.SKIPPED
    assert Delivery.objects.get(recipient=kept).status == DeliveryStatus.SENT


def test_one_click_unsubscribe_needs_no_login_and_a_good_token(client):
    person = _people(1)[0]
    url = reverse("mailings:unsubscribe", args=[unsubscribe_token(person)])

    shown = client.get(url)
    assert shown.status_code == 200
    assert not Unsubscription.objects.exists()  # a GET (a mail scanner) changes nothing

    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert Unsubscription.objects.filter(user=person).exists()

    for bad in ["nope", unsubscribe_token(person)[:-2] + "xx", "eyJ1IjoxfQ:1:bad"]:
        assert client.post(reverse("mailings:unsubscribe", args=[bad])).status_code == 404
    assert Unsubscription.objects.count() == 1


def test_a_reminder_unsubscribe_token_is_not_a_mailing_one(client):
    from reminders.tokens import unsubscribe_token as reminder_token

    person = _people(1)[0]
    response = client.post(reverse("mailings:unsubscribe", args=[reminder_token(person, ["meeting"])]))
    assert response.status_code == 404
    assert not Unsubscription.objects.exists()


def test_two_workers_on_the_same_batch_send_each_message_once(run_together, smtp_server, staff):
    people = _people(30)
    mailing = services.create_mailing(by=staff, subject="Course", body="Texte", all_members=True)
    services.send_mailing(mailing=mailing, by=staff, version=mailing.version)
    starts = run_together(
        lambda: delivery.start_mailing(mailing_id=mailing.pk), lambda: delivery.start_mailing(mailing_id=mailing.pk)
    )
    assert Delivery.objects.filter(mailing=mailing).count() == 30
    ids = sorted(starts[0])

    outcomes = run_together(
        lambda: delivery.send_batch(delivery_ids=ids), lambda: delivery.send_batch(delivery_ids=ids)
    )

    assert outcomes == [[], []]
    received = sorted(envelope.rcpt_tos[0] for envelope in smtp_server.received)
    assert received == sorted(p.email for p in people)
    mailing.refresh_from_db()
    assert (mailing.status, mailing.sent_count) == (MailingStatus.SENT, 30)


def test_a_lost_worker_is_resumed_once_its_lease_lapsed(staff, make_mailing, mailoutbox, settings):
    """A worker died mid-batch: 4 rows recorded sent, 6 left ``sending``. Nothing is resumed while
    the lease holds; once it lapsed the periodic task sends the 6, and only them."""
    people = _people(10)
    mailing = make_mailing(staff)
    services.send_mailing(mailing=mailing, by=staff, version=mailing.version)
    ids = delivery.start_mailing(mailing_id=mailing.pk)
    now = timezone.now()
    claimed = delivery._claim(ids, now)
    delivery._record_sent(claimed[:4], now)

    tasks.task_mailings_tick()
    assert mailoutbox == []  # lease still held

    Delivery.objects.filter(status=DeliveryStatus.SENDING).update(claimed_at=now - conf.lease() - timedelta(seconds=1))
    tasks.task_mailings_tick()

    sent_to = sorted(m.to[0] for m in mailoutbox)
    assert sent_to == sorted(p.email for p in people[4:])
    assert Delivery.objects.filter(mailing=mailing, status=DeliveryStatus.SENT).count() == 10
    assert Delivery.objects.filter(recipient=people[5]).get().attempts == 2  # the loss counts as an attempt
    mailing.refresh_from_db()
    assert (mailing.status, mailing.sent_count) == (MailingStatus.SENT, 10)


def test_a_lost_start_is_resumed_and_the_mailing_is_not_closed_empty(staff, make_mailing, mailoutbox):
    _people(2)
    mailing = make_mailing(staff)
    services.send_mailing(mailing=mailing, by=staff, version=mailing.version)  # the start task never ran
    tasks.task_mailings_tick()
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENDING  # not closed with an empty ledger
    type(mailing).objects.filter(pk=mailing.pk).update(started_at=timezone.now() - conf.lease() - timedelta(1))

    tasks.task_mailings_tick()

    assert len(mailoutbox) == 2
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT


def test_smtp_refusals_are_retried_without_duplicates(staff, make_mailing, smtp_server, eager_retries, settings):
    settings.REMINDERS_RETRY_BASE_SECONDS = 0
    _people(3)
    mailing = make_mailing(staff)
    services.send_mailing(mailing=mailing, by=staff, version=mailing.version)
    smtp_server.fail_first = 2

    tasks.task_start_mailing(mailing_id=mailing.pk)

    assert len(smtp_server.received) == 3
    assert len({e.rcpt_tos[0] for e in smtp_server.received}) == 3
    assert Delivery.objects.filter(mailing=mailing, status=DeliveryStatus.SENT).count() == 3


def test_a_scheduled_mailing_leaves_when_its_time_comes(staff, make_mailing, mailoutbox):
    _people(2)
    mailing = make_mailing(staff, scheduled_at=timezone.now() + timedelta(hours=1))
    assert mailing.status == MailingStatus.SCHEDULED
    tasks.task_mailings_tick()
    assert mailoutbox == []

    type(mailing).objects.filter(pk=mailing.pk).update(scheduled_at=timezone.now() - timedelta(seconds=1))
    tasks.task_mailings_tick()

    assert len(mailoutbox) == 2
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT


def test_test_send_goes_to_its_author_only(staff, make_mailing, mailoutbox, django_capture_on_commit_callbacks):
    _people(2)
    mailing = make_mailing(staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_test(mailing=mailing, by=staff)
    assert [m.to[0] for m in mailoutbox] == [staff.email]
    assert mailoutbox[0].subject.startswith("[TEST]")
    assert not Delivery.objects.exists()
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.DRAFT


def test_a_sent_mailing_cannot_be_sent_again(staff, make_mailing, django_capture_on_commit_callbacks):
    from snitem_portal.exceptions import Conflict

    _people(1)
    mailing = _send(make_mailing(staff), staff, django_capture_on_commit_callbacks)
    with pytest.raises(Conflict):
        services.send_mailing(mailing=mailing, by=staff, version=mailing.version)
    assert len(mail.outbox) == 1


def test_a_delivery_batch_makes_the_same_number_of_queries_for_1_and_10_recipients(staff, make_mailing):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def batch_queries(count):
        people = _people(count)
        group = WorkingGroupFactory()
        for person in people:
            active_in(group, person)
        mailing = make_mailing(staff, all_members=False, groups=[group])
        services.send_mailing(mailing=mailing, by=staff, version=mailing.version)
        ids = delivery.start_mailing(mailing_id=mailing.pk)
        with CaptureQueriesContext(connection) as captured:
            delivery.send_batch(delivery_ids=ids)
        assert Delivery.objects.filter(mailing=mailing, status=DeliveryStatus.SENT).count() == count
        return len(captured)

    assert batch_queries(1) == batch_queries(10)


def test_a_real_worker_delivers_a_mailing_once_to_each_recipient(transactional_db, real_worker, smtp_server, settings):
    """Through Celery on Redis: the start task, three batches of 10, the ledger closed."""
    import time

    settings.REMINDERS_BATCH_SIZE = 10
    staff = UserFactory(is_staff=True)
    people = _people(25)
    mailing = services.create_mailing(by=staff, subject="Par le worker", body="Texte", all_members=True)
    services.send_mailing(mailing=mailing, by=staff, version=mailing.version)  # autocommit: the task is queued
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        mailing.refresh_from_db()
        if mailing.status == MailingStatus.SENT:
            break
        time.sleep(0.2)
    assert mailing.status == MailingStatus.SENT
    assert sorted(envelope.rcpt_tos[0] for envelope in smtp_server.received) == sorted(p.email for p in people)
    assert (mailing.recipients_count, mailing.sent_count) == (25, 25)


def test_personal_data_export_and_erasure(staff, make_mailing, django_capture_on_commit_callbacks):
    from mailings import privacy

    person = _people(1)[0]
    _send(make_mailing(staff), staff, django_capture_on_commit_callbacks)
    services.unsubscribe(user=person)

    exported = privacy.export(person)
    assert [row["subject"] for row in exported["mailings_received"]] == ["Lettre de décembre"]
    assert exported["mailings_unsubscribed_at"] is not None

    privacy.erase(person)
    assert privacy.export(person) == {"mailings_received": [], "mailings_unsubscribed_at": None}
