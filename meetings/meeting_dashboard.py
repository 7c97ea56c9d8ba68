"""National meetings on the personal dashboard (imported once by the app's ``ready()``)."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.dashboard import register
from portal.models import CountryCoordinator

from .meeting_selectors import Quarter, countries_with_meeting_in, pending_invitation_counts


def _coordinated_countries(user):
    if not (user and user.is_authenticated):
        return []
    return [
        row.country
        for row in CountryCoordinator.objects.filter(
            user=user, active=True, is_special_coordinator=True
        )
        .select_related("country")
        .order_by("country__code")
    ]


@register
def national_meetings_to_record(user):
    """For special coordinators: this quarter's national meeting, while none is recorded."""
    countries = _coordinated_countries(user)
    if not countries:
        return []
    quarter = Quarter.of(timezone.localdate())
    covered = countries_with_meeting_in(quarter)
    return [
        {
            "text": _(
                "Record this quarter's national meeting for %(country)s (quarter ends %(date)s)"
            )
            % {
                "country": country.name,
                "date": formats.date_format(quarter.end, "DATE_FORMAT"),
            },
            "url": reverse("national_meeting_create", args=[country.code]),
        }
        for country in countries
        if country.pk not in covered
    ]


@register
def invitation_requests_to_answer(user):
    """For special coordinators: invitation requests awaiting their answer."""
    countries = _coordinated_countries(user)
    if not countries:
        return []
    counts = pending_invitation_counts([country.pk for country in countries])
    return [
        {
            "text": ngettext(
                "%(count)s organisation asks to be invited to the national meetings of %(country)s",
                "%(count)s organisations ask to be invited to the national meetings of %(country)s",
                counts[country.pk],
            )
            % {"count": counts[country.pk], "country": country.name},
            "url": reverse("invitation_request_list", args=[country.code]),
        }
        for country in countries
        if counts.get(country.pk)
    ]
