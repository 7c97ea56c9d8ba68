"""Background tasks of the shared core."""

import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from . import services
from .models import Notification

logger = logging.getLogger(__name__)


@shared_task(
    name="portal.deliver_notification",
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=8,
)
def task_deliver_notification(notification_id):
    """Email one notification (at most once)."""
    return services.notification_deliver(notification_id=notification_id)


@shared_task(name="portal.send_pending_notifications")
def task_send_pending_notifications():
    """Deliver notifications whose task never ran (e.g. the broker was down)."""
    cutoff = timezone.now() - timedelta(minutes=5)
    ids = list(
        Notification.objects.filter(sent_at__isnull=True, created_at__lte=cutoff, attempts__lt=8)
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
    sent = 0
    for pk in ids:
        try:
            sent += bool(services.notification_deliver(notification_id=pk))
        except Exception:  # noqa: BLE001 (one bad address must not stop the sweep)
            logger.exception("Notification %s failed; it stays pending.", pk)
    return sent
