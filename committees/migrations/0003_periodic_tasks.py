"""Store the committees app's beat schedule in the database (staff can change it)."""

from django.db import migrations

SCHEDULE = [
    # name, task, hour, minute (UTC)
    ("Send committee reminders", "committees.send_reminders", "7", "0"),
]


def forwards(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, hour, minute in SCHEDULE:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="UTC",
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab})


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0002_one_committee_per_action_package"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
