"""Error pages that never show a traceback and always give a request id to quote."""

from django.http import HttpResponseServerError
from django.template import loader
from django.utils.translation import get_language

from .request_context import current_request_id


def server_error(request, template_name="500.html"):
    """Render the 500 page without the database or context processors (they may be down)."""
    template = loader.get_template(template_name)
    body = template.render(
        {"request_id": current_request_id(), "LANGUAGE_CODE": get_language() or "en"}
    )
    return HttpResponseServerError(body)
