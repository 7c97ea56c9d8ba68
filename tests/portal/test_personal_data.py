"""A person downloads everything the portal holds about them, or deletes their account."""

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from commitments.models import CsoAssessment
from committees.models import Committee, ProposalAttachment
from portal.models import CountryCoordinator, Membership, Notification, User
from tests.commitments.test_commitments import make_commitment
from tests.committees.test_proposals import make_proposal
from tests.factories import MembershipFactory, UserFactory, VerifiedOrganisationFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-strong-password-123"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def contributor():
    """A CSO member with a public assessment and a committee-only proposal with a file."""
    organisation = VerifiedOrganisationFactory(name="Red Frontera Sur")
    user = UserFactory(full_name="Ana Quispe", email="ana@example.org")
    MembershipFactory(user=user, organisation=organisation, role="admin")
    CountryCoordinator.objects.create(user=user, country_id=organisation.countries.first().pk)
    assessment = CsoAssessment.objects.create(
        commitment=make_commitment(),
        organisation=organisation,
        author=user,
        rating="on_track",
        text="Avances reales en la frontera.",
    )
    proposal = make_proposal(
        Committee.objects.first(), organisation, author=user, visibility="committee"
    )
    attachment = ProposalAttachment(
        proposal=proposal, original_name="private.pdf", kind="pdf", size=len(PDF)
    )
    attachment.file.save("private.pdf", ContentFile(PDF), save=True)
    return user, organisation, assessment, attachment


def test_download_contains_the_persons_data_and_files(client, contributor):
    user, _organisation, assessment, _attachment = contributor
    client.force_login(user)
    response = client.get(reverse("my_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))["data"]
    assert data["account"][0]["email"] == "ana@example.org"
    assert "password" not in data["account"][0]
    assert data["commitments.CsoAssessment"][0]["id"] == assessment.pk
    assert data["portal.Membership"][0]["role"] == "admin"
    assert any(name.startswith("files/") for name in archive.namelist())


def test_download_and_my_data_page_need_sign_in(client):
    for name in ("my_data", "my_data_download", "account_delete"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("account_login") in response.url


def test_another_persons_data_never_appear(client, contributor):
    other = UserFactory()
    client.force_login(other)
    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("my_data_download")).content))
    assert b"ana@example.org" not in archive.read("data.json")


def test_deletion_erases_personal_fields_and_keeps_contributions(client, contributor):
    user, organisation, assessment, attachment = contributor
    Notification.objects.create(
        recipient=user, reason="x", content_type_id=1, object_id="1", subject="s", body="b"
    )
    storage, path = attachment.file.storage, attachment.file.name
    client.force_login(user)
    response = client.post(
        reverse("account_delete"), {"password": PASSWORD, "confirm": "on"}, follow=True
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.full_name == "" and "ana@example.org" not in user.email
    assert not user.is_active and not user.has_usable_password()
    assert str(user) == "Former member"
    assert not Membership.objects.filter(user=user).exists()
    assert not Notification.objects.filter(recipient=user).exists()
    assert not CountryCoordinator.objects.filter(user=user, active=True).exists()
    # The public assessment stays, attributed to the organisation.
    assessment.refresh_from_db()
    assert assessment.organisation == organisation
    # The private file is gone from the disk and the database.
    assert not ProposalAttachment.objects.filter(pk=attachment.pk).exists()
    assert not storage.exists(path)
    page = client.get(assessment.commitment.get_absolute_url()).content.decode()
    assert "Ana Quispe" not in page and "ana@example.org" not in page


def test_deletion_signs_the_person_out_everywhere(contributor):
    user = contributor[0]
    phone, laptop = Client(), Client()
    phone.force_login(user)
    laptop.force_login(user)
    laptop.post(reverse("account_delete"), {"password": PASSWORD, "confirm": "on"})
    response = phone.get(reverse("dashboard"))
    assert response.status_code == 302 and reverse("account_login") in response.url
    assert not Client().login(email="ana@example.org", password=PASSWORD)


def test_wrong_password_deletes_nothing(client, contributor):
    user = contributor[0]
    client.force_login(user)
    response = client.post(reverse("account_delete"), {"password": "wrong", "confirm": "on"})
    assert response.status_code == 400
    assert "The password is not correct." in response.content.decode()
    user.refresh_from_db()
    assert user.is_active and user.full_name == "Ana Quispe"
    assert User.objects.filter(email="ana@example.org").exists()
