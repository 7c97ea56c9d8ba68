import pytest
from django.core import mail
from django.urls import reverse

from portal.enums import MembershipRole
from portal.models import Country, Membership, Organisation
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
    org_admin,
)

pytestmark = pytest.mark.django_db


def org_form(**overrides):
    data = {
        "name": "Asociación Puente Andino",
        "acronym": "APA",
        "kind": "cso",
        "level": "local",
        "website": "https://puente.example.org",
        "original_language": "es",
        "description": "Acompañamos a familias migrantes en Cusco.",
        "countries": [Country.objects.get(code="PE").pk],
        "focus": ["service_provider"],
        "leadership": ["indigenous", "women"],
    }
    data.update(overrides)
    return data


def test_create_organisation_makes_creator_admin_and_unverified(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("organisation_create"), org_form())
    organisation = Organisation.objects.get(name="Asociación Puente Andino")
    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()
    assert organisation.verified is False
    assert organisation.description_es == "Acompañamos a familias migrantes en Cusco."
    assert organisation.leadership == ["indigenous", "women"]
    membership = Membership.objects.get(user=user, organisation=organisation)
    assert membership.accepted and membership.role == MembershipRole.ADMIN

    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "Not yet verified" in page
    assert "Indigenous-led" in page


def test_create_organisation_with_bad_input_saves_nothing(client):
    client.force_login(UserFactory())
    response = client.post(reverse("organisation_create"), org_form(countries=[], kind=""))
    assert response.status_code == 200
    assert not Organisation.objects.exists()
    assert "This field is required." in response.content.decode()


def test_create_organisation_twice_keeps_one(client):
    client.force_login(UserFactory())
    client.post(reverse("organisation_create"), org_form())
    response = client.post(reverse("organisation_create"), org_form())
    assert response.status_code == 200
    assert Organisation.objects.count() == 1
    assert "already exists" in response.content.decode()


