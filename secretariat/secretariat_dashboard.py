"""Work-plan actions on the personal dashboard (imported once by the app's ``ready()``)."""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from portal.dashboard import register
from portal.models import CountryCoordinator, Membership
from portal.translation_utils import translated

from .enums import WorkPlanStatus
from .models import WorkPlanItem

SHOWN = 20
# Actions due within this many days are listed before they become overdue.
DUE_SOON_DAYS = 30


@register
def work_plan_actions_due(user):
    """Actions ``user`` answers for that are overdue or due within 30 days, soonest first."""
    if not (user and user.is_authenticated):
        return []
    today = timezone.localdate()
    organisations = Membership.objects.filter(user=user, accepted=True).values("organisation_id")
    countries = CountryCoordinator.objects.filter(user=user, active=True).values("country_id")
    items = (
        WorkPlanItem.objects.filter(
            Q(co_owner_id__in=organisations) | Q(responsible_country_id__in=countries),
            work_plan__is_published=True,
            due_date__isnull=False,
            due_date__lte=today + timedelta(days=DUE_SOON_DAYS),
        )
        .exclude(status=WorkPlanStatus.DONE)
        .select_related("work_plan")
        .order_by("due_date", "pk")[:SHOWN]
    )
    entries = []
    for item in items:
        values = {
            "number": item.number,
            "action": Truncator(translated(item, "action").text).words(12),
            "date": formats.date_format(item.due_date, "DATE_FORMAT"),
        }
        if item.due_date < today:
            text = (
                _(
                    "Overdue since %(date)s: post a progress note on work-plan action "
                    "%(number)s “%(action)s”"
                )
                % values
            )
        else:
            text = (
                _(
                    "Due by %(date)s: post a progress note on work-plan action "
                    "%(number)s “%(action)s”"
                )
                % values
            )
        entries.append(
            {
                "text": text,
                "url": reverse("work_plan_item", args=[item.work_plan.slug, item.pk])
                + "#post-note",
            }
        )
    return entries
