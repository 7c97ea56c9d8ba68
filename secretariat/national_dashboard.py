"""National dissemination and good practices on the personal dashboard (imported by ``ready()``)."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from portal.dashboard import register
from portal.models import Country

from .models import DisseminationRecord
from .national_selectors import good_practices_awaiting_review

# A special coordinator is reminded when the country recorded no dissemination this long.
DISSEMINATION_INTERVAL = timedelta(days=90)
SHOWN = 20


@register
def dissemination_due(user):
    """Countries ``user`` is special coordinator of without a recent dissemination record."""
    if not (user and user.is_authenticated):
        return []
    since = timezone.localdate() - DISSEMINATION_INTERVAL
    countries = (
        Country.objects.filter(
            coordinators__user=user,
            coordinators__active=True,
            coordinators__is_special_coordinator=True,
        )
        .annotate(
            recent=Exists(
                DisseminationRecord.objects.filter(country=OuterRef("pk"), held_on__gte=since)
            )
        )
        .filter(recent=False)
        .order_by("name")
        .distinct()
    )
    return [
        {
            "text": _(
                "Record how %(country)s shared the commitments nationally: nothing recorded "
                "in the last 90 days"
            )
            % {"country": country.name},
            "url": reverse("dissemination_create", args=[country.code]),
        }
        for country in countries
    ]


@register
def good_practices_to_review(user):
    """Good practices awaiting the secretariat's review, oldest first (staff only)."""
    if not (user and user.is_authenticated and user.is_staff and user.is_active):
        return []
    return [
        {
            "text": _("Review the good practice “%(title)s”, submitted on %(date)s")
            % {
                "title": practice.title,
                "date": formats.date_format(timezone.localtime(practice.created_at), "DATE_FORMAT"),
            },
            "url": reverse("good_practice_review", args=[practice.slug]),
        }
        for practice in good_practices_awaiting_review()[:SHOWN]
    ]
