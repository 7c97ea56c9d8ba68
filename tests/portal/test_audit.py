"""The audit log records decisions and role changes, and nobody can change it."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from portal import services
from portal.models import AuditEvent
from tests.factories import MembershipFactory, OrganisationFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_verification_is_recorded_with_before_and_after():
    staff = StaffFactory()
    organisation = OrganisationFactory()
    services.organisation_verify(organisation=organisation, by=staff)
    event = AuditEvent.objects.get(action="organisation.verify")
    assert event.actor == staff
    assert event.object_repr == organisation.name
    assert event.before == {"verified": False, "verification_status": "pending"}
    assert event.after == {"verified": True, "verification_status": "verified"}


def test_role_change_is_recorded():
    admin_membership = MembershipFactory(role="admin")
    member = MembershipFactory(organisation=admin_membership.organisation)
    services.membership_set_role(membership=member, by=admin_membership.user, role="admin")
    event = AuditEvent.objects.get(action="membership.role")
    assert event.before == {"role": "member"} and event.after == {"role": "admin"}


def test_audit_events_cannot_be_changed_or_deleted():
    event = AuditEvent.objects.create(action="test.event", object_repr="x")
    event.note = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_the_database_refuses_to_rewrite_history_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")
    event = AuditEvent.objects.create(action="test.event", object_repr="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(note="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_staff_read_the_audit_log(client):
    staff = StaffFactory()
    services.organisation_verify(organisation=OrganisationFactory(name="Red Frontera"), by=staff)
    client.force_login(staff)
    response = client.get(reverse("audit_log"))
    assert response.status_code == 200
    assert "organisation.verify" in response.content.decode()
    assert "Red Frontera" in response.content.decode()


def test_audit_log_is_closed_to_others(client):
    url = reverse("audit_log")
    assert reverse("account_login") in client.get(url).url
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(StaffFactory(totp=False))
    assert reverse("mfa_activate_totp") in client.get(url).url


def test_audit_admin_offers_no_change(client):
    staff = StaffFactory(is_superuser=True)
    event = AuditEvent.objects.create(action="test.event", object_repr="x")
    client.force_login(staff)
    response = client.post(
        reverse("admin:portal_auditevent_change", args=[event.pk]), {"note": "rewritten"}
    )
    assert response.status_code in (200, 403)
    event.refresh_from_db()
    assert event.note == ""
    assert (
        client.post(
            reverse("admin:portal_auditevent_delete", args=[event.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()
