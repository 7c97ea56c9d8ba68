"""National coordination: the country page section, contacting special coordinators,
dissemination records, their dashboard to-do and the demo data."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.enums import MembershipRole, OrganisationKind
from portal.models import Country, Notification
from secretariat import national_dashboard, national_demo
from secretariat.enums import GoodPracticeStatus
from secretariat.models import ContactMessage, DisseminationRecord, GoodPractice
from tests.commitments.test_commitments import make_commitment
from tests.factories import (
    CountryCoordinatorFactory,
    MembershipFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
    VerifiedOrganisationFactory,
)

pytestmark = pytest.mark.django_db

COORDINATOR_EMAIL = "carla.private@cancilleria.example"


def country(code="CO"):
    return Country.objects.get(code=code)


def special_coordinator(code="CO", *, email=None, full_name="Carla Ruiz", language="es", **kw):
    user = UserFactory(
        email=email or f"{code.lower()}-{UserFactory._meta.model.objects.count()}@gov.example",
        full_name=full_name,
        preferred_language=language,
    )
    return CountryCoordinatorFactory(user=user, country=country(code), **kw)


def cso_member(code="CO", *, name=None):
    organisation = VerifiedOrganisationFactory(countries=[code], **({"name": name} if name else {}))
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation)
    return user, organisation


def record(code="CO", **fields):
    fields.setdefault("held_on", timezone.localdate() - timedelta(days=10))
    fields.setdefault("channel", "event")
    fields.setdefault("title", "Taller con organizaciones de Cúcuta")
    return DisseminationRecord.objects.create(country=country(code), **fields)


def section(page, start_id, end_id=None):
    """The part of the page from the heading ``start_id`` to ``end_id`` (or the end)."""
    start = page.index(f'id="{start_id}"')
    end = page.index(f'id="{end_id}"', start) if end_id else len(page)
    return page[start:end]


def contact_url(coordinator, code="CO"):
    return reverse("coordinator_contact", args=[code, coordinator.pk])


def outbox_for(email):
    return [message for message in mail.outbox if email in message.to]


# --- Country page -------------------------------------------------------------------------


def test_country_page_lists_coordinators_without_email_csos_and_records(client):
    coordinator = special_coordinator(email=COORDINATOR_EMAIL)
    nameless = special_coordinator(email="nameless.private@gov.example", full_name="")
    special_coordinator(full_name="Inactive Person", active=False)
    special_coordinator(full_name="Reporting Officer", is_special_coordinator=False)
    special_coordinator("PE", full_name="Peruvian Coordinator")
    VerifiedOrganisationFactory(name="Zeta Verificada", countries=["CO"])
    OrganisationFactory(name="Alfa Sin Verificar", countries=["CO"])
    OrganisationFactory(name="Ministerio X", kind=OrganisationKind.GOVERNMENT, countries=["CO"])
    OrganisationFactory(name="Otra Peruana", countries=["PE"])
    record(
        title="Cartilla en palabras sencillas",
        channel="document",
        description="Distribuida en puntos de atención.",
        audience="Personas migrantes",
        languages=["es", "ay", "zz"],
        link="https://example.org/cartilla",
    )
    record("PE", title="Registro peruano")

    page = client.get(reverse("country_detail", args=["CO"])).content.decode()

    coordinators = section(page, "special-coordinators", "civil-society")
    assert "Carla Ruiz" in coordinators
    assert contact_url(coordinator) in coordinators and contact_url(nameless) in coordinators
    assert "Special coordinator" in coordinators
    assert "Inactive Person" not in page and "Reporting Officer" not in coordinators
    assert "Peruvian Coordinator" not in page
    assert "@" not in coordinators and "private" not in page
    csos = section(page, "civil-society", "dissemination")
    # Verified organisations first; government bodies and other countries' are not listed.
    assert csos.index("Zeta Verificada") < csos.index("Alfa Sin Verificar")
    assert "Ministerio X" not in csos and "Otra Peruana" not in csos
    records = section(page, "dissemination")
    assert "Cartilla en palabras sencillas" in records and "Registro peruano" not in records
    assert "Publication or document" in records and "Personas migrantes" in records
    assert "Spanish, Aymara, zz" in records
    assert "https://example.org/cartilla" in records
    # The public does not get the link to record a dissemination.
    assert reverse("dissemination_create", args=["CO"]) not in page


def test_country_page_caps_the_cso_list_and_links_to_the_directory(client):
    for i in range(31):
        VerifiedOrganisationFactory(name=f"Organización {i:02d}", countries=["CO"])
    page = client.get(reverse("country_detail", args=["CO"])).content.decode()
    csos = section(page, "civil-society", "dissemination")
    assert csos.count("<li>") == 30
    assert f"{reverse('organisation_list')}?country=CO" in csos


def test_country_page_offers_recording_to_its_coordinators_and_staff(client):
    url = reverse("country_detail", args=["CO"])
    create_url = reverse("dissemination_create", args=["CO"])
    client.force_login(special_coordinator().user)
    assert create_url in client.get(url).content.decode()
    client.force_login(special_coordinator("PE").user)
    assert create_url not in client.get(url).content.decode()
    client.force_login(StaffFactory())
    assert create_url in client.get(url).content.decode()


@pytest.mark.parametrize("count", [1, 40])
def test_country_page_query_count_is_constant(client, django_assert_max_num_queries, count):
    for i in range(count):
        special_coordinator(full_name=f"Coordinator {i}")
        VerifiedOrganisationFactory(countries=["CO"])
        record(title=f"Record {i}", languages=["es", "qu"])
        make_commitment(codes=["CO"], title_es=f"Compromiso {i}")
    with django_assert_max_num_queries(18):
        response = client.get(reverse("country_detail", args=["CO"]))
    assert response.status_code == 200


# --- Contacting a special coordinator -------------------------------------------------------


def test_contact_requires_login(client):
    coordinator = special_coordinator()
    response = client.get(contact_url(coordinator))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    response = client.post(contact_url(coordinator), {"subject": "Hola", "message": "Hola"})
    assert "/accounts/login/" in response.url
    assert not ContactMessage.objects.exists()


def test_contact_requires_a_verified_email(client):
    coordinator = special_coordinator()
    client.force_login(UserFactory(verified_email=False))
    response = client.get(contact_url(coordinator))
    assert response.status_code == 403
    assert "Confirm your email address" in response.content.decode()
    response = client.post(contact_url(coordinator), {"subject": "Hola", "message": "Hola"})
    assert response.status_code == 403
    assert not ContactMessage.objects.exists()


def test_contact_of_another_country_inactive_or_not_special_is_404(client):
    client.force_login(UserFactory())
    peruvian = special_coordinator("PE")
    assert client.get(contact_url(peruvian, "CO")).status_code == 404
    assert client.get(contact_url(peruvian, "PE")).status_code == 200
    assert client.get(contact_url(special_coordinator(active=False))).status_code == 404
    officer = special_coordinator(is_special_coordinator=False)
    assert client.get(contact_url(officer)).status_code == 404
    assert client.get(reverse("coordinator_contact", args=["CO", 999999])).status_code == 404


def test_contact_emails_the_coordinator_in_their_language_and_hides_the_address(client, on_commit):
    coordinator = special_coordinator(email=COORDINATOR_EMAIL, language="es")
    sender, organisation = cso_member(name="Red de Apoyo Migrante")
    sender.full_name = "Pedro Páramo"
    sender.save()
    client.force_login(sender)

    page = client.get(contact_url(coordinator)).content.decode()
    assert "Carla Ruiz" in page and COORDINATOR_EMAIL not in page

    with on_commit(execute=True):
        response = client.post(
            contact_url(coordinator),
            {"subject": "Reunión trimestral", "message": "¿Cuándo es la próxima reunión?"},
        )
    assert response.status_code == 302
    assert response.url == reverse("country_detail", args=["CO"])
    assert COORDINATOR_EMAIL not in response.content.decode()
    confirmation = client.get(response.url).content.decode()
    assert "Your message was sent" in confirmation
    assert COORDINATOR_EMAIL not in confirmation

    message = ContactMessage.objects.get()
    assert (message.coordinator, message.sender) == (coordinator, sender)
    assert message.subject == "Reunión trimestral"
    notification = Notification.objects.get(reason=f"contact_message:{message.pk}")
    assert notification.recipient == coordinator.user
    assert notification.language == "es"
    emails = outbox_for(COORDINATOR_EMAIL)
    assert len(emails) == 1
    body = emails[0].body
    assert "¿Cuándo es la próxima reunión?" in body
    assert "Pedro Páramo" in body and "Red de Apoyo Migrante" in body
    assert sender.email in body
    # The sender receives nothing that could carry the coordinator's address.
    assert not outbox_for(sender.email)
    assert not Notification.objects.filter(recipient=sender).exists()


def test_contact_double_submit_sends_once(client, on_commit):
    coordinator = special_coordinator()
    client.force_login(UserFactory())
    data = {"subject": "Consulta", "message": "Una pregunta."}
    with on_commit(execute=True):
        client.post(contact_url(coordinator), data)
        client.post(contact_url(coordinator), data)
    assert ContactMessage.objects.count() == 1
    assert len(outbox_for(coordinator.user.email)) == 1


def test_contact_form_requires_subject_and_message(client):
    coordinator = special_coordinator()
    client.force_login(UserFactory())
    response = client.post(contact_url(coordinator), {"subject": "", "message": ""})
    assert response.status_code == 200
    assert "The message was not sent" in response.content.decode()
    assert not ContactMessage.objects.exists()


def test_contact_is_rate_limited(client, settings):
    settings.PORTAL_RATE_LIMITS = {"contact": "5/h"}
    coordinator = special_coordinator()
    client.force_login(UserFactory())
    statuses = [
        client.post(
            contact_url(coordinator), {"subject": f"Asunto {i}", "message": f"Mensaje {i}"}
        ).status_code
        for i in range(6)
    ]
    assert statuses == [302] * 5 + [429]
    assert ContactMessage.objects.count() == 5
    assert (
        "Too many requests"
        in client.post(
            contact_url(coordinator), {"subject": "Otro", "message": "Otro"}
        ).content.decode()
    )
    assert ContactMessage.objects.count() == 5


# --- Dissemination records ----------------------------------------------------------------


def dissemination_data(**overrides):
    data = {
        "held_on": (timezone.localdate() - timedelta(days=3)).isoformat(),
        "channel": "media",
        "title": "Programa de radio sobre regularización",
        "description": "Tres programas en radios comunitarias.",
        "audience": "Oyentes de la frontera norte",
        "languages": ["es", "qu"],
        "other_languages": "ay, GN",
        "link": "https://radio.example.org/programa",
    }
    data.update(overrides)
    return data


def test_dissemination_requires_login(client):
    url = reverse("dissemination_create", args=["CO"])
    assert "/accounts/login/" in client.get(url).url
    assert "/accounts/login/" in client.post(url, dissemination_data()).url
    assert not DisseminationRecord.objects.exists()


@pytest.mark.parametrize(
    "who, status",
    [
        ("coordinator_co", 200),
        ("coordinator_pe", 403),
        ("officer_co", 403),
        ("cso_member", 403),
        ("cso_admin", 403),
        ("staff", 200),
    ],
)
def test_dissemination_permissions(client, who, status):
    people = {
        "coordinator_co": lambda: special_coordinator().user,
        "coordinator_pe": lambda: special_coordinator("PE").user,
        "officer_co": lambda: special_coordinator(is_special_coordinator=False).user,
        "cso_member": lambda: cso_member()[0],
        "cso_admin": lambda: (
            MembershipFactory(
                organisation=VerifiedOrganisationFactory(), role=MembershipRole.ADMIN
            ).user
        ),
        "staff": StaffFactory,
    }
    client.force_login(people[who]())
    url = reverse("dissemination_create", args=["CO"])
    assert client.get(url).status_code == status
    response = client.post(url, dissemination_data())
    assert response.status_code == (302 if status == 200 else 403)
    assert DisseminationRecord.objects.count() == (1 if status == 200 else 0)


def test_dissemination_is_recorded_and_shown_on_the_country_page(client):
    user = special_coordinator().user
    client.force_login(user)
    url = reverse("dissemination_create", args=["CO"])
    response = client.post(url, dissemination_data())
    assert response.url == reverse("country_detail", args=["CO"]) + "#dissemination"
    saved = DisseminationRecord.objects.get()
    assert saved.country.code == "CO" and saved.created_by == user
    assert saved.languages == ["es", "qu", "ay", "gn"]
    assert saved.channel == "media"
    # A double submit keeps one record.
    client.post(url, dissemination_data())
    assert DisseminationRecord.objects.count() == 1
    page = client.get(reverse("country_detail", args=["CO"])).content.decode()
    assert "Programa de radio sobre regularización" in page
    assert "Spanish, Quechua, Aymara, Guarani" in page


@pytest.mark.parametrize(
    "overrides, field_error",
    [
        ({"other_languages": "spanish"}, "not ISO language codes"),
        ({"other_languages": "a1"}, "not ISO language codes"),
        ({"held_on": (timezone.localdate() + timedelta(days=5)).isoformat()}, "already taken"),
        ({"title": ""}, "This field is required"),
        ({"channel": "carrier-pigeon"}, "Select a valid choice"),
        ({"link": "not a link"}, "Enter a valid URL"),
    ],
)
def test_dissemination_form_validation(client, overrides, field_error):
    client.force_login(StaffFactory())
    response = client.post(
        reverse("dissemination_create", args=["CO"]), dissemination_data(**overrides)
    )
    assert response.status_code == 200
    assert field_error in response.content.decode()
    assert not DisseminationRecord.objects.exists()


# --- Dashboard ------------------------------------------------------------------------------


def test_dashboard_reminds_coordinators_without_recent_dissemination(client):
    user = special_coordinator().user
    assert [item["url"] for item in national_dashboard.dissemination_due(user)] == [
        reverse("dissemination_create", args=["CO"])
    ]
    record(held_on=timezone.localdate() - timedelta(days=120))
    assert len(national_dashboard.dissemination_due(user)) == 1
    record(title="Reciente", held_on=timezone.localdate() - timedelta(days=5))
    assert national_dashboard.dissemination_due(user) == []
    assert national_dashboard.dissemination_due(UserFactory()) == []
    # The item shows on the dashboard page itself.
    other = special_coordinator("PE").user
    client.force_login(other)
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("dissemination_create", args=["PE"]) in page


# --- Demo -------------------------------------------------------------------------------------


def test_demo_is_idempotent():
    staff = StaffFactory(preferred_language="es")
    people = {
        "staff": staff,
        "coordinator": special_coordinator().user,
        "cso_admin": cso_member()[0],
        "cso_member": cso_member("CL")[0],
        "applicant": UserFactory(),
        "representative": UserFactory(),
        "coordinator_ca": UserFactory(),
        "reviewer": UserFactory(),
        "public": UserFactory(),
    }
    for code in ("CO", "PE", "BR"):
        make_commitment(codes=[code], title_es=f"Compromiso de {code}")
    national_demo.seed(people=people)
    counts = (
        DisseminationRecord.objects.count(),
        GoodPractice.objects.count(),
        Notification.objects.count(),
    )
    national_demo.seed(people=people)
    assert counts == (
        DisseminationRecord.objects.count(),
        GoodPractice.objects.count(),
        Notification.objects.count(),
    )
    codes = set(DisseminationRecord.objects.values_list("country__code", flat=True))
    assert {"CO", "EC", "MX", "BR"} <= codes
    published = GoodPractice.objects.filter(status=GoodPracticeStatus.PUBLISHED)
    assert published.count() == 4
    assert GoodPractice.objects.filter(status=GoodPracticeStatus.SUBMITTED).count() == 1
    assert all(p.title_es and p.title_en for p in published)
    assert published.filter(commitments__isnull=False).exists()
    assert published.filter(mechanism__isnull=False).count() == 4
