"""The audit log in the staff tools (read-only)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from .models import AuditEvent


@login_required
def audit_log(request):
    """Decisions and role changes, newest first, filterable by action."""
    if not request.user.has_perm("portal.access_staff_tools"):
        raise PermissionDenied
    events = AuditEvent.objects.select_related("actor", "content_type")
    actions = AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()
    action = request.GET.get("action", "")
    if action:
        events = events.filter(action=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/audit_log.html",
        {"page": page, "actions": list(actions), "action": action},
    )
