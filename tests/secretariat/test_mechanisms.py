"""Regional mechanisms: their pages, and organisations recording their participation."""

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.enums import MembershipRole
from portal.models import MechanismParticipation, RegionalMechanism
from secretariat.national_selectors import mechanisms_with_counts
from tests.commitments.test_commitments import make_commitment
from tests.factories import (
    GoodPracticeFactory,
    MeetingFactory,
    MembershipFactory,
    StaffFactory,
    UserFactory,
    VerifiedOrganisationFactory,
    WorkPlanFactory,
    WorkPlanItemFactory,
    org_admin,
)

pytestmark = pytest.mark.django_db


def mechanism(slug="quito-process"):
    return RegionalMechanism.objects.get(slug=slug)


def participation(organisation, slug="quito-process", **fields):
    fields.setdefault("from_year", 2019)
    return MechanismParticipation.objects.create(
        organisation=organisation, mechanism=mechanism(slug), **fields
    )


def populate(quito, n):
    """``n`` of every kind of related row, public and not, linked to ``quito``."""
    published_plan = WorkPlanFactory()
    hidden_plan = WorkPlanFactory(is_published=False)
    for i in range(n):
        make_commitment(codes=["CO", "EC"], title_es=f"Compromiso público {i}").mechanisms.add(
            quito
        )
        make_commitment(title_es=f"Borrador {i}", publication="draft").mechanisms.add(quito)
        WorkPlanItemFactory(
            work_plan=published_plan, action_en=f"Visible action {i}"
        ).mechanisms.add(quito)
        WorkPlanItemFactory(work_plan=hidden_plan, action_en=f"Hidden action {i}").mechanisms.add(
            quito
        )
        MeetingFactory(title_en=f"Public meeting {i}").mechanisms.add(quito)
        MeetingFactory(title_en=f"Unpublished meeting {i}", is_published=False).mechanisms.add(
            quito
        )
        GoodPracticeFactory(mechanism=quito, title_en=f"Published practice {i}")
        GoodPracticeFactory(
            mechanism=quito, title_en=f"Pending practice {i}", status="submitted", published_at=None
        )
        participation(
            VerifiedOrganisationFactory(name=f"Listed org {i}"), listed=True, role="Observer"
        )
        participation(VerifiedOrganisationFactory(name=f"Unlisted org {i}"), listed=False)


# --- Pages ------------------------------------------------------------------------------------


def test_mechanism_list_shows_every_mechanism_with_public_counts(client):
    quito = mechanism()
    populate(quito, 2)
    page = client.get(reverse("mechanism_list")).content.decode()
    for m in RegionalMechanism.objects.all():
        assert m.get_absolute_url() in page
    counts = mechanisms_with_counts().get(slug="quito-process")
    assert (
        counts.commitment_count,
        counts.work_plan_item_count,
        counts.meeting_count,
        counts.good_practice_count,
        counts.organisation_count,
        counts.member_count,
    ) == (2, 2, 2, 2, 2, 11)
    assert mechanisms_with_counts().get(slug="caricom").commitment_count == 0


def test_mechanism_page_lists_only_public_related_content(client):
    quito = mechanism()
    populate(quito, 2)
    page = client.get(quito.get_absolute_url()).content.decode()
    assert "Quito" in page
    assert reverse("country_detail", args=["EC"]) in page
    assert "Compromiso público 0" in page and "Borrador" not in page
    assert "Visible action 1" in page and "Hidden action" not in page
    assert "Public meeting 0" in page and "Unpublished meeting" not in page
    assert "Published practice 1" in page and "Pending practice" not in page
    assert "Listed org 0" in page and "Listed org 1" in page and "Observer" in page
    assert "Unlisted org" not in page
    # Other mechanisms' pages do not show it.
    other = client.get(mechanism("caricom").get_absolute_url()).content.decode()
    assert "Listed org 0" not in other and "Compromiso público 0" not in other


def test_unknown_mechanism_is_404(client):
    assert client.get(reverse("mechanism_detail", args=["nowhere"])).status_code == 404


