import pytest
from django.urls import reverse

from portal.models import Membership
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_join_requests_are_rate_limited_per_user(client, settings):
    settings.PORTAL_RATE_LIMITS = {"membership_request": "2/h"}
    user = UserFactory(preferred_language="es")
    client.force_login(user)
    organisations = [OrganisationFactory() for _ in range(3)]
    statuses = [
        client.post(reverse("organisation_join", args=[o.slug])).status_code for o in organisations
    ]
    assert statuses == [302, 302, 429]
    assert Membership.objects.filter(user=user).count() == 2
    response = client.post(f"/es/organisations/{organisations[2].slug}/join/")
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Nada más se guardó" in response.content.decode()
    # Another person is not affected.
    client.force_login(UserFactory())
    response = client.post(reverse("organisation_join", args=[organisations[2].slug]))
    assert response.status_code == 302


def test_limits_count_posts_only(client, settings):
    settings.PORTAL_RATE_LIMITS = {"organisation_create": "1/h"}
    client.force_login(UserFactory())
    for _ in range(3):
        assert client.get(reverse("organisation_create")).status_code == 200
