"""Double submissions that really race, on PostgreSQL with real threads.

Two requests for the same thing are released at once. The first to insert holds its
row until the other is blocked on it in the database (observed in ``pg_locks``), so
the second always gets past the form's and the service's existence checks and is
stopped by the unique constraint: one row, and both people see a normal answer.
"""

import threading
import time
import uuid
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from committees.enums import ProposalKind, ProposalVisibility
from committees.models import (
    AgendaSuggestion,
    Briefing,
    Committee,
    Proposal,
    ProposalTransition,
    SuggestionEndorsement,
)
from portal.enums import MembershipRole, OrganisationKind
from tests.conftest import skip_or_fail
from tests.factories import MembershipFactory, UserFactory, VerifiedOrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql(reference_data):
    if connection.vendor != "postgresql":
        skip_or_fail("concurrency tests need PostgreSQL")


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


class HoldFirstInsert:
    """On the first insert of ``model``, keep the transaction open until another waits.

    Records whether the other transaction was seen waiting (``waited``) and the
    unique-constraint errors the inserts met (``refused``).
    """

    def __init__(self, model):
        self.model = model
        self.waited = []
        self.refused = []
        self.lock = threading.Lock()
        self.real_save = model.save
        self.own_save = model.__dict__.get("save")

    def save(self, instance, *args, **kwargs):
        try:
            return self.real_save(instance, *args, **kwargs)
        except IntegrityError as exc:
            self.refused.append(exc)
            raise

    def __call__(self, sender, instance, created, **kwargs):
        with self.lock:
            first = created and not self.waited
            if first:
                self.waited.append(None)
        if first:
            self.waited[0] = wait_until_my_transaction_blocks_another()

    def __enter__(self):
        hold = self

        def save(instance, *args, **kwargs):
            return hold.save(instance, *args, **kwargs)

        self.model.save = save
        post_save.connect(self, sender=self.model, weak=False)
        return self

    def __exit__(self, *exc):
        post_save.disconnect(self, sender=self.model)
        if self.own_save is None:
            del self.model.save
        else:
            self.model.save = self.own_save


def post_together(requests):
    """POST each (client, url, data) in its own thread, released at once.

    Returns the responses and any exception a thread saw (the test client re-raises
    an unhandled exception in a view).
    """
    barrier = threading.Barrier(len(requests))
    responses, errors = [], []

    def post(client, url, data):
        try:
            barrier.wait(timeout=10)
            responses.append(client.post(url, data))
        except BaseException as exc:  # noqa: BLE001 (the test reports any error)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=request) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a request did not finish"
    return responses, errors


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def cso_member(organisation=None):
    organisation = organisation or VerifiedOrganisationFactory(kind=OrganisationKind.CSO)
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation, role=MembershipRole.ADMIN)
    return user, organisation


def test_the_same_proposal_submitted_twice_at_once_is_created_once():
    committee = Committee.objects.order_by("pk").first()
    user, organisation = cso_member()
    url = reverse("proposal_create", args=[committee.slug])
    data = {
        "organisation": organisation.pk,
        "kind": ProposalKind.EXPERTISE,
        "title": "Registration barriers seen in our offices",
        "text": "Appointments are cancelled and irregular fees are charged.",
        "language": "en",
        "visibility": ProposalVisibility.PUBLIC,
        "submission_key": str(uuid.uuid4()),
    }

    with HoldFirstInsert(Proposal) as hold:
        responses, errors = post_together([(logged_in(user), url, data) for _ in range(2)])

    assert not errors
    assert hold.waited == [True]
    assert len(hold.refused) == 1  # the second insert met the unique constraint
    proposal = Proposal.objects.get()
    assert [r.status_code for r in responses] == [302, 302]
    assert {r["Location"] for r in responses} == {proposal.get_absolute_url()}
    assert ProposalTransition.objects.filter(proposal=proposal).count() == 1


def test_the_same_organisation_endorsing_twice_at_once_endorses_once():
    briefing = Briefing.objects.create(
        committee=Committee.objects.order_by("pk").first(),
        title_en="Briefing of the second half",
        place="Bogotá",
        starts_at=timezone.now() + timedelta(days=60),
        time_zone="America/Bogota",
        agenda_deadline_days=30,
    )
    author, suggesting_org = cso_member()
    suggestion = AgendaSuggestion.objects.create(
        briefing=briefing,
        organisation=suggesting_org,
        author=author,
        title="Children's documents",
        rationale="Many unaccompanied children still lack documents.",
    )
    # Two members of one organisation press "Endorse" at the same moment.
    first, organisation = cso_member()
    second, _same = cso_member(organisation)
    url = reverse("suggestion_endorse", args=[suggestion.pk])
    data = {"organisation": organisation.pk}

    with HoldFirstInsert(SuggestionEndorsement) as hold:
        responses, errors = post_together(
            [(logged_in(first), url, data), (logged_in(second), url, data)]
        )

    assert not errors
    assert hold.waited == [True]
    assert len(hold.refused) == 1  # the second insert met the unique constraint
    assert [r.status_code for r in responses] == [302, 302]
    endorsement = SuggestionEndorsement.objects.get()
    assert (endorsement.suggestion, endorsement.organisation) == (suggestion, organisation)
    assert endorsement.user in (first, second)
