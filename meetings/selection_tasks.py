"""Background tasks of reviews and selections (wired into the beat schedule by the lead)."""

import logging

from celery import shared_task

from . import selection_services as services

logger = logging.getLogger(__name__)

RETRY = {
    "autoretry_for": (Exception,),
    "retry_backoff": 60,
    "retry_backoff_max": 3600,
    "max_retries": 5,
}


@shared_task(name="meetings.remind_reviewers", **RETRY)
def task_remind_reviewers():
    """Daily: remind panel members of reviews outstanding 3 days before the deadline."""
    sent = services.reviews_remind()
    logger.info("Review reminders created: %s", sent)
    return sent


@shared_task(name="meetings.remind_participants", **RETRY)
def task_remind_participants():
    """Daily: remind selected organisations 7 days and 1 day before their meeting."""
    sent = services.participants_remind()
    logger.info("Meeting reminders to participants created: %s", sent)
    return sent
