from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CoordinatorRole(models.TextChoices):
    LEAD = "lead", _("Lead coordinator")
    MEMBER = "member", _("Coordinator")


class BriefingStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("briefing status", "Planned")
    AGENDA_PUBLISHED = "agenda_published", pgettext_lazy("briefing status", "Agenda published")
    HELD = "held", pgettext_lazy("briefing status", "Held")
    REPORT_PUBLISHED = "report_published", pgettext_lazy("briefing status", "Report published")


class AgendaSource(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinators")
    CSO_SUGGESTION = "cso_suggestion", _("Civil-society suggestion")
    SECRETARIAT = "secretariat", _("Technical secretariat")


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("suggestion status", "Awaiting a decision")
    ACCEPTED = "accepted", pgettext_lazy("suggestion status", "Accepted into the agenda")
    DECLINED = "declined", pgettext_lazy("suggestion status", "Declined")


class ProposalKind(models.TextChoices):
    POLICY = "policy", _("Public-policy proposal")
    EXPERTISE = "expertise", _("Technical expertise")
    RECOMMENDATION = "recommendation", _("Recommendation")


class ProposalVisibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    COMMITTEE = "committee", _("Committee only")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("proposal status", "Submitted")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("proposal status", "Acknowledged")
    UNDER_CONSIDERATION = (
        "under_consideration",
        pgettext_lazy("proposal status", "Under consideration"),
    )
    RESPONDED = "responded", pgettext_lazy("proposal status", "Responded")
    CLOSED = "closed", pgettext_lazy("proposal status", "Closed")
