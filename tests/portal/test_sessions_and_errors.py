"""Sessions end on time, and an error shows a request id but never a traceback."""

import logging

import pytest
from django.test import Client
from django.urls import path, reverse

from portal import middleware
from portal.request_context import RequestIdLogFilter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("secret internal detail")


urlpatterns = [path("boom/", _boom)]
handler500 = "portal.errors.server_error"


def test_every_response_carries_a_request_id(client):
    response = client.get("/healthz")
    assert len(response["X-Request-ID"]) >= 8


def test_a_proxy_request_id_is_kept_only_if_well_formed(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc12345-proxy")["X-Request-ID"] == (
        "abc12345-proxy"
    )
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="x\nINFO fake log line")
    assert "\n" not in forged["X-Request-ID"] and "fake" not in forged["X-Request-ID"]


def test_error_page_shows_the_request_id_in_the_user_language_without_traceback(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/boom/", HTTP_ACCEPT_LANGUAGE="es")
    body = response.content.decode()
    assert response.status_code == 500
    assert response["X-Request-ID"] in body
    assert "secret internal detail" not in body and "Traceback" not in body
    assert '<html lang="' in body


def test_log_records_carry_the_request_id():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "message", None, None)
    RequestIdLogFilter().filter(record)
    assert record.request_id == "-"


def _signed_in_client():
    client = Client()
    client.force_login(UserFactory())
    return client


def test_idle_session_ends_and_asks_to_sign_in_again(settings, monkeypatch):
    client = _signed_in_client()
    assert client.get(reverse("dashboard")).status_code == 200
    now = middleware.time.time()
    monkeypatch.setattr(middleware.time, "time", lambda: now + settings.SESSION_IDLE_TIMEOUT + 120)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url
    assert "_auth_user_id" not in client.session


def test_active_session_still_ends_after_the_absolute_lifetime(settings, monkeypatch):
    settings.SESSION_IDLE_TIMEOUT = 3600
    settings.SESSION_ABSOLUTE_TIMEOUT = 3 * 3600
    client = _signed_in_client()
    start = middleware.time.time()
    # Active every 50 minutes: never idle, but past the absolute lifetime at 200 minutes.
    for minutes in (50, 100, 150):
        monkeypatch.setattr(middleware.time, "time", lambda m=minutes: start + m * 60)
        assert client.get(reverse("dashboard")).status_code == 200
    monkeypatch.setattr(middleware.time, "time", lambda: start + 200 * 60)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and reverse("account_login") in response.url


def test_login_gives_a_new_session_key_and_logout_ends_the_session():
    client = Client()
    client.get(reverse("account_login"))
    user = UserFactory()
    before = client.cookies.get("sessionid")
    client.force_login(user)
    after = client.cookies["sessionid"].value
    assert before is None or before.value != after
    client.post(reverse("account_logout"))
    reused = Client()
    reused.cookies["sessionid"] = after
    response = reused.get(reverse("dashboard"))
    assert response.status_code == 302 and reverse("account_login") in response.url


def test_password_change_ends_the_other_sessions():
    user = UserFactory()
    phone, laptop = Client(), Client()
    phone.force_login(user)
    laptop.force_login(user)
    response = laptop.post(
        reverse("account_change_password"),
        {
            "oldpassword": "a-strong-password-123",
            "password1": "another-strong-password-456",
            "password2": "another-strong-password-456",
        },
    )
    assert response.status_code == 302
    assert phone.get(reverse("dashboard")).status_code == 302
