"""Registration calls on the personal dashboard (imported once by the app's ``ready()``)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.dashboard import register
from portal.models import Membership

from .call_services import format_deadline, open_calls_for
from .enums import ApplicationStatus
from .models import Application

SHOWN = 10
OPEN_CALLS_SHOWN = 5


@register
def application_drafts(user):
    """Drafts of ``user``'s organisations to submit before their call closes."""
    if not (user and user.is_authenticated):
        return []
    organisations = Membership.objects.filter(user=user, accepted=True).values("organisation_id")
    drafts = (
        Application.objects.filter(
            organisation_id__in=organisations,
            status=ApplicationStatus.DRAFT,
            call__closes_at__gt=timezone.now(),
        )
        .select_related("call__meeting", "organisation")
        .order_by("call__closes_at", "pk")[:SHOWN]
    )
    return [
        {
            "text": _(
                "Submit the application of %(organisation)s for %(meeting)s before %(deadline)s"
            )
            % {
                "organisation": application.organisation.name,
                "meeting": application.call.meeting.title,
                "deadline": format_deadline(application.call),
            },
            "url": application.get_absolute_url(),
        }
        for application in drafts
    ]


@register
def calls_to_apply_to(user):
    """Open calls that one of ``user``'s organisations could still apply to."""
    if not (user and user.is_authenticated):
        return []
    return [
        {
            "text": _("Open call: %(kind)s at %(meeting)s, until %(deadline)s")
            % {
                "kind": call.get_kind_display(),
                "meeting": call.meeting.title,
                "deadline": format_deadline(call),
            },
            "url": call.get_absolute_url(),
        }
        for call in open_calls_for(user, limit=OPEN_CALLS_SHOWN)
    ]
