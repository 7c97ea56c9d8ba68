"""Background tasks of the committees app."""

import logging

from celery import shared_task

from . import reminders

logger = logging.getLogger(__name__)


@shared_task(
    name="committees.send_reminders",
    autoretry_for=(Exception,),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=5,
)
def task_send_reminders():
    """Send the day's committee reminders; a retry or second run sends nothing twice."""
    counts = reminders.send_reminders()
    logger.info("Committee reminders created: %s", counts)
    return counts
