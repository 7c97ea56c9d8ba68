"""Background tasks of the commitments app."""

import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from . import services
from .models import ReportingRound

logger = logging.getLogger(__name__)

REMINDER_DAYS = (14, 3)


@shared_task(name="commitments.remind_reporting_rounds", autoretry_for=(Exception,), max_retries=3)
def task_remind_reporting_rounds():
    """Remind coordinators 14 and 3 days before a round's deadline (once each)."""
    today = timezone.localdate()
    sent = 0
    for days in REMINDER_DAYS:
        # A range, not an exact day, so a missed beat still sends the reminder later.
        window = ReportingRound.objects.filter(
            deadline__gt=today, deadline__lte=today + timedelta(days=days)
        )
        for reporting_round in window:
            sent += services.reporting_round_remind(
                reporting_round=reporting_round, days_before=days
            )
    return sent


@shared_task(name="commitments.build_open_data", autoretry_for=(Exception,), max_retries=3)
def task_build_open_data():
    """Regenerate the open-data dump (ZIP of CSVs and a data package descriptor)."""
    from .open_data import build_dump

    path = build_dump()
    logger.info("Open-data dump written to %s", path)
    return str(path)
