"""Store the meetings app's beat schedule in the database (staff can change it)."""

from django.db import migrations

SCHEDULE = [
    # name, task, hour, minute (UTC)
    ("Remind applicants of drafts before a call closes", "meetings.remind_applicants", "8", "0"),
    ("Remind reviewers of outstanding reviews", "meetings.remind_reviewers", "8", "10"),
    ("Remind selected participants of their meeting", "meetings.remind_participants", "8", "20"),
    (
        "Remind special coordinators of national meetings",
        "meetings.remind_national_meetings",
        "8",
        "30",
    ),
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
        ("meetings", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
