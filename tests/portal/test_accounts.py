import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from portal.models import User

pytestmark = pytest.mark.django_db


def signup(client, lang="en", email="nueva@example.org", language="es"):
    with translation.override(lang):
        url = reverse("account_signup")
    return client.post(
        url,
        {
            "email": email,
            "password1": "Migración-segura-2026",
            "password2": "Migración-segura-2026",
            "full_name": "Nueva Persona",
            "preferred_language": language,
        },
    )


def test_signup_sends_verification_then_login_works(client):
    response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="nueva@example.org")
    assert user.full_name == "Nueva Persona"
    assert user.preferred_language == "es"

    # Mandatory verification: not logged in yet, one email with a link.
    assert "_auth_user_id" not in client.session
    messages = [m for m in mail.outbox if "nueva@example.org" in m.to]
    assert len(messages) == 1
    link = re.search(r"https?://[^/\s]+(/\S+/accounts/confirm-email/\S+)", messages[0].body)
    assert link, messages[0].body

    response = client.post(link.group(1))
    assert response.status_code == 302
    assert user.emailaddress_set.get().verified

    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "nueva@example.org", "password": "Migración-segura-2026"},
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_verification_email_is_in_the_preferred_language(client):
    signup(client, lang="en", email="hablo@example.org", language="es")
    (message,) = [m for m in mail.outbox if "hablo@example.org" in m.to]
    # allauth's Spanish catalogue: "Confirmar correo..." style subject.
    assert "correo" in message.subject.lower() or "confirm" not in message.subject.lower()


def test_unverified_user_cannot_log_in(client):
    signup(client, email="sinverificar@example.org")
    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "sinverificar@example.org", "password": "Migración-segura-2026"},
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 302)


def test_weak_password_is_refused_with_a_message_in_spanish(client):
    with translation.override("es"):
        url = reverse("account_signup")
    response = client.post(
        url,
        {
            "email": "debil@example.org",
            "password1": "123",
            "password2": "123",
            "full_name": "Débil",
            "preferred_language": "es",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="debil@example.org").exists()
    assert "contraseña" in response.content.decode().lower()
