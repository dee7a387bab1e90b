"""The bell's count is cached per person: never another person's, and never older than their last change."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from inbox import privacy
from inbox.selectors import _unread_key, forget_unread, unread_count
from inbox.services import mark_all_read, mark_read
from snitem_portal import caching
from snitem_portal.notifications import notify
from tests.groups.factories import WorkingGroupFactory

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db


def _bell(client):
    page = client.get(reverse("dashboard")).content.decode()
    return page.split('class="nav-link notification-bell"', 1)[1].split('aria-label="', 1)[1].split('"', 1)[0]


def test_second_count_is_read_from_the_cache(member, django_assert_num_queries):
    NotificationFactory(recipient=member)
    unread_count(member)

    with django_assert_num_queries(0):
        count = unread_count(member)

    assert count == 1


def test_each_person_gets_their_own_count(member, outsider):
    for _ in range(2):
        NotificationFactory(recipient=member)
    NotificationFactory(recipient=outsider)

    counts = [unread_count(member), unread_count(outsider), unread_count(member), unread_count(outsider)]

    assert counts == [2, 1, 2, 1]


def test_bell_on_the_page_follows_reading(client, member):
    first, _second = NotificationFactory(recipient=member), NotificationFactory(recipient=member)
    client.force_login(member)
    before = _bell(client)

    client.post(reverse("inbox:read", args=[first.pk]))
    after_one = _bell(client)
    client.post(reverse("inbox:read-all"))
    after_all = _bell(client)

    assert [before, after_one, after_all] == [
        "Notifications, 2 non lues",
        "Notifications, 1 non lue",
        "Notifications, aucune non lue",
    ]


def test_services_forget_the_count(member):
    first = NotificationFactory(recipient=member)
    NotificationFactory(recipient=member)
    counts = [unread_count(member)]

    mark_read(notification=first, by=member)
    counts.append(unread_count(member))
    mark_all_read(user=member)
    counts.append(unread_count(member))

    assert counts == [2, 1, 0]


def test_new_notifications_forget_the_count_of_their_recipients_only(member, outsider, django_assert_num_queries):
    NotificationFactory(recipient=outsider)
    counts = [unread_count(member), unread_count(outsider)]
    group = WorkingGroupFactory()

    notify(template="groups/email/membership_decided", recipients=[member], context={"group": group, "approved": True})

    counts += [unread_count(member)]
    with django_assert_num_queries(0):
        counts.append(unread_count(outsider))
    assert counts == [0, 1, 1, 1]


def test_a_notification_saved_alone_forgets_the_count(member):
    counts = [unread_count(member)]

    NotificationFactory(recipient=member)
    counts.append(unread_count(member))
    NotificationFactory(recipient=member, read_at=timezone.now())
    counts.append(unread_count(member))

    assert counts == [0, 1, 1]


def test_erasing_forgets_the_count(member):
    NotificationFactory(recipient=member)
    counts = [unread_count(member)]

    privacy.erase(member)

    counts.append(unread_count(member))
    assert counts == [1, 0]


def test_count_cached_by_another_request_before_the_commit_is_dropped_at_the_commit(
    member, django_capture_on_commit_callbacks
):
    NotificationFactory(recipient=member)
    key = _unread_key(member.pk)

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        forget_unread([member.pk])
        # Another request counted before this transaction committed and cached what it saw.
        cache.set(key, (caching.stamp(key), 7))
        during = unread_count(member)  # the writing transaction reads its own change

    assert [during, unread_count(member)] == [1, 1]


def test_a_rolled_back_transaction_leaves_nothing_cached(member):
    NotificationFactory(recipient=member)
    assert unread_count(member) == 1

    seen = []

    def read_then_fail():
        with transaction.atomic():
            mark_all_read(user=member)
            seen.append(unread_count(member))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        read_then_fail()

    assert seen == [0]
    assert unread_count(member) == 1
