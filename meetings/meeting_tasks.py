"""Background tasks of the meetings pages: reminders about quarterly national meetings."""

import logging

from celery import shared_task

from . import meeting_services as services

logger = logging.getLogger(__name__)


@shared_task(
    name="meetings.remind_national_meetings",
    autoretry_for=(Exception,),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=5,
)
def task_remind_national_meetings():
    """Remind special coordinators of a quarter without a national meeting (30 and 7 days)."""
    sent = services.national_meetings_remind()
    logger.info("National meeting reminders created: %s", sent)
    return sent