@pytest.mark.parametrize("count", [1, 25])
def test_mechanism_pages_query_count_is_constant(client, django_assert_max_num_queries, count):
    quito = mechanism()
    populate(quito, count)
    with django_assert_max_num_queries(4):
        assert client.get(reverse("mechanism_list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(quito.get_absolute_url()).status_code == 200


# --- Organisations record their participation ---------------------------------------------


def mechanisms_url(organisation):
    return reverse("organisation_mechanisms", args=[organisation.slug])


def participation_data(**overrides):
    data = {
        "mechanism": mechanism().pk,
        "from_year": 2018,
        "to_year": "",
        "role": "Capítulo de sociedad civil",
        "listed": "on",
    }
    data.update(overrides)
    return data


def test_organisation_mechanisms_requires_login(client):
    organisation = VerifiedOrganisationFactory()
    assert "/accounts/login/" in client.get(mechanisms_url(organisation)).url
    assert "/accounts/login/" in client.post(mechanisms_url(organisation), participation_data()).url
    assert not MechanismParticipation.objects.exists()


@pytest.mark.parametrize(
    "who, status",
    [("admin", 200), ("member", 403), ("other_admin", 403), ("stranger", 403), ("staff", 200)],
)
def test_organisation_mechanisms_permissions(client, who, status):
    organisation = VerifiedOrganisationFactory()
    people = {
        "admin": lambda: org_admin(organisation),
        "member": lambda: MembershipFactory(organisation=organisation).user,
        "other_admin": lambda: org_admin(VerifiedOrganisationFactory()),
        "stranger": UserFactory,
        "staff": StaffFactory,
    }
    client.force_login(people[who]())
    assert client.get(mechanisms_url(organisation)).status_code == status
    response = client.post(mechanisms_url(organisation), participation_data())
    assert response.status_code == (302 if status == 200 else 403)
    assert MechanismParticipation.objects.count() == (1 if status == 200 else 0)


def test_admin_adds_updates_and_removes_participations(client):
    organisation = VerifiedOrganisationFactory()
    client.force_login(org_admin(organisation))
    url = mechanisms_url(organisation)
    assert client.post(url, participation_data()).url == url
    saved = MechanismParticipation.objects.get()
    assert (saved.from_year, saved.to_year, saved.listed) == (2018, None, True)
    assert saved.role == "Capítulo de sociedad civil"
    # The same mechanism again updates the row.
    client.post(url, participation_data(to_year=2022, listed=""))
    saved = MechanismParticipation.objects.get()
    assert (saved.from_year, saved.to_year, saved.listed) == (2018, 2022, False)
    page = client.get(url).content.decode()
    assert "2018–2022" in page
    # Removing it; another organisation's row cannot be removed from here.
    foreign = participation(VerifiedOrganisationFactory(), "mirps")
    assert client.post(url, {"remove": foreign.pk}).status_code == 404
    client.post(url, {"remove": saved.pk})
    assert list(MechanismParticipation.objects.all()) == [foreign]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"from_year": 1979}, "1980"),
        ({"from_year": timezone.localdate().year + 1}, "Enter a year between"),
        ({"to_year": timezone.localdate().year + 1}, "cannot be after"),
        ({"from_year": 2020, "to_year": 2019}, "cannot be before the start year"),
        ({"from_year": ""}, "This field is required"),
        ({"mechanism": 999999}, "Select a valid choice"),
    ],
)
def test_participation_years_are_validated(client, overrides, message):
    organisation = VerifiedOrganisationFactory()
    client.force_login(org_admin(organisation))
    response = client.post(mechanisms_url(organisation), participation_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MechanismParticipation.objects.exists()


def test_service_refuses_bad_years_and_strangers():
    from django.core.exceptions import PermissionDenied, ValidationError

    from secretariat.national_services import mechanism_participation_save

    organisation = VerifiedOrganisationFactory()
    admin = org_admin(organisation)
    with pytest.raises(ValidationError):
        mechanism_participation_save(
            organisation=organisation, by=admin, mechanism=mechanism(), from_year=1950
        )
    with pytest.raises(PermissionDenied):
        mechanism_participation_save(
            organisation=organisation, by=UserFactory(), mechanism=mechanism(), from_year=2020
        )
    assert not MechanismParticipation.objects.exists()


def test_organisation_page_lists_participations_and_links_admins(client):
    organisation = VerifiedOrganisationFactory()
    participation(organisation, "quito-process", to_year=2023, role="Observadora")
    participation(organisation, "mirps", listed=True)
    url = organisation.get_absolute_url()
    page = client.get(url).content.decode()
    assert mechanism("quito-process").get_absolute_url() in page
    assert "2019–2023" in page and "Observadora" in page
    assert mechanisms_url(organisation) not in page
    member = MembershipFactory(organisation=organisation, role=MembershipRole.MEMBER).user
    client.force_login(member)
    assert mechanisms_url(organisation) not in client.get(url).content.decode()
    client.force_login(org_admin(organisation))
    assert mechanisms_url(organisation) in client.get(url).content.decode()
