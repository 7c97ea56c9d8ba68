from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrganisationKind(models.TextChoices):
    CSO = "cso", _("Civil-society organisation")
    ACADEMIA = "academia", _("Academia")
    GOVERNMENT = "government", _("Government")
    INTERNATIONAL = "international", _("International organisation")
    SECRETARIAT = "secretariat", _("Technical secretariat")


class Level(models.TextChoices):
    LOCAL = "local", pgettext_lazy("level of work", "Local")
    NATIONAL = "national", pgettext_lazy("level of work", "National")
    REGIONAL = "regional", pgettext_lazy("level of work", "Regional")


class Focus(models.TextChoices):
    SERVICE_PROVIDER = "service_provider", _("Service provider")
    RESEARCH = "research", _("Research")
    ADVOCACY = "advocacy", _("Advocacy")


class Leadership(models.TextChoices):
    INDIGENOUS = "indigenous", _("Indigenous-led")
    REFUGEE = "refugee", _("Refugee-led")
    MIGRANT = "migrant", _("Migrant-led")
    BLACK = "black", _("Black-led")
    WOMEN = "women", _("Women-led")


class VerificationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("verification", "Awaiting verification")
    INFO_REQUESTED = "info_requested", pgettext_lazy("verification", "Information requested")
    REJECTED = "rejected", pgettext_lazy("verification", "Not verified")
    VERIFIED = "verified", pgettext_lazy("verification", "Verified")


class MembershipRole(models.TextChoices):
    ADMIN = "admin", pgettext_lazy("membership role", "Administrator")
    MEMBER = "member", pgettext_lazy("membership role", "Member")


# Kinds whose members speak for civil society (assess, suggest, propose, represent).
CIVIL_SOCIETY_KINDS = (OrganisationKind.CSO, OrganisationKind.ACADEMIA)
