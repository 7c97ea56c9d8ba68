"""Written proposals on the personal dashboard (imported once by the app's ``ready()``)."""

from django.db.models import F, Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from portal.dashboard import register
from portal.models import Membership

from .models import CommitteeCoordinator, Proposal
from .proposal_services import OPEN_STATUSES

SHOWN = 20


def _date(value):
    return formats.date_format(value, "DATE_FORMAT")


@register
def proposals_awaiting_answer(user):
    """Open proposals to the committees ``user`` coordinates, overdue ones first."""
    if not (user and user.is_authenticated):
        return []
    committees = CommitteeCoordinator.objects.filter(user=user, active=True).values("committee_id")
    proposals = (
        Proposal.objects.filter(committee_id__in=committees, status__in=OPEN_STATUSES, hidden=False)
        .select_related("organisation")
        .order_by("response_due", "submitted_at", "pk")[:SHOWN]
    )
    today = timezone.localdate()
    items = []
    for proposal in proposals:
        values = {
            "date": _date(proposal.response_due),
            "title": proposal.title,
            "organisation": proposal.organisation.name,
            "status": proposal.get_status_display(),
        }
        if proposal.response_due < today:
            text = (
                _("Overdue since %(date)s: answer the proposal “%(title)s” (%(organisation)s)")
                % values
            )
        else:
            text = (
                _("Answer by %(date)s the proposal “%(title)s” (%(organisation)s, %(status)s)")
                % values
            )
        items.append({"text": text, "url": proposal.get_absolute_url()})
    return items


@register
def my_organisations_proposals(user):
    """The open proposals of ``user``'s organisations, most recently changed first."""
    if not (user and user.is_authenticated):
        return []
    organisations = Membership.objects.filter(user=user, accepted=True).values("organisation_id")
    proposals = (
        Proposal.objects.filter(organisation_id__in=organisations, status__in=OPEN_STATUSES)
        .select_related("organisation")
        .annotate(changed_at=Max("transitions__at"))
        .order_by(F("changed_at").desc(nulls_last=True), "-pk")[:SHOWN]
    )
    return [
        {
            "text": _(
                "Your organisation's proposal “%(title)s” (%(organisation)s) is “%(status)s” "
                "since %(date)s; the response is due by %(due)s"
            )
            % {
                "title": proposal.title,
                "organisation": proposal.organisation.name,
                "status": proposal.get_status_display(),
                "date": _date(timezone.localtime(proposal.changed_at or proposal.submitted_at)),
                "due": _date(proposal.response_due),
            },
            "url": proposal.get_absolute_url(),
        }
        for proposal in proposals
    ]
