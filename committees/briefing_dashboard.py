"""The briefings' to-dos on the personal dashboard (imported by CommitteesConfig.ready)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.dashboard import register
from portal.translation_utils import translated

from . import briefing_services as services


def _local_date(moment, briefing):
    local = timezone.localtime(moment, services.briefing_zone(briefing)).date()
    return date_format(local, "DATE_FORMAT")


@register
def coordinator_agendas_due(user):
    """Unpublished agendas due within 30 days (or late) for the briefings one coordinates."""
    if not user.is_authenticated:
        return []
    items = []
    for briefing in services.coordinated_briefings(user):
        title = translated(briefing, "title").text
        if briefing.agenda_is_late:
            text = _("Agenda late (was due on %(date)s): %(title)s")
        else:
            text = _("Agenda due by %(date)s: %(title)s")
        items.append(
            {
                "text": text
                % {"date": _local_date(briefing.agenda_deadline, briefing), "title": title},
                "url": reverse("briefing_agenda", args=[briefing.committee.slug, briefing.pk]),
            }
        )
    return items


@register
def coordinator_pending_suggestions(user):
    """Briefings whose civil-society suggestions await the coordinator's decision."""
    if not user.is_authenticated:
        return []
    return [
        {
            "text": ngettext(
                "%(count)s suggested topic awaits a decision: %(title)s",
                "%(count)s suggested topics await a decision: %(title)s",
                briefing.pending,
            )
            % {"count": briefing.pending, "title": translated(briefing, "title").text},
            "url": reverse("briefing_detail", args=[briefing.committee.slug, briefing.pk])
            + "#suggestions",
        }
        for briefing in services.pending_suggestions_by_briefing(user)
    ]


@register
def representative_upcoming_briefings(user):
    """Upcoming briefings of the committees where one is the CSO representative."""
    if not user.is_authenticated:
        return []
    return [
        {
            "text": _("Upcoming briefing on %(date)s: %(title)s")
            % {
                "date": _local_date(briefing.starts_at, briefing),
                "title": translated(briefing, "title").text,
            },
            "url": reverse("briefing_detail", args=[briefing.committee.slug, briefing.pk]),
        }
        for briefing in services.represented_upcoming_briefings(user)
    ]
