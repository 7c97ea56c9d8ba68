"""Keep passwords, tokens and contact details out of the logs."""

import logging
import re

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# password=…, token: …, "secret": "…" and similar key/value pairs.
SECRET_PAIR = re.compile(
    r"(?i)\b(password\d?|passwd|token|secret|key|otp|code|sessionid|csrftoken)"
    r"(\s*[=:]\s*|\"\s*:\s*\")([^\s&\"',;]+)"
)
# allauth's email-confirmation and password-reset links carry their key in the path.
KEY_IN_PATH = re.compile(r"(/(?:confirm-email|key)/)[^/\s\"']+")
PHONE = re.compile(r"\+\d[\d\s().-]{6,}\d")


def redact(text):
    """Replace contact details and secrets in ``text`` with placeholders."""
    text = EMAIL.sub("[email]", text)
    text = SECRET_PAIR.sub(lambda m: f"{m.group(1)}{m.group(2)}[redacted]", text)
    text = KEY_IN_PATH.sub(r"\1[redacted]", text)
    return PHONE.sub("[phone]", text)


class RedactingFilter(logging.Filter):
    """Rewrite each record's message (arguments included) with secrets redacted."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 (a broken format string must not lose the record)
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        return True
