from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class GovernmentStatus(models.TextChoices):
    ANNOUNCED = "announced", pgettext_lazy("commitment status", "Announced")
    IN_PROGRESS = "in_progress", pgettext_lazy("commitment status", "In progress")
    ACHIEVED = "achieved", pgettext_lazy("commitment status", "Achieved")
    STALLED = "stalled", pgettext_lazy("commitment status", "Stalled")
    WITHDRAWN = "withdrawn", pgettext_lazy("commitment status", "Withdrawn")


class Publication(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("publication state", "Draft")
    CONSULTATION = "consultation", pgettext_lazy("publication state", "In consultation")
    PUBLISHED = "published", pgettext_lazy("publication state", "Published")


class CsoRating(models.TextChoices):
    """The published scale civil society uses to assess a commitment."""

    ON_TRACK = "on_track", _("On track: implemented as promised")
    PARTIAL = "partial", _("Partial progress: some steps taken, gaps remain")
    INSUFFICIENT = "insufficient", _("Insufficient: little real change for people")
    NO_PROGRESS = "no_progress", _("No progress observed")
    REGRESSION = "regression", _("Regression: the situation has worsened")


class IndicatorKind(models.TextChoices):
    QUANTITATIVE = "quantitative", _("Quantitative")
    QUALITATIVE = "qualitative", _("Qualitative")


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher", _("Higher is better")
    LOWER_IS_BETTER = "lower", _("Lower is better")


class IndicatorStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("indicator status", "Proposed")
    UNDER_REVIEW = "under_review", pgettext_lazy("indicator status", "Under review")
    ADOPTED = "adopted", pgettext_lazy("indicator status", "Adopted")
    RETIRED = "retired", pgettext_lazy("indicator status", "Retired")


class QualitativeRating(models.IntegerChoices):
    """The rating scale of qualitative indicators (1 worst, 5 best)."""

    VERY_POOR = 1, _("1 – Very poor")
    POOR = 2, _("2 – Poor")
    FAIR = 3, _("3 – Fair")
    GOOD = 4, _("4 – Good")
    VERY_GOOD = 5, _("5 – Very good")


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    DATE = "date", _("Date")


class Reporter(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    CIVIL_SOCIETY = "civil_society", _("Civil society")


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", pgettext_lazy("data verification", "Not verified")
    VERIFIED = "verified", pgettext_lazy("data verification", "Verified")
    DISPUTED = "disputed", pgettext_lazy("data verification", "Disputed")
