"""A request id on every request, response and log line, for support and error pages."""

import contextvars
import logging
import re
import uuid

_request_id = contextvars.ContextVar("request_id", default="-")
# Accept an upstream proxy's id only if it looks like one (no header injection into logs).
VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id():
    return _request_id.get()


class RequestIdMiddleware:
    """Tag the request with an id (the proxy's ``X-Request-ID`` or a new one)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if VALID_ID.match(incoming) else uuid.uuid4().hex[:16]
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response.headers["X-Request-ID"] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    """Add ``request_id`` to every log record (``-`` outside a request)."""

    def filter(self, record):
        record.request_id = current_request_id()
        return True
