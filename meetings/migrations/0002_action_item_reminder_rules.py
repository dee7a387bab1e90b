"""Default reminder rules of action items: 7 days and 1 day before they are due, like every other kind."""

from django.db import migrations

KIND = "action_item"


def forwards(apps, schema_editor):
    ReminderRule = apps.get_model("reminders", "ReminderRule")
    for days in (7, 1):
        ReminderRule.objects.get_or_create(kind=KIND, days_before=days, hours_before=0)


def backwards(apps, schema_editor):
    apps.get_model("reminders", "ReminderRule").objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("reminders", "0004_action_item_kind"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
