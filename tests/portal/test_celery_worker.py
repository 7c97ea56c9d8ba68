"""The one test that runs a real Celery worker against Redis."""

import os
import threading
import uuid

import pytest
from celery.signals import task_postrun
from django.core import mail

from portal import services
from portal.celery import app
from portal.models import Notification
from tests.conftest import skip_or_fail
from tests.factories import MembershipFactory

# A database number of its own, so a developer's running worker can't steal the task.
TEST_BROKER = os.environ.get("CELERY_TEST_BROKER", "redis://127.0.0.1:6379/14")


@pytest.fixture
def redis_worker():
    import redis

    try:
        redis.Redis.from_url(TEST_BROKER, socket_connect_timeout=1).ping()
    except Exception as exc:  # noqa: BLE001 (any connection failure means no Redis)
        skip_or_fail(f"Redis not reachable at {TEST_BROKER}: {exc}")
    import celery.contrib.testing.tasks  # noqa: F401 (registers the worker's ping task)
    from celery.contrib.testing.worker import start_worker

    previous = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=TEST_BROKER, task_always_eager=False)
    reset_producer_pool()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.update(previous)
        reset_producer_pool()


def reset_producer_pool():
    # The producer pool is bound to the broker URL it was first built with.
    app._pool = None
    app.amqp._producer_pool = None


def run_on_worker(notification_id):
    """Queue a delivery and wait (bounded) for the worker to finish it."""
    done = threading.Event()
    outcome = {}

    expected_id = str(uuid.uuid4())

    def on_postrun(task_id=None, retval=None, **kwargs):
        if task_id == expected_id:
            outcome["retval"] = retval
            done.set()

    task_postrun.connect(on_postrun, weak=False)
    try:
        app.tasks["portal.deliver_notification"].apply_async(
            args=[notification_id], task_id=expected_id
        )
        assert done.wait(timeout=20), "the worker did not run the task"
    finally:
        task_postrun.disconnect(on_postrun)
    return outcome["retval"]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_delivers_a_notification_once(redis_worker, reference_data):
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
    run_on_worker(notification.pk)
    assert len([m for m in mail.outbox if membership.user.email in m.to]) == 1
    assert run_on_worker(notification.pk) is False
    assert len([m for m in mail.outbox if membership.user.email in m.to]) == 1
    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert Notification.objects.count() == 1
