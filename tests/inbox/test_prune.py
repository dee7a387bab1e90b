"""Old read notifications go after NOTIFICATIONS_RETENTION_DAYS; unread and recent ones stay."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from inbox.models import Notification
from inbox.tasks import task_prune_notifications

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db


def _make(days_old: int, *, read: bool, title: str):
    created_at = timezone.now() - timedelta(days=days_old)
    return NotificationFactory(title=title, created_at=created_at, read_at=created_at if read else None)


def test_prune_task_deletes_only_old_read_notifications(settings):
    settings.NOTIFICATIONS_RETENTION_DAYS = 30
    _make(31, read=True, title="old read")
    _make(31, read=False, title="old unread")
    _make(29, read=True, title="recent read")

    deleted = task_prune_notifications.delay().get()

    assert deleted == 1
    assert sorted(Notification.objects.values_list("title", flat=True)) == ["old unread", "recent read"]


def test_default_retention_is_180_days():
    _make(181, read=True, title="gone")
    _make(179, read=True, title="kept")

    task_prune_notifications()

    assert list(Notification.objects.values_list("title", flat=True)) == ["kept"]


def test_pruning_is_scheduled_daily_in_beat():
    task = PeriodicTask.objects.get(task="inbox.tasks.task_prune_notifications")

    assert (task.enabled, task.crontab.hour, task.crontab.minute) == (True, "4", "30")
