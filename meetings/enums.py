from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MeetingKind(models.TextChoices):
    HIGH_LEVEL = "high_level", _("High-level meeting")
    REGIONAL = "regional", _("Regional meeting of special coordinators with civil society")
    NATIONAL = "national", _("Quarterly national meeting")
    COORDINATORS = "coordinators", _("Special coordinators' meeting")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("meeting status", "Scheduled")
    POSTPONED = "postponed", pgettext_lazy("meeting status", "Postponed")
    HELD = "held", pgettext_lazy("meeting status", "Held")
    CANCELLED = "cancelled", pgettext_lazy("meeting status", "Cancelled")


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class DocumentKind(models.TextChoices):
    AGENDA = "agenda", pgettext_lazy("meeting document", "Agenda")
    MINUTES = "minutes", pgettext_lazy("meeting document", "Minutes")
    BACKGROUND = "background", pgettext_lazy("meeting document", "Background document")
    REPORT = "report", pgettext_lazy("meeting document", "Report")


class CallKind(models.TextChoices):
    PARTICIPANTS = "participants", _("Civil-society participants")
    OBSERVERS = "observers", _("Civil-society observers")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("application status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("application status", "Submitted")
    WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")


class Outcome(models.TextChoices):
    PENDING = "pending", pgettext_lazy("selection outcome", "Awaiting the decision")
    SELECTED = "selected", pgettext_lazy("selection outcome", "Selected")
    WAITLISTED = "waitlisted", pgettext_lazy("selection outcome", "On the waiting list")
    NOT_SELECTED = "not_selected", pgettext_lazy("selection outcome", "Not selected")


class OverrideDecision(models.TextChoices):
    SELECT = "select", pgettext_lazy("selection override", "Give a place")
    EXCLUDE = "exclude", pgettext_lazy("selection override", "Withhold a place")


class QuotaGroup(models.TextChoices):
    """Priority groups a quota can target; values match the organisation's profile."""

    INDIGENOUS = "leadership:indigenous", _("Indigenous-led organisations")
    REFUGEE = "leadership:refugee", _("Refugee-led organisations")
    MIGRANT = "leadership:migrant", _("Migrant-led organisations")
    BLACK = "leadership:black", _("Black-led organisations")
    WOMEN = "leadership:women", _("Women-led organisations")
    SERVICE_PROVIDER = "focus:service_provider", _("Service providers")
    RESEARCH = "focus:research", _("Research groups")
    ADVOCACY = "focus:advocacy", _("Advocacy groups")
    LOCAL = "level:local", _("Local organisations")
    NATIONAL = "level:national", _("National organisations")
    REGIONAL = "level:regional", _("Regional organisations")
    HOST_COUNTRY = "host_country", _("Organisations of the host country")
    HOST_COUNTRY_NATIONAL = "host_country_national", _("National organisations of the host country")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("invitation request", "Awaiting an answer")
    INVITED = "invited", pgettext_lazy("invitation request", "Invited")
    DECLINED = "declined", pgettext_lazy("invitation request", "Declined")
