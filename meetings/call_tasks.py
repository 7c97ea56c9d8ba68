"""Background tasks of the registration calls (wired into ``meetings.tasks`` by the app)."""

import logging

from celery import shared_task

from . import call_services

logger = logging.getLogger(__name__)


@shared_task(
    name="meetings.remind_applicants",
    autoretry_for=(Exception,),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=5,
)
def task_remind_applicants():
    """Remind organisations of drafts to calls closing within 3 days; never twice."""
    sent = call_services.applications_remind_drafts()
    logger.info("Application draft reminders created: %s", sent)
    return sent
