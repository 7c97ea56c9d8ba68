"""Failure behaviour: Redis down, a hung broker, a worker killed mid-task.

With the broker unreachable a submission still succeeds and its notifications wait in
the database; the periodic sweep sends each exactly once when the broker is back. A
delivery that runs twice (a retry, a redelivery after a worker died) sends nothing
twice, because the notification row is claimed before the email goes out.
"""

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from committees.enums import ProposalKind, ProposalVisibility
from committees.models import Committee, CommitteeCoordinator, Proposal
from portal import services
from portal.celery import app as celery_app
from portal.enums import MembershipRole, OrganisationKind
from portal.models import Country, Notification
from portal.tasks import task_deliver_notification, task_send_pending_notifications
from tests.celery_support import recording_finished_tasks, running_worker
from tests.conftest import skip_or_fail
from tests.factories import MembershipFactory, UserFactory, VerifiedOrganisationFactory
from tests.portal.test_readyz import CLOSED_REDIS, QUICK, celery_conf, silent_redis

# Database numbers of their own, so a developer's worker can't take these tasks.
SWEEP_BROKER = os.environ.get("CELERY_SWEEP_TEST_BROKER", "redis://127.0.0.1:6379/13")
KILL_BROKER = os.environ.get("CELERY_KILL_TEST_BROKER", "redis://127.0.0.1:6379/12")
# The cache backend production settings use when REDIS_URL is set.
PRODUCTION_CACHE_BACKEND = "portal.cache.FailSoftRedisCache"
ROOT = Path(__file__).resolve().parents[2]


# --- Helpers ----------------------------------------------------------------------


@pytest.fixture
def broker_down():
    """Tasks go to a Redis that refuses connections, as in production with Redis down."""
    with celery_conf(broker_url=CLOSED_REDIS, task_always_eager=False):
        yield
    services.broker_unreachable_until = 0.0


def committee_with_coordinators(count):
    committee = Committee.objects.order_by("pk").first()
    coordinators = []
    for country in Country.objects.order_by("code")[:count]:
        user = UserFactory()
        CommitteeCoordinator.objects.create(committee=committee, user=user, country=country)
        coordinators.append(user)
    return committee, coordinators


def cso_member():
    organisation = VerifiedOrganisationFactory(kind=OrganisationKind.CSO)
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation, role=MembershipRole.ADMIN)
    return user, organisation


def proposal_form(organisation, **overrides):
    return {
        "organisation": organisation.pk,
        "kind": ProposalKind.EXPERTISE,
        "title": "Registration barriers seen in our offices",
        "text": "Appointments are cancelled and irregular fees are charged.",
        "language": "en",
        "visibility": ProposalVisibility.PUBLIC,
        "submission_key": str(uuid.uuid4()),
        **overrides,
    }


def submit_proposal(client, committee, organisation, on_commit):
    """POST the proposal form as a browser would; return (response, seconds taken)."""
    started = time.monotonic()
    with on_commit(execute=True):
        response = client.post(
            reverse("proposal_create", args=[committee.slug]), proposal_form(organisation)
        )
    return response, time.monotonic() - started


def outbox_for(user):
    return [message for message in mail.outbox if user.email in message.to]


def age_beyond_sweep_cutoff(notifications):
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
        created_at=timezone.now() - timedelta(hours=1)
    )


def require_postgresql():
    if connection.vendor != "postgresql":
        skip_or_fail("needs PostgreSQL (row locks, a database other processes can reach)")


# --- Redis down: pages and submissions -----------------------------------------------


