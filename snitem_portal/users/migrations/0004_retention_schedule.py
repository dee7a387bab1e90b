"""The daily retention task in the beat schedule (django-celery-beat's tables, editable in admin)."""

import json

from django.db import migrations

RETENTION_TASK_NAME = "Confidentialité : durées de conservation"


def forwards(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    half_past_three, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="3", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Europe/Paris"
    )
    PeriodicTask.objects.get_or_create(
        name=RETENTION_TASK_NAME,
        defaults={
            "task": "snitem_portal.users.tasks.task_enforce_retention",
            "crontab": half_past_three,
            "kwargs": json.dumps({}),
            "description": (
                "Supprime ce que les durées de conservation ne permettent plus de garder : sessions et jetons "
                "d'API expirés, inscriptions jamais vérifiées, journal des rappels ancien (tâche idempotente)."
            ),
        },
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=RETENTION_TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0003_erased_at"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