def test_anonymous_is_sent_to_login(client):
    organisation = OrganisationFactory()
    for url in [
        reverse("organisation_create"),
        reverse("organisation_edit", args=[organisation.slug]),
        reverse("dashboard"),
        reverse("profile"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert reverse("account_login") in response.url
    response = client.post(reverse("organisation_join", args=[organisation.slug]))
    assert reverse("account_login") in response.url


def test_join_request_then_admin_accepts_and_member_is_told(client, on_commit):
    organisation = OrganisationFactory()
    admin = org_admin(organisation, preferred_language="fr")
    joiner = UserFactory(preferred_language="es")

    client.force_login(joiner)
    with on_commit(execute=True):
        client.post(reverse("organisation_join", args=[organisation.slug]))
        client.post(reverse("organisation_join", args=[organisation.slug]))  # double submit
    membership = Membership.objects.get(user=joiner, organisation=organisation)
    assert not membership.accepted
    admin_mail = [m for m in mail.outbox if admin.email in m.to]
    assert len(admin_mail) == 1
    assert "demande" in admin_mail[0].body  # French for the French-speaking admin

    client.force_login(admin)
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert joiner.email in page
    with on_commit(execute=True):
        response = client.post(
            reverse("membership_decide", args=[organisation.slug, membership.pk]),
            {"decision": "accept"},
        )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.accepted and membership.accepted_by == admin
    joiner_mail = [m for m in mail.outbox if joiner.email in m.to]
    assert len(joiner_mail) == 1
    assert organisation.name in joiner_mail[0].subject


def test_non_admin_member_cannot_accept_members(client):
    organisation = OrganisationFactory()
    member = MembershipFactory(organisation=organisation).user
    pending = MembershipFactory(organisation=organisation, accepted=False)
    client.force_login(member)
    response = client.post(
        reverse("membership_decide", args=[organisation.slug, pending.pk]),
        {"decision": "accept"},
    )
    assert response.status_code == 403
    pending.refresh_from_db()
    assert not pending.accepted
    # Nor do they see who asked to join.
    assert pending.user.email not in client.get(organisation.get_absolute_url()).content.decode()


def test_admin_of_another_organisation_cannot_accept_or_edit(client):
    organisation = OrganisationFactory()
    pending = MembershipFactory(organisation=organisation, accepted=False)
    outsider = org_admin()
    client.force_login(outsider)
    response = client.post(
        reverse("membership_decide", args=[organisation.slug, pending.pk]),
        {"decision": "accept"},
    )
    assert response.status_code == 403
    assert client.get(reverse("organisation_edit", args=[organisation.slug])).status_code == 403


def test_last_admin_cannot_demote_themselves_away(client):
    organisation = OrganisationFactory()
    admin = org_admin(organisation)
    other = MembershipFactory(organisation=organisation, role=MembershipRole.ADMIN)
    client.force_login(admin)
    client.post(
        reverse("membership_decide", args=[organisation.slug, other.pk]), {"decision": "member"}
    )
    other.refresh_from_db()
    assert other.role == MembershipRole.MEMBER
    mine = Membership.objects.get(user=admin, organisation=organisation)
    response = client.post(
        reverse("membership_decide", args=[organisation.slug, mine.pk]),
        {"decision": "member"},
        follow=True,
    )
    mine.refresh_from_db()
    assert mine.role == MembershipRole.ADMIN
    assert "at least one administrator" in response.content.decode()


def test_admin_edits_profile_in_its_language(client):
    organisation = OrganisationFactory()
    admin = org_admin(organisation)
    client.force_login(admin)
    url = reverse("organisation_edit", args=[organisation.slug])
    assert client.get(url).status_code == 200
    data = org_form(name=organisation.name, description="Texto nuevo.")
    response = client.post(url, data)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.description_es == "Texto nuevo."
    assert organisation.history.count() >= 1


def test_only_staff_with_mfa_verify_organisations(client, on_commit):
    organisation = OrganisationFactory()
    admin = org_admin(organisation)
    url = reverse("organisation_verify", args=[organisation.slug])

    client.force_login(admin)
    assert client.post(url).status_code == 403

    staff_without_mfa = StaffFactory(totp=False)
    client.force_login(staff_without_mfa)
    response = client.post(url)
    assert response.status_code == 302
    assert reverse("mfa_activate_totp") in response.url
    organisation.refresh_from_db()
    assert not organisation.verified

    staff = StaffFactory()
    client.force_login(staff)
    with on_commit(execute=True):
        client.post(url)
    organisation.refresh_from_db()
    assert organisation.verified and organisation.verified_by == staff
    assert [m for m in mail.outbox if admin.email in m.to]


def test_directory_filters_by_query_string(client):
    OrganisationFactory(name="Red Andina", leadership=["indigenous"], countries=["PE"])
    OrganisationFactory(name="Colectivo Caribe", countries=["HT"], verified=True)
    page = client.get(reverse("organisation_list"), {"leadership": "indigenous"}).content.decode()
    assert "Red Andina" in page and "Colectivo Caribe" not in page
    page = client.get(reverse("organisation_list"), {"country": "HT"}).content.decode()
    assert "Colectivo Caribe" in page and "Red Andina" not in page
    page = client.get(reverse("organisation_list"), {"verified": "yes"}).content.decode()
    assert "Colectivo Caribe" in page and "Red Andina" not in page
    page = client.get(reverse("organisation_list"), {"q": "andina"}).content.decode()
    assert "Red Andina" in page


@pytest.mark.parametrize("count", [3, 60])
def test_directory_uses_constant_queries(client, django_assert_max_num_queries, count):
    for _ in range(count):
        OrganisationFactory(countries=["CO", "PE"])
    with django_assert_max_num_queries(6):
        response = client.get(reverse("organisation_list"))
    assert response.status_code == 200


def test_missing_translation_shows_a_note_and_the_original(client):
    organisation = OrganisationFactory(description_es="Descripción original.")
    page = client.get(f"/fr/organisations/{organisation.slug}/").content.decode()
    assert "Descripción original." in page
    assert 'lang="es"' in page
    assert "pas encore traduit" in page