PUBLIC_PAGES = ["/en/", "/es/", "/en/organisations/", "/en/committees/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_render_with_the_broker_down(client, broker_down, path):
    response = client.get(path)

    assert response.status_code == 200
    assert b"<main" in response.content


@pytest.mark.django_db
def test_submission_succeeds_with_the_broker_down_and_its_emails_wait(
    client, broker_down, on_commit, caplog
):
    committee, coordinators = committee_with_coordinators(3)
    user, organisation = cso_member()
    client.force_login(user)

    response, elapsed = submit_proposal(client, committee, organisation, on_commit)

    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == proposal.get_absolute_url()
    assert (proposal.author, proposal.organisation) == (user, organisation)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Registration barriers seen in our offices" in page.content.decode()
    pending = list(Notification.objects.filter(reason="proposal_submitted"))
    assert sorted(n.recipient_id for n in pending) == sorted(c.pk for c in coordinators)
    assert all(n.sent_at is None and n.attempts == 0 for n in pending)
    assert not mail.outbox
    assert "periodic sweep" in caplog.text
    assert elapsed < QUICK


@pytest.mark.django_db
def test_broker_down_costs_a_request_one_failed_publish(
    client, broker_down, on_commit, monkeypatch
):
    # Each failed publish waits on connection retries; a request that notifies many
    # people must not pay that once per person.
    calls = []
    real_delay = task_deliver_notification.delay

    def counting_delay(*args, **kwargs):
        calls.append(args)
        return real_delay(*args, **kwargs)

    monkeypatch.setattr(task_deliver_notification, "delay", counting_delay)
    committee, coordinators = committee_with_coordinators(5)
    user, organisation = cso_member()
    client.force_login(user)

    response, _elapsed = submit_proposal(client, committee, organisation, on_commit)

    assert response.status_code == 302
    assert Notification.objects.filter(sent_at__isnull=True).count() == len(coordinators)
    assert len(calls) == 1


@pytest.mark.django_db
def test_pending_emails_are_sent_once_when_the_broker_returns(client, broker_down, on_commit):
    committee, coordinators = committee_with_coordinators(2)
    user, organisation = cso_member()
    client.force_login(user)
    submit_proposal(client, committee, organisation, on_commit)
    pending = list(Notification.objects.filter(sent_at__isnull=True))
    # Younger rows are left to the delivery task the request queued (or tried to).
    assert task_send_pending_notifications() == 0
    age_beyond_sweep_cutoff(pending)

    # The sweep runs from beat through the broker, so only once the broker is back.
    assert task_send_pending_notifications() == 2
    assert task_send_pending_notifications() == 0
    for notification in pending:
        assert services.notification_deliver(notification_id=notification.pk) is False

    for coordinator in coordinators:
        (message,) = outbox_for(coordinator)
        assert "Registration barriers seen in our offices" in message.subject
    assert len(mail.outbox) == 2
    assert not Notification.objects.filter(sent_at__isnull=True).exists()
    assert set(Notification.objects.values_list("attempts", flat=True)) == {1}


def broker_socket_timeouts():
    options = celery_app.conf.broker_transport_options or {}
    return options.get("socket_connect_timeout"), options.get("socket_timeout")


@pytest.mark.django_db
def test_a_hung_broker_does_not_hang_a_submission(client, on_commit):
    # A Redis that accepts connections and never answers (failover, a dropped NAT
    # entry) makes a publish wait forever unless the broker has socket timeouts.
    connect_timeout, read_timeout = broker_socket_timeouts()
    assert connect_timeout and read_timeout, "without timeouts this test would hang"
    committee, coordinators = committee_with_coordinators(3)
    user, organisation = cso_member()
    client.force_login(user)

    try:
        with silent_redis() as url, celery_conf(broker_url=url, task_always_eager=False):
            response, elapsed = submit_proposal(client, committee, organisation, on_commit)
    finally:
        services.broker_unreachable_until = 0.0

    assert response.status_code == 302
    assert Notification.objects.filter(sent_at__isnull=True).count() == len(coordinators)
    assert elapsed < 2 * read_timeout + QUICK


# --- The broker returns: a real worker runs the sweep -------------------------------


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_sweep_sends_what_waited_while_the_broker_was_down(
    client, reference_data, on_commit
):
    committee, coordinators = committee_with_coordinators(2)
    user, organisation = cso_member()
    client.force_login(user)
    try:
        with celery_conf(broker_url=CLOSED_REDIS, task_always_eager=False):
            response, _elapsed = submit_proposal(client, committee, organisation, on_commit)
    finally:
        services.broker_unreachable_until = 0.0
    assert response.status_code == 302
    pending = list(Notification.objects.filter(sent_at__isnull=True))
    assert len(pending) == 2
    age_beyond_sweep_cutoff(pending)

    with running_worker(SWEEP_BROKER), recording_finished_tasks() as finished:
        sent = finished.run("portal.send_pending_notifications")
        sent_again = finished.run("portal.send_pending_notifications")

    assert (sent, sent_again) == (2, 0)
    for coordinator in coordinators:
        assert len(outbox_for(coordinator)) == 1
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


# --- Two deliveries of one notification at once --------------------------------------


def wait_until_my_transaction_blocks_another(timeout=10):
    """Poll until another PostgreSQL backend waits for a lock this one holds."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_locks "
                "WHERE NOT granted AND pg_backend_pid() = ANY(pg_blocking_pids(pid))"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.01)
    return False


def run_together(target, count=2):
    """Run ``target`` in ``count`` threads released at once; return (results, errors)."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(target())
        except BaseException as exc:  # noqa: BLE001 (the test reports any error)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    return results, errors


def a_pending_notification():
    membership = MembershipFactory()
    notification = services.notify(
        recipient=membership.user,
        reason="membership_accepted",
        target=membership,
        template="membership_accepted",
        context={"organisation": membership.organisation},
    )
    # notify() delivered it eagerly on commit; make it pending again.
    Notification.objects.filter(pk=notification.pk).update(sent_at=None, attempts=0)
    mail.outbox.clear()
    return notification, membership.user


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_deliveries_send_one_email(monkeypatch):
    require_postgresql()
    notification, recipient = a_pending_notification()
    waited = []
    real_save = Notification.save

    def save_while_the_other_delivery_waits(self, *args, **kwargs):
        # The claiming delivery holds the row lock; commit only once the other
        # delivery is blocked on it, so both really race for the same row.
        real_save(self, *args, **kwargs)
        waited.append(wait_until_my_transaction_blocks_another())

    monkeypatch.setattr(Notification, "save", save_while_the_other_delivery_waits)

    results, errors = run_together(
        lambda: services.notification_deliver(notification_id=notification.pk)
    )

    assert not errors
    assert sorted(results) == [False, True]
    assert waited == [True]
    assert len(outbox_for(recipient)) == 1
    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert notification.attempts == 1


# --- A worker killed mid-task ---------------------------------------------------------

# Runs a prefork worker with one pool process. After each task it logs the task's
# return value; the first time (while the kill marker exists) it is then killed with
# SIGKILL, after the email went out and before the message was acknowledged: the
# pool process alone ("process"), or the whole worker with it ("worker").
WORKER_SCRIPT = """
import os
import signal

import django

django.setup()

from celery.signals import task_postrun
from django.conf import settings

from portal.celery import app

settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
settings.EMAIL_FILE_PATH = os.environ["KILL_TEST_MAIL_DIR"]
runs = os.environ["KILL_TEST_RUNS"]
marker = os.environ["KILL_TEST_MARKER"]


@task_postrun.connect
def log_then_maybe_die(retval=None, **kwargs):
    with open(runs, "a") as log:
        log.write(f"{retval}\\n")
    if os.path.exists(marker):
        with open(marker) as kill:
            victim = kill.read().strip()
        os.remove(marker)
        if victim == "worker":
            os.kill(os.getppid(), signal.SIGKILL)
        os.kill(os.getpid(), signal.SIGKILL)


app.conf.update(
    broker_url=os.environ["KILL_TEST_BROKER"],
    task_always_eager=False,
    # Unacknowledged messages of a dead worker come back after this many seconds.
    broker_transport_options={
        "visibility_timeout": 1,
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    },
)
app.worker_main(
    ["worker", "--pool=prefork", "--concurrency=1", "--loglevel=WARNING",
     "--without-gossip", "--without-mingle", "--without-heartbeat"]
)
"""


def database_url():
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


class KillableWorker:
    def __init__(self, tmp_path):
        self.mail_dir = tmp_path / "mail"
        self.mail_dir.mkdir()
        self.runs = tmp_path / "runs.log"
        self.marker = tmp_path / "kill"
        self.log = tmp_path / "worker.log"
        self.processes = []

    def start(self):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": database_url(),
            "KILL_TEST_BROKER": KILL_BROKER,
            "KILL_TEST_MAIL_DIR": str(self.mail_dir),
            "KILL_TEST_RUNS": str(self.runs),
            "KILL_TEST_MARKER": str(self.marker),
        }
        with open(self.log, "a") as log:
            process = subprocess.Popen(
                [sys.executable, "-c", WORKER_SCRIPT],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes.append(process)
        return process

    def run_results(self):
        return self.runs.read_text().split() if self.runs.exists() else []

    def wait_for_runs(self, count, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.run_results()) < count:
            time.sleep(0.05)
        assert len(self.run_results()) >= count, self.log.read_text()[-3000:]
        return self.run_results()

    def emails_to(self, address):
        return [p for p in self.mail_dir.iterdir() if address in p.read_text()]

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)


