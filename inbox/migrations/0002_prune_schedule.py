"""The daily pruning of old read notifications, in django-celery-beat's tables (staff see and change it in admin)."""

import json

from django.db import migrations

PRUNE_TASK_NAME = "Notifications : suppression des anciennes notifications lues"


def forwards(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    four_am, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="4", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Europe/Paris"
    )
    PeriodicTask.objects.get_or_create(
        name=PRUNE_TASK_NAME,
        defaults={
            "task": "inbox.tasks.task_prune_notifications",
            "crontab": four_am,
            "kwargs": json.dumps({}),
            "description": "Supprime les notifications lues plus anciennes que NOTIFICATIONS_RETENTION_DAYS.",
        },
    )


def backwards(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=PRUNE_TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
