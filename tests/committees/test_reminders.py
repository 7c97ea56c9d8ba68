"""Scheduled committee reminders: right people, once each, in their language."""

import os
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from committees import reminders
from committees.enums import ProposalKind, ProposalStatus
from committees.models import Briefing, Committee, CommitteeCoordinator, Proposal
from committees.tasks import task_send_reminders
from portal.celery import app
from portal.models import Country, Notification
from tests.celery_support import recording_finished_tasks, running_worker
from tests.conftest import LANGUAGE_CODES
from tests.factories import UserFactory, VerifiedOrganisationFactory

# --- Helpers ----------------------------------------------------------------------


def a_committee(index=0):
    return Committee.objects.select_related("action_package").order_by("pk")[index]


def coordinator_of(committee, *, language="en", active=True, code="CO"):
    user = UserFactory(preferred_language=language)
    CommitteeCoordinator.objects.create(
        committee=committee, user=user, country=Country.objects.get(code=code), active=active
    )
    return user


def follower_of(committee, *, language="en", **fields):
    user = UserFactory(preferred_language=language, **fields)
    committee.followers.add(user)
    return user


def make_briefing(committee, *, starts_at, **fields):
    fields.setdefault("title", "First briefing of the year")
    fields.setdefault("time_zone", "America/Bogota")
    return Briefing.objects.create(committee=committee, starts_at=starts_at, **fields)


def briefing_with_deadline_in(committee, days, **fields):
    """A briefing whose agenda (due 30 days before) is due ``days`` days from now."""
    return make_briefing(committee, starts_at=timezone.now() + timedelta(days=30 + days), **fields)


def make_proposal(committee, *, due_in_days, **fields):
    fields.setdefault("title", "Access to documents")
    fields.setdefault("organisation", VerifiedOrganisationFactory())
    return Proposal.objects.create(
        committee=committee,
        kind=ProposalKind.POLICY,
        text="A proposal.",
        response_due=timezone.localdate() + timedelta(days=due_in_days),
        **fields,
    )


def outbox_for(user):
    return [message for message in mail.outbox if user.email in message.to]


def run_job_twice(on_commit):
    results = []
    with on_commit(execute=True):
        results.append(task_send_reminders())
    with on_commit(execute=True):
        results.append(task_send_reminders())
    return results


def bogota_afternoon(days_from_now):
    """14:30 UTC (09:30 in Bogotá) ``days_from_now`` days from today."""
    day = timezone.now().date() + timedelta(days=days_from_now)
    return datetime(day.year, day.month, day.day, 14, 30, tzinfo=UTC)


# --- Agenda deadlines ---------------------------------------------------------------


@pytest.mark.django_db
def test_agenda_reminder_goes_to_the_committees_active_coordinators_only(on_commit):
    committee, other = a_committee(0), a_committee(1)
    coordinator = coordinator_of(committee)
    inactive = coordinator_of(committee, active=False, code="MX")
    elsewhere = coordinator_of(other)
    follower = follower_of(committee)
    briefing = briefing_with_deadline_in(committee, 10)

    first, second = run_job_twice(on_commit)

    messages = outbox_for(coordinator)
    assert len(messages) == 1
    assert f"/en/committees/{committee.slug}/briefings/{briefing.pk}/" in messages[0].body
    assert str(committee) in messages[0].body
    assert outbox_for(inactive) == outbox_for(elsewhere) == outbox_for(follower) == []
    assert first["agenda_due"] == 1
    assert second == {"agenda_due": 0, "briefing_soon": 0, "proposal_due": 0, "proposal_overdue": 0}


@pytest.mark.django_db
def test_agenda_reminders_go_14_then_7_days_before_each_once(on_commit):
    committee = a_committee()
    coordinator = coordinator_of(committee)
    briefing = make_briefing(committee, starts_at=bogota_afternoon(60))
    deadline = briefing.agenda_deadline

    with on_commit(execute=True):
        assert reminders.remind_agenda_deadlines(now=deadline - timedelta(days=20)) == 0
        # Thirteen days before: the 14-day reminder, even though its exact day was missed.
        assert reminders.remind_agenda_deadlines(now=deadline - timedelta(days=13)) == 1
        assert reminders.remind_agenda_deadlines(now=deadline - timedelta(days=12)) == 0
        assert reminders.remind_agenda_deadlines(now=deadline - timedelta(days=6)) == 1
        assert reminders.remind_agenda_deadlines(now=deadline - timedelta(hours=1)) == 0
        assert reminders.remind_agenda_deadlines(now=deadline + timedelta(hours=1)) == 0

    assert len(outbox_for(coordinator)) == 2
    reasons = Notification.objects.filter(recipient=coordinator).values_list("reason", flat=True)
    assert sorted(r.split(":")[0] for r in reasons) == ["agenda_due_14", "agenda_due_7"]


