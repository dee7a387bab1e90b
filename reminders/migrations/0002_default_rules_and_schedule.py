"""Default rules (7 days and 1 day before each kind of deadline) and the beat schedule.

The schedule lives in django-celery-beat's tables so staff can see and change it in admin.
"""

import json

from django.db import migrations

KINDS = ["meeting", "consultation", "call", "extension"]
SCAN_TASK_NAME = "Rappels : recherche des échéances"
DIGEST_TASK_NAME = "Rappels : résumé quotidien"


def forwards(apps, schema_editor):
    ReminderRule = apps.get_model("reminders", "ReminderRule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for kind in KINDS:
        for days in (7, 1):
            ReminderRule.objects.get_or_create(kind=kind, days_before=days, hours_before=0)
    every_5_minutes, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=SCAN_TASK_NAME,
        defaults={
            "task": "reminders.tasks.task_scan_deadlines",
            "interval": every_5_minutes,
            "kwargs": json.dumps({}),
            "description": "Enregistre les rappels dus et les envoie (tâche idempotente).",
        },
    )
    seven_am, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="7", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Europe/Paris"
    )
    PeriodicTask.objects.get_or_create(
        name=DIGEST_TASK_NAME,
        defaults={
            "task": "reminders.tasks.task_send_digests",
            "crontab": seven_am,
            "kwargs": json.dumps({}),
            "description": "Envoie à chacun le résumé de ses rappels en attente.",
        },
    )


def backwards(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[SCAN_TASK_NAME, DIGEST_TASK_NAME]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
