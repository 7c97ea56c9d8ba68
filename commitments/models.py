"""Commitments of the endorsing states and the two perspectives on their progress."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import ActionPackage, Country, Organisation, Pillar, RegionalMechanism
from portal.uploads import random_upload_path, validate_document

from .enums import (
    CsoRating,
    Direction,
    GovernmentStatus,
    IndicatorKind,
    IndicatorStatus,
    PeriodKind,
    Publication,
    QualitativeRating,
    Reporter,
    Verification,
)


class Commitment(models.Model):
    """A commitment announced by one or more endorsing states."""

    countries = models.ManyToManyField(
        Country, related_name="commitments", verbose_name=_("countries")
    )
    pillar = models.ForeignKey(
        Pillar, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("pillar")
    )
    action_package = models.ForeignKey(
        ActionPackage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("action package"),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="es"
    )
    announced_on = models.DateField(_("date announced"))
    target_date = models.DateField(_("target date"), null=True, blank=True)
    source_url = models.URLField(_("source document"), blank=True)
    source_file = models.FileField(
        _("source file"),
        upload_to=random_upload_path,
        blank=True,
        validators=[validate_document],
    )
    status = models.CharField(
        _("status reported by the government"),
        max_length=20,
        choices=GovernmentStatus.choices,
        default=GovernmentStatus.ANNOUNCED,
    )
    percent_complete = models.PositiveSmallIntegerField(
        _("percent complete"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    publication = models.CharField(
        _("publication state"),
        max_length=20,
        choices=Publication.choices,
        default=Publication.DRAFT,
    )
    mechanisms = models.ManyToManyField(
        RegionalMechanism,
        related_name="commitments",
        blank=True,
        verbose_name=_("related regional mechanisms"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-announced_on", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        indexes = [models.Index(fields=["publication", "status"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("commitment_detail", args=[self.pk])

    @property
    def is_public(self):
        return self.publication != Publication.DRAFT


class ProgressUpdate(models.Model):
    """A government's report on a commitment; public once published."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="updates", verbose_name=_("commitment")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    text = models.TextField(_("text"))
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="es"
    )
    status = models.CharField(
        _("status after this update"), max_length=20, choices=GovernmentStatus.choices
    )
    percent_complete = models.PositiveSmallIntegerField(
        _("percent complete"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    evidence_url = models.URLField(_("evidence link"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"),
        upload_to=random_upload_path,
        blank=True,
        validators=[validate_document],
    )
    reporting_round = models.ForeignKey(
        "ReportingRound",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="updates",
        verbose_name=_("reporting round"),
    )
    # One key per form rendering: a double submit finds the update it created.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self):
        return f"{self.commitment} – {self.created_at:%Y-%m-%d}"


class CsoAssessment(models.Model):
    """A verified civil-society organisation's own view of a commitment."""

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("commitment"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("organisation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    rating = models.CharField(_("rating"), max_length=20, choices=CsoRating.choices)
    text = models.TextField(_("assessment"))
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="es"
    )
    evidence_url = models.URLField(_("evidence link"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("civil-society assessment")
        verbose_name_plural = _("civil-society assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "organisation"], name="one_assessment_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} – {self.commitment}"


class Milestone(models.Model):
    """A step of a commitment; with milestones, progress is their weighted share done."""

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("commitment"),
    )
    title = models.CharField(_("title"), max_length=300)
    due_date = models.DateField(_("due date"))
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title


class ReportingRound(models.Model):
    """A period in which every coordinator owes an update on each public commitment."""

    name = models.CharField(_("name"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(_("deadline"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-opens_on"]
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("opens_on")),
                name="round_deadline_after_opening",
            )
        ]

    def __str__(self):
        return self.name


class Indicator(models.Model):
    """A monitoring indicator, proposed by an organisation and adopted by staff."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    methodology = models.TextField(_("methodology"), blank=True)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="es"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=IndicatorKind.choices)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    direction = models.CharField(
        _("direction"),
        max_length=10,
        choices=Direction.choices,
        default=Direction.HIGHER_IS_BETTER,
    )
    pillars = models.ManyToManyField(
        Pillar, related_name="indicators", blank=True, verbose_name=_("pillars")
    )
    commitments = models.ManyToManyField(
        Commitment, related_name="indicators", blank=True, verbose_name=_("commitments")
    )
    proposed_by = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_indicators",
        verbose_name=_("proposed by"),
    )
    status = models.CharField(
        _("review status"),
        max_length=20,
        choices=IndicatorStatus.choices,
        default=IndicatorStatus.PROPOSED,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return f"{self.code} – {self.name}"

    def get_absolute_url(self):
        return reverse("indicator_detail", args=[self.code])


class DataPoint(models.Model):
    """One value (or rating) of an indicator for a country and period."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="data_points",
        verbose_name=_("indicator"),
    )
    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="data_points", verbose_name=_("country")
    )
    period_kind = models.CharField(
        _("period kind"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.YEAR
    )
    # The first day of the period (1 January for a year, the quarter's first day).
    period_start = models.DateField(_("period start"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4, null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"), choices=QualitativeRating.choices, null=True, blank=True
    )
    text = models.TextField(_("explanation"), blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)
    reported_by = models.CharField(_("reported by"), max_length=20, choices=Reporter.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="data_points",
        verbose_name=_("reporting organisation"),
    )
    verification = models.CharField(
        _("verification"),
        max_length=12,
        choices=Verification.choices,
        default=Verification.UNVERIFIED,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["indicator", "country", "period_start"]
        verbose_name = _("data point")
        verbose_name_plural = _("data points")
        indexes = [models.Index(fields=["indicator", "country", "period_start"])]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "country", "period_kind", "period_start", "reported_by"],
                name="one_data_point_per_period_and_reporter",
            )
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.country.code} {self.period_label}"

    @property
    def period_label(self):
        if self.period_kind == PeriodKind.YEAR:
            return str(self.period_start.year)
        if self.period_kind == PeriodKind.QUARTER:
            return f"{self.period_start.year}-Q{(self.period_start.month - 1) // 3 + 1}"
        return self.period_start.isoformat()


class Consultation(models.Model):
    """A period in which signed-in members comment on a draft commitment."""

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="consultations",
        verbose_name=_("commitment"),
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    response = models.TextField(_("how the comments were used"), blank=True)
    response_published_at = models.DateTimeField(_("response published at"), null=True, blank=True)

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_opening",
            )
        ]

    def __str__(self):
        return f"{self.commitment} ({self.opens_at:%Y-%m-%d})"


class Comment(models.Model):
    """A member's comment in a consultation; staff may hide it with a recorded reason."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("consultation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.author} – {self.created_at:%Y-%m-%d}"