@pytest.mark.django_db
def test_agenda_due_soon_sends_only_the_nearest_reminder(on_commit):
    committee = a_committee()
    coordinator = coordinator_of(committee)
    briefing_with_deadline_in(committee, 3)

    run_job_twice(on_commit)

    assert len(outbox_for(coordinator)) == 1
    assert Notification.objects.get(recipient=coordinator).reason.startswith("agenda_due_7:")


@pytest.mark.django_db
def test_no_agenda_reminder_once_published_or_far_off_or_past(on_commit):
    committee = a_committee()
    coordinator = coordinator_of(committee)
    briefing_with_deadline_in(committee, 10, agenda_published_at=timezone.now())
    briefing_with_deadline_in(committee, 20)
    briefing_with_deadline_in(committee, -2)

    run_job_twice(on_commit)

    assert outbox_for(coordinator) == []


@pytest.mark.django_db
def test_rescheduled_briefing_is_reminded_again(on_commit):
    committee = a_committee()
    coordinator = coordinator_of(committee)
    briefing = briefing_with_deadline_in(committee, 10)
    with on_commit(execute=True):
        task_send_reminders()

    briefing.starts_at += timedelta(days=2)
    briefing.save()
    run_job_twice(on_commit)

    assert len(outbox_for(coordinator)) == 2


# --- Proposals ------------------------------------------------------------------


@pytest.mark.django_db
def test_proposal_due_soon_reminds_active_coordinators_of_open_proposals(on_commit):
    committee = a_committee()
    coordinator = coordinator_of(committee)
    inactive = coordinator_of(committee, active=False, code="MX")
    elsewhere = coordinator_of(a_committee(1))
    proposal = make_proposal(committee, due_in_days=5)
    make_proposal(committee, due_in_days=5, title="Closed", status=ProposalStatus.CLOSED)
    make_proposal(committee, due_in_days=5, title="Answered", status=ProposalStatus.RESPONDED)
    make_proposal(committee, due_in_days=20, title="Not yet")

    first, second = run_job_twice(on_commit)

    messages = outbox_for(coordinator)
    assert len(messages) == 1
    assert proposal.title in messages[0].subject
    assert f"/en/proposals/{proposal.pk}/" in messages[0].body
    assert outbox_for(inactive) == outbox_for(elsewhere) == []
    assert (first["proposal_due"], second["proposal_due"]) == (1, 0)


@pytest.mark.django_db
def test_overdue_proposal_is_reminded_once_while_open(on_commit):
    committee = a_committee()
    coordinator = coordinator_of(committee)
    proposal = make_proposal(committee, due_in_days=-1, status=ProposalStatus.UNDER_CONSIDERATION)
    make_proposal(committee, due_in_days=-3, title="Closed", status=ProposalStatus.CLOSED)

    first, second = run_job_twice(on_commit)

    messages = outbox_for(coordinator)
    assert len(messages) == 1
    assert proposal.title in messages[0].body
    assert (first["proposal_overdue"], second["proposal_overdue"]) == (1, 0)
    assert first["proposal_due"] == 0


@pytest.mark.django_db
def test_proposal_due_today_is_due_soon_not_overdue(on_commit):
    committee = a_committee()
    coordinator = coordinator_of(committee)
    make_proposal(committee, due_in_days=0)

    run_job_twice(on_commit)

    reasons = list(
        Notification.objects.filter(recipient=coordinator).values_list("reason", flat=True)
    )
    assert len(reasons) == 1
    assert reasons[0].startswith("proposal_due_7:")


# --- Followers ------------------------------------------------------------------


@pytest.mark.django_db
def test_followers_are_reminded_7_days_and_1_day_before_a_briefing(on_commit):
    committee = a_committee()
    follower = follower_of(committee)
    gone = follower_of(committee, is_active=False)
    stranger = UserFactory()
    coordinator = coordinator_of(committee)
    briefing = make_briefing(committee, starts_at=bogota_afternoon(30))
    starts = briefing.starts_at

    with on_commit(execute=True):
        assert reminders.remind_briefing_followers(now=starts - timedelta(days=9)) == 0
        assert reminders.remind_briefing_followers(now=starts - timedelta(days=6)) == 1
        assert reminders.remind_briefing_followers(now=starts - timedelta(days=5)) == 0
        assert reminders.remind_briefing_followers(now=starts - timedelta(hours=20)) == 1
        assert reminders.remind_briefing_followers(now=starts - timedelta(hours=2)) == 0
        assert reminders.remind_briefing_followers(now=starts + timedelta(hours=1)) == 0

    assert len(outbox_for(follower)) == 2
    assert outbox_for(gone) == outbox_for(stranger) == outbox_for(coordinator) == []


