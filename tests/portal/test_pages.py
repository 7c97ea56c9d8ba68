import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.conftest import LANGUAGE_CODES
from tests.factories import OrganisationFactory, StaffFactory, UserFactory, org_admin

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    ("home", []),
    ("organisation_list", []),
    ("country_list", []),
    ("country_detail", ["CO"]),
    ("pillar_detail", [4]),
    ("account_login", []),
    ("account_signup", []),
    ("account_reset_password", []),
]
PRIVATE_PAGES = [
    ("dashboard", []),
    ("profile", []),
    ("organisation_create", []),
    ("account_email", []),
    ("account_change_password", []),
    ("mfa_index", []),
]


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_every_public_page_answers_in_every_language(client, lang):
    organisation = OrganisationFactory()
    pages = [*PUBLIC_PAGES, ("organisation_detail", [organisation.slug])]
    for name, args in pages:
        with translation.override(lang):
            url = reverse(name, args=args)
        assert url.startswith(f"/{lang}/")
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{lang}">' in response.content.decode(), url


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_every_signed_in_page_answers_in_every_language(client, lang):
    organisation = OrganisationFactory()
    client.force_login(org_admin(organisation))
    pages = [*PRIVATE_PAGES, ("organisation_edit", [organisation.slug])]
    for name, args in pages:
        with translation.override(lang):
            url = reverse(name, args=args)
        assert client.get(url).status_code == 200, url


def test_staff_dashboard_lists_organisations_awaiting_verification(client):
    OrganisationFactory(name="Esperando Verificación")
    client.force_login(StaffFactory())
    page = client.get(reverse("dashboard")).content.decode()
    assert "Esperando Verificación" in page


def test_home_shows_real_counts_and_flags_pillar_four(client):
    OrganisationFactory(verified=True)
    page = client.get("/en/").content.decode()
    assert "21</strong> endorsing countries" in page
    assert "11</strong> action packages" in page
    assert "1</strong> verified organisations" in page
    assert "This pillar needs reactivating" in page


def test_home_page_query_count_is_constant(client, django_assert_max_num_queries):
    for _ in range(30):
        OrganisationFactory()
    with django_assert_max_num_queries(6):
        client.get("/es/")


def test_language_switcher_keeps_the_path_and_query(client):
    organisation = OrganisationFactory()
    page = client.get(f"/en/organisations/{organisation.slug}/").content.decode()
    for lang in LANGUAGE_CODES:
        assert f'href="/{lang}/organisations/{organisation.slug}/"' in page
    page = client.get("/es/organisations/?country=PE&kind=cso").content.decode()
    assert 'href="/ht/organisations/?country=PE&amp;kind=cso"' in page
    assert 'href="/qu/organisations/?country=PE&amp;kind=cso"' in page


def test_unprefixed_url_redirects_to_a_language(client):
    response = Client(HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9").get("/organisations/")
    assert response.status_code == 302
    assert response.url == "/pt/organisations/"


def test_quechua_and_creole_pages_are_translated(client):
    assert "Runasimi" in client.get("/qu/").content.decode()
    home_ht = client.get("/ht/").content.decode()
    home_en = client.get("/en/").content.decode()
    assert "The four pillars" in home_en
    assert "The four pillars" not in home_ht


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/es/organisations/no-existe/")
    assert response.status_code == 404


def test_profile_changes_preferred_language(client):
    user = UserFactory(preferred_language="en")
    client.force_login(user)
    client.post(reverse("profile"), {"full_name": "Jean Pierre", "preferred_language": "ht"})
    user.refresh_from_db()
    assert user.preferred_language == "ht" and user.full_name == "Jean Pierre"


def test_admin_requires_mfa_for_staff(client):
    client.force_login(StaffFactory(totp=False))
    response = client.get("/admin/")
    assert response.status_code == 302 and "2fa" in response.url
    client.force_login(StaffFactory(is_superuser=True))
    response = client.get("/admin/portal/organisation/")
    assert response.status_code == 200


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_admin_pages_of_translated_models_work_in_every_language(client):
    from portal.models import Country

    client.force_login(StaffFactory(is_superuser=True))
    country = Country.objects.get(code="HT")
    for lang in LANGUAGE_CODES:
        client.cookies["django_language"] = lang
        assert client.get(f"/admin/portal/country/{country.pk}/change/").status_code == 200
        assert client.get("/admin/portal/organisation/?verified__exact=0").status_code == 200


def test_beat_schedule_is_stored_in_the_database():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="portal.send_pending_notifications")
    assert task.enabled and task.interval is not None


def test_login_is_rate_limited(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    UserFactory(email="target@example.org")
    pages = [
        client.post(
            reverse("account_login"), {"login": "target@example.org", "password": "wrong"}
        ).content.decode()
        for _ in range(5)
    ]
    assert "Too many failed login attempts" not in pages[0]
    assert "Too many failed login attempts" in pages[-1]
