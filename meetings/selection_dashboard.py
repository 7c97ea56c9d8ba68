"""Reviews and selections on the personal dashboard (imported once by the app's ``ready()``)."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.dashboard import register

from .models import RegistrationCall
from .selection_selectors import outstanding_for_reviewer

SHOWN = 20


def _date(value, call):
    return formats.date_format(timezone.localtime(value, call.meeting.tz), "DATE_FORMAT")


@register
def reviews_awaiting(user):
    """Calls on whose panel ``user`` sits with applications still awaiting their review."""
    if not (user and user.is_authenticated):
        return []
    calls = (
        RegistrationCall.objects.filter(panel=user, selection_run_at__isnull=True)
        .select_related("meeting")
        .order_by("review_deadline", "pk")[:SHOWN]
    )
    items = []
    for call in calls:
        count = outstanding_for_reviewer(call, user).count()
        if not count:
            continue
        items.append(
            {
                "text": ngettext(
                    "%(count)s application awaits your review for %(call)s (due %(date)s)",
                    "%(count)s applications await your review for %(call)s (due %(date)s)",
                    count,
                )
                % {
                    "count": count,
                    "call": call.meeting.title,
                    "date": _date(call.review_deadline, call),
                },
                "url": reverse("call_panel", args=[call.pk]),
            }
        )
    return items


@register
def selections_pending(user):
    """For staff: closed calls whose selection has not run or whose results are unpublished."""
    if not (user and user.is_authenticated and user.is_active and user.is_staff):
        return []
    now = timezone.now()
    calls = (
        RegistrationCall.objects.filter(
            published_at__isnull=False, closes_at__lte=now, results_published_at__isnull=True
        )
        .select_related("meeting")
        .order_by("review_deadline", "pk")[:SHOWN]
    )
    items = []
    for call in calls:
        values = {"call": call.meeting.title, "date": _date(call.review_deadline, call)}
        if call.selection_run_at is None:
            text = _("Run the selection of %(call)s (reviews due %(date)s)") % values
        else:
            text = _("Publish the selection results of %(call)s") % values
        items.append({"text": text, "url": reverse("call_selection", args=[call.pk])})
    return items