@pytest.mark.django_db
def test_follower_reminder_shows_the_briefing_time_in_its_time_zone(on_commit):
    committee = a_committee()
    follower = follower_of(committee, language="fr")
    briefing = make_briefing(
        committee, starts_at=bogota_afternoon(5), online_url="https://meet.example.org/b1"
    )

    run_job_twice(on_commit)

    (message,) = outbox_for(follower)
    assert "09:30" in message.body
    assert "America/Bogota" in message.body
    assert "https://meet.example.org/b1" in message.body
    assert f"/fr/committees/{committee.slug}/briefings/{briefing.pk}/" in message.body


# --- Languages and the schedule ----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_reminders_arrive_in_the_recipients_language(on_commit, language):
    committee = a_committee()
    coordinator = coordinator_of(committee, language=language)
    follower = follower_of(committee, language=language)
    briefing = briefing_with_deadline_in(committee, 10)
    make_briefing(committee, starts_at=bogota_afternoon(3), title="Second briefing")
    proposal = make_proposal(committee, due_in_days=-2, title="L'accès aux droits & services")

    run_job_twice(on_commit)

    briefing_link = f"/{language}/committees/{committee.slug}/briefings/{briefing.pk}/"
    proposal_link = f"/{language}/proposals/{proposal.pk}/"
    coordinator_bodies = [m.body for m in outbox_for(coordinator)]
    assert len(coordinator_bodies) == 2
    assert any(briefing_link in body for body in coordinator_bodies)
    # Plain-text emails: the title arrives as written, not HTML-escaped.
    assert any(proposal_link in b and proposal.title in b for b in coordinator_bodies)
    (follower_message,) = outbox_for(follower)
    assert f"/{language}/committees/{committee.slug}/briefings/" in follower_message.body
    assert "09:30" in follower_message.body
    assert {n.language for n in Notification.objects.all()} == {language}


@pytest.mark.django_db
def test_the_daily_job_is_scheduled_in_the_database():
    periodic = PeriodicTask.objects.get(task="committees.send_reminders")
    assert periodic.enabled
    assert (periodic.crontab.hour, periodic.crontab.minute) == ("7", "0")
    assert str(periodic.crontab.timezone) == "UTC"
    task = app.tasks["committees.send_reminders"]
    assert task.max_retries and Exception in task.autoretry_for


# --- A real worker --------------------------------------------------------------

# A database number of its own (the portal's worker test uses 14), so neither test
# nor a developer's running worker can take the other's tasks.
TEST_BROKER = os.environ.get("CELERY_COMMITTEES_TEST_BROKER", "redis://127.0.0.1:6379/13")


@pytest.fixture
def redis_worker():
    with running_worker(TEST_BROKER):
        yield


@pytest.fixture
def finished_tasks():
    with recording_finished_tasks() as recorder:
        yield recorder


@pytest.mark.worker
# Not serialized_rollback: after another transactional test's flush the content types
# are recreated with new ids and restoring the snapshot fails; the reference_data
# fixture re-runs the data migrations instead, as the portal's worker test does.
@pytest.mark.django_db(transaction=True)
def test_real_worker_sends_a_committee_reminder_once(redis_worker, finished_tasks, reference_data):
    committee = a_committee()
    follower = follower_of(committee, language="es")
    briefing = make_briefing(committee, starts_at=bogota_afternoon(3))

    first = finished_tasks.run("committees.send_reminders")
    # The reminder queued its delivery on the worker; wait until it has run.
    finished_tasks.wait_for(lambda name, _id, _retval: name == "portal.deliver_notification")
    second = finished_tasks.run("committees.send_reminders")

    assert first["briefing_soon"] == 1
    assert second == {"agenda_due": 0, "briefing_soon": 0, "proposal_due": 0, "proposal_overdue": 0}
    (message,) = outbox_for(follower)
    assert f"/es/committees/{committee.slug}/briefings/{briefing.pk}/" in message.body
    deliveries = [f for f in finished_tasks.finished if f[0] == "portal.deliver_notification"]
    assert len(deliveries) == 1
    assert Notification.objects.get(recipient=follower).sent_at is not None