@pytest.fixture
def killable_worker(tmp_path):
    import redis

    try:
        broker = redis.Redis.from_url(KILL_BROKER, socket_connect_timeout=1)
        # Left-over messages from an interrupted run would be taken for this test's.
        broker.flushdb()
    except redis.RedisError as exc:
        skip_or_fail(f"Redis not reachable at {KILL_BROKER}: {exc}")
    worker = KillableWorker(tmp_path)
    try:
        yield worker
    finally:
        worker.stop()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("victim", ["process", "worker"])
def test_a_delivery_redelivered_after_its_worker_died_sends_nothing_twice(killable_worker, victim):
    require_postgresql()
    notification, recipient = a_pending_notification()
    killable_worker.marker.write_text(victim)
    first = killable_worker.start()

    with celery_conf(broker_url=KILL_BROKER, task_always_eager=False):
        task_deliver_notification.delay(notification.pk)
    if victim == "worker":
        killable_worker.wait_for_runs(1)
        assert first.wait(timeout=30) == -signal.SIGKILL
        # The message was never acknowledged: a new worker gets it again.
        killable_worker.start()
    runs = killable_worker.wait_for_runs(2)

    assert runs == ["True", "False"]
    assert not killable_worker.marker.exists()
    assert len(killable_worker.emails_to(recipient.email)) == 1
    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert notification.attempts == 1


# --- Redis down when it is also the cache (production) -----------------------------


@pytest.fixture
def redis_cache_down(settings, broker_down):
    """Production keeps the page cache and rate-limit counters in the same Redis."""
    settings.CACHES = {
        "default": {
            "BACKEND": PRODUCTION_CACHE_BACKEND,
            "LOCATION": CLOSED_REDIS,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.mark.django_db
def test_pages_and_submissions_survive_redis_down_as_the_cache(client, redis_cache_down, on_commit):
    committee, coordinators = committee_with_coordinators(2)
    user, organisation = cso_member()

    for path in PUBLIC_PAGES:
        assert client.get(path).status_code == 200
    client.force_login(user)
    response, elapsed = submit_proposal(client, committee, organisation, on_commit)

    assert response.status_code == 302
    assert Proposal.objects.filter(author=user).exists()
    assert Notification.objects.filter(sent_at__isnull=True).count() == len(coordinators)
    assert elapsed < QUICK
