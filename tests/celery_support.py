"""A real Celery worker against Redis, for the few tests that need one."""

import threading
import uuid
from contextlib import contextmanager

from celery.signals import task_postrun

from portal.celery import app
from tests.conftest import skip_or_fail


def _reset_producer_pool():
    # The producer pool is bound to the broker URL it was first built with.
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def running_worker(broker):
    """Run a solo worker on ``broker`` (its own Redis database number) for a test.

    Skips, or fails under REQUIRE_SERVICES=1, when Redis does not answer.
    """
    import redis

    try:
        redis.Redis.from_url(broker, socket_connect_timeout=1).ping()
    except Exception as exc:  # noqa: BLE001 (any connection failure means no Redis)
        skip_or_fail(f"Redis not reachable at {broker}: {exc}")
    import celery.contrib.testing.tasks  # noqa: F401 (registers the worker's ping task)
    from celery.contrib.testing.worker import start_worker

    previous = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=broker, task_always_eager=False)
    _reset_producer_pool()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.update(previous)
        _reset_producer_pool()


class FinishedTasks:
    """Records the tasks the worker finishes, and waits (bounded, no sleeps) for one."""

    def __init__(self):
        self.finished = []
        self.changed = threading.Condition()

    def __call__(self, sender=None, task_id=None, retval=None, **kwargs):
        with self.changed:
            self.finished.append((sender.name, task_id, retval))
            self.changed.notify_all()

    def wait_for(self, predicate, timeout=20):
        with self.changed:
            found = self.changed.wait_for(
                lambda: [f for f in self.finished if predicate(*f)], timeout=timeout
            )
        assert found, "the worker did not run the task"
        return found[0][2]

    def run(self, task_name, *args):
        """Queue ``task_name`` and return its result once the worker has run it."""
        task_id = str(uuid.uuid4())
        app.tasks[task_name].apply_async(args=args, task_id=task_id)
        return self.wait_for(lambda _name, finished_id, _retval: finished_id == task_id)


@contextmanager
def recording_finished_tasks():
    recorder = FinishedTasks()
    task_postrun.connect(recorder, weak=False)
    try:
        yield recorder
    finally:
        task_postrun.disconnect(recorder)
