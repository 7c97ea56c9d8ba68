"""The commitments app's to-dos on the personal dashboard."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.dashboard import register
from portal.models import CountryCoordinator
from portal.translation_utils import translated

from .models import Consultation
from .selectors import owed_updates
from .services import current_round


@register
def coordinator_updates_owed(user):
    """Updates a coordinator's countries still owe in the current reporting round."""
    country_ids = set(
        CountryCoordinator.objects.filter(user=user, active=True).values_list(
            "country_id", flat=True
        )
    )
    reporting_round = current_round() if country_ids else None
    if reporting_round is None:
        return []
    owed = owed_updates(reporting_round)
    items = []
    for country_id in country_ids:
        for commitment in owed.get(country_id, []):
            items.append(
                {
                    "text": _("Progress update owed by %(date)s: %(title)s")
                    % {
                        "date": date_format(reporting_round.deadline, "DATE_FORMAT"),
                        "title": translated(commitment, "title").text,
                    },
                    "url": reverse("progress_update_create", args=[commitment.pk]),
                }
            )
    return items


@register
def open_consultations(user):
    now = timezone.now()
    consultations = Consultation.objects.filter(
        opens_at__lte=now, closes_at__gt=now
    ).select_related("commitment")[:5]
    return [
        {
            "text": _("Open consultation until %(date)s: %(title)s")
            % {
                "date": date_format(timezone.localdate(c.closes_at), "DATE_FORMAT"),
                "title": translated(c.commitment, "title").text,
            },
            "url": c.commitment.get_absolute_url() + "#consultation",
        }
        for c in consultations
    ]


@register
def staff_tools(user):
    """Links to the commitments app's staff tools."""
    if not user.has_perm("portal.access_staff_tools"):
        return []
    return [
        {"text": _("Import commitments from a spreadsheet"), "url": reverse("commitments_import")},
        {"text": _("Open a reporting round"), "url": reverse("reporting_round_create")},
    ]
