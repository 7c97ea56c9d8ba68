"""The core's real-worker test: a notification is delivered once through Redis."""

import os

import pytest
from django.core import mail

from portal import services
from portal.models import Notification
from tests.celery_support import recording_finished_tasks, running_worker
from tests.factories import MembershipFactory

# A database number of its own, so a developer's running worker can't steal the task.
TEST_BROKER = os.environ.get("CELERY_TEST_BROKER", "redis://127.0.0.1:6379/14")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_delivers_a_notification_once(reference_data):
    with running_worker(TEST_BROKER), recording_finished_tasks() as finished:
        membership = MembershipFactory()
        notification = services.notify(
            recipient=membership.user,
            reason="membership_accepted",
            target=membership,
            template="membership_accepted",
            context={"organisation": membership.organisation},
        )
        # notify() queued a delivery on commit (autocommit here). The solo worker runs
        # tasks in order, so once a later duplicate has run, the first one has too.
        finished.run("portal.deliver_notification", notification.pk)
        assert len([m for m in mail.outbox if membership.user.email in m.to]) == 1
        assert finished.run("portal.deliver_notification", notification.pk) is False
    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert Notification.objects.count() == 1
