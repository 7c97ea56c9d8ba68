"""A role taken away takes effect on the very next request: no cached permissions."""

import pytest
from django.urls import reverse

from portal.models import CountryCoordinator, Membership
from tests.commitments.test_commitments import make_commitment
from tests.factories import (
    MembershipFactory,
    StaffFactory,
    UserFactory,
    VerifiedOrganisationFactory,
)

pytestmark = pytest.mark.django_db


def test_a_coordinator_whose_role_ends_is_refused_at_once(client):
    commitment = make_commitment(codes=("CO",))
    user = UserFactory()
    role = CountryCoordinator.objects.create(user=user, country_id=commitment.countries.get().pk)
    client.force_login(user)
    url = reverse("progress_update_create", args=[commitment.pk])
    assert client.get(url).status_code == 200
    role.active = False
    role.save()
    assert client.get(url).status_code == 403


def test_an_organisation_admin_demoted_loses_the_edit_page_at_once(client):
    organisation = VerifiedOrganisationFactory()
    user = UserFactory()
    membership = MembershipFactory(user=user, organisation=organisation, role="admin")
    client.force_login(user)
    url = reverse("organisation_edit", args=[organisation.slug])
    assert client.get(url).status_code == 200
    Membership.objects.filter(pk=membership.pk).update(role="member")
    assert client.get(url).status_code == 403


def test_staff_whose_staff_status_ends_lose_the_staff_tools_at_once(client):
    staff = StaffFactory()
    client.force_login(staff)
    assert client.get(reverse("audit_log")).status_code == 200
    staff.is_staff = False
    staff.save()
    assert client.get(reverse("audit_log")).status_code == 403
