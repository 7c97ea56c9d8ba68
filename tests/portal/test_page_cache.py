import pytest
from django.urls import reverse

from portal.models import Organisation
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_pages_are_cached_and_invalidated_on_change(client, django_assert_num_queries):
    OrganisationFactory(name="Primera")
    url = reverse("organisation_list")
    first = client.get(url)
    assert "Primera" in first.content.decode()
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second["X-Cache"] == "hit"
    OrganisationFactory(name="Segunda")  # any change bumps the data version
    third = client.get(url)
    assert "Segunda" in third.content.decode()


def test_cache_is_per_language_and_query(client):
    OrganisationFactory(name="Red Andina", countries=["PE"])
    assert 'lang="es"' in client.get("/es/organisations/").content.decode()
    assert 'lang="fr"' in client.get("/fr/organisations/").content.decode()
    page = client.get("/es/organisations/?country=HT").content.decode()
    assert "Red Andina" not in page


def test_signed_in_users_are_never_served_the_cache(client):
    client.get("/en/")
    user = UserFactory(full_name="Ana Quispe")
    client.force_login(user)
    response = client.get("/en/")
    assert "X-Cache" not in response
    assert "Sign out" in response.content.decode()


def test_drafts_published_later_appear_immediately(client):
    organisation = OrganisationFactory(name="Verificando")
    url = organisation.get_absolute_url()
    assert "Not yet verified" in client.get(url).content.decode()
    Organisation.objects.filter(pk=organisation.pk).first().save()
    organisation.verified = True
    organisation.save()
    assert "Not yet verified" not in client.get(url).content.decode()


@pytest.mark.parametrize("lang", ["es", "qu", "ht"])
def test_every_language_is_cached(client, lang):
    client.get(f"/{lang}/organisations/")
    assert client.get(f"/{lang}/organisations/")["X-Cache"] == "hit"
