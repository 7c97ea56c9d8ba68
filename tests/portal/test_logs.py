"""Logs never contain passwords, tokens or contact details."""

import io
import logging
import re

import pytest
from django.core import mail
from django.urls import reverse

from portal.log_redaction import redact
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Very-Secret-Passw0rd-991"


@pytest.fixture
def console_output():
    """What the configured console handler writes, at DEBUG level for every logger."""
    root = logging.getLogger()
    handler = next(h for h in root.handlers if h.name == "console")
    buffer = io.StringIO()
    old_stream, old_level = handler.setStream(buffer), root.level
    root.setLevel(logging.DEBUG)
    try:
        yield buffer
    finally:
        handler.setStream(old_stream)
        root.setLevel(old_level)


def test_redact_removes_emails_secrets_keys_and_phones():
    text = redact(
        "user ana@example.org password=hunter2 token: abc123 "
        "/es/accounts/password/reset/key/7-abc-def/ tel +57 601 555 0142"
    )
    assert "ana@example.org" not in text and "hunter2" not in text and "abc123" not in text
    assert "7-abc-def" not in text and "555 0142" not in text


def test_sign_up_sign_in_and_reset_leave_no_secrets_in_the_logs(client, console_output):
    logging.getLogger("portal.test").info("Signing up %s with password=%s", "x@y.org", PASSWORD)
    client.post(
        reverse("account_signup"),
        {"email": "maria@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    client.post(reverse("account_login"), {"login": "maria@example.org", "password": "wrong"})
    user = UserFactory(email="rosa@example.org")
    client.post(reverse("account_reset_password"), {"email": user.email})
    reset_mail = next(m for m in mail.outbox if "rosa@example.org" in m.to)
    reset_link = re.search(r"https?://\S+", reset_mail.body).group(0)
    client.get(reset_link)
    client.get(reset_link.replace("/key/", "/key/0-") + "broken/")
    # A 404 on a key URL is logged by Django with the path.
    logging.getLogger("django.request").warning("Not Found: %s", reset_link)
    output = console_output.getvalue()
    assert output, "the console handler wrote nothing: the test would prove nothing"
    for secret in (PASSWORD, "maria@example.org", "rosa@example.org", "x@y.org"):
        assert secret not in output
    key = reset_link.rstrip("/").rsplit("/", 1)[-1]
    assert key not in output
