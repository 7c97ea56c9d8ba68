"""Meetings, public registration calls with transparent selection, national meetings."""

import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Country, Organisation, RegionalMechanism
from portal.uploads import random_upload_path, validate_document

from .enums import (
    ApplicationStatus,
    CallKind,
    DocumentKind,
    InvitationStatus,
    MeetingFormat,
    MeetingKind,
    MeetingStatus,
    Outcome,
    OverrideDecision,
    QuotaGroup,
)

MAX_SCORE = 5


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Choose a time zone such as America/Bogota."), code="time_zone")


def new_registration_code():
    # Unambiguous characters only: codes are read aloud and typed at the door.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class Meeting(models.Model):
    """A meeting of the declaration's process: high-level, regional, national, coordinators."""

    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="America/Bogota",
        validators=[validate_time_zone],
        help_text=_("Times are shown in the meeting's own time zone."),
    )
    host_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("host country"),
    )
    format = models.CharField(
        _("format"), max_length=10, choices=MeetingFormat.choices, default=MeetingFormat.IN_PERSON
    )
    venue = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    # Language codes (any ISO 639-1 code, not only the portal's six).
    working_languages = models.JSONField(_("working languages"), default=list, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    # Quarterly national meetings record these in the coordinator's words.
    concerns_raised = models.TextField(_("concerns raised"), blank=True)
    follow_ups = models.TextField(_("follow-ups"), blank=True)
    participating_organisations = models.ManyToManyField(
        Organisation,
        related_name="meetings_attended",
        blank=True,
        verbose_name=_("participating organisations"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    mechanisms = models.ManyToManyField(
        RegionalMechanism,
        related_name="meetings",
        blank=True,
        verbose_name=_("related regional mechanisms"),
    )
    is_published = models.BooleanField(_("published"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["kind", "starts_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meeting_detail", args=[self.slug])

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The meeting cannot end before it starts.")})

    @property
    def tz(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_upcoming(self):
        return self.ends_at >= timezone.now()


class MeetingDocument(models.Model):
    """A published document of a meeting, one file per language."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="documents", verbose_name=_("meeting")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    file = models.FileField(_("file"), upload_to=random_upload_path, validators=[validate_document])
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "language", "pk"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self):
        return self.title


class RegistrationCall(models.Model):
    """A public call for civil-society places at a meeting, with a published method.

    The method (seats, eligibility, questions, criteria, quotas) is frozen once the
    first application exists; edits before that are kept in the history.
    """

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="calls", verbose_name=_("meeting")
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=CallKind.choices, default=CallKind.PARTICIPANTS
    )
    introduction = models.TextField(_("introduction"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    review_deadline = models.DateTimeField(_("reviews due by"))
    seats = models.PositiveSmallIntegerField(
        _("civil-society seats"), validators=[MinValueValidator(1)]
    )
    seats_per_organisation = models.PositiveSmallIntegerField(
        _("seats per organisation"), default=1, validators=[MinValueValidator(1)]
    )
    waitlist_size = models.PositiveSmallIntegerField(
        _("places on the waiting list"),
        default=10,
        help_text=_("0 puts every remaining eligible application on the waiting list."),
    )
    require_verified = models.BooleanField(_("verified organisations only"), default=True)
    eligible_countries = models.ManyToManyField(
        Country,
        related_name="+",
        blank=True,
        verbose_name=_("eligible countries"),
        help_text=_("Leave empty to open the call to organisations of every country."),
    )
    min_reviews = models.PositiveSmallIntegerField(
        _("reviews per application"), default=2, validators=[MinValueValidator(1)]
    )
    panel = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="review_panels",
        blank=True,
        verbose_name=_("review panel"),
    )
    data_policy = models.TextField(_("data policy"))
    published_at = models.DateTimeField(_("method published at"), null=True, blank=True)
    selection_run_at = models.DateTimeField(_("selection run at"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    cutoff_score = models.DecimalField(
        _("cut-off score"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-opens_at", "pk"]
        verbose_name = _("registration call")
        verbose_name_plural = _("registration calls")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="call_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(review_deadline__gte=models.F("closes_at")),
                name="call_reviews_after_closing",
            ),
        ]

    def __str__(self):
        return f"{self.meeting} – {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("call_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The call must close after it opens.")
        if self.closes_at and self.review_deadline and self.review_deadline < self.closes_at:
            errors["review_deadline"] = _("Reviews cannot be due before the call closes.")
        if self.seats and self.seats_per_organisation and self.seats_per_organisation > self.seats:
            errors["seats_per_organisation"] = _(
                "An organisation cannot have more seats than the call offers."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self):
        now = timezone.now()
        return self.published_at is not None and self.opens_at <= now < self.closes_at

    @property
    def is_closed(self):
        return timezone.now() >= self.closes_at

    @property
    def method_frozen(self):
        return self.applications.exists()


class Question(models.Model):
    """A question of a call's application form."""

    call = models.ForeignKey(
        RegistrationCall,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("registration call"),
    )
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=True)
    max_length = models.PositiveSmallIntegerField(_("maximum length"), default=1500)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text


class Criterion(models.Model):
    """A published selection criterion with its weight and scoring guide (0–5)."""

    call = models.ForeignKey(
        RegistrationCall,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("registration call"),
    )
    name = models.CharField(_("name"), max_length=200)
    guide = models.TextField(_("scoring guide"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        return self.name


class Quota(models.Model):
    """A target number of selected organisations from a priority group."""

    call = models.ForeignKey(
        RegistrationCall,
        on_delete=models.CASCADE,
        related_name="quotas",
        verbose_name=_("registration call"),
    )
    group = models.CharField(_("group"), max_length=40, choices=QuotaGroup.choices)
    target = models.PositiveSmallIntegerField(
        _("target"),
        validators=[MinValueValidator(1)],
        help_text=_("At least this many selected organisations from the group."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [models.UniqueConstraint(fields=["call", "group"], name="quota_unique")]

    def __str__(self):
        return f"{self.get_group_display()} ≥ {self.target}"


class Application(models.Model):
    """An organisation's application to a call, naming its participants."""

    call = models.ForeignKey(
        RegistrationCall,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("registration call"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    outcome = models.CharField(
        _("outcome"), max_length=14, choices=Outcome.choices, default=Outcome.PENDING
    )
    waitlist_position = models.PositiveSmallIntegerField(
        _("place on the waiting list"), null=True, blank=True
    )
    # {question id (str): answer text}
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    consent_given_at = models.DateTimeField(_("consent to the data policy given at"), null=True)
    score = models.DecimalField(
        _("weighted score"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["call", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            # One active application per organisation and call, whatever the race.
            models.UniqueConstraint(
                fields=["call", "organisation"],
                condition=~Q(status="withdrawn"),
                name="application_one_active_per_organisation",
            )
        ]

    def __str__(self):
        return f"{self.organisation} – {self.call}"

    def get_absolute_url(self):
        return reverse("application_detail", args=[self.pk])

    @property
    def reference(self):
        return f"A-{self.call_id}-{self.pk:04d}"


class Participant(models.Model):
    """A person an application names to take a seat; gets a code for check-in."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("application"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position in the organisation"), max_length=200, blank=True)
    email = models.EmailField(_("email address"))
    consent_listed = models.BooleanField(
        _("may be listed by name"),
        default=False,
        help_text=_("If unticked, the public list shows only the organisation's name."),
    )
    registration_code = models.CharField(
        _("registration code"), max_length=12, unique=True, null=True, blank=True
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return self.full_name


class ApplicationAttachment(models.Model):
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("application"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=random_upload_path, validators=[validate_document])
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title


class Review(models.Model):
    """One panel member's scores of one application."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("application")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("reviewer"),
    )
    comment = models.TextField(_("overall comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="review_unique")
        ]

    def __str__(self):
        return f"{self.application} – {self.reviewer}"


class Score(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("review")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("criterion")
    )
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(MAX_SCORE)]
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["criterion__position", "criterion_id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_unique"),
            models.CheckConstraint(condition=Q(value__lte=MAX_SCORE), name="score_within_scale"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class SelectionOverride(models.Model):
    """Staff's decision to give or withhold a place, with a reason published in the report."""

    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        related_name="override",
        verbose_name=_("application"),
    )
    decision = models.CharField(_("decision"), max_length=10, choices=OverrideDecision.choices)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("selection override")
        verbose_name_plural = _("selection overrides")

    def __str__(self):
        return f"{self.application}: {self.get_decision_display()}"


class InvitationRequest(models.Model):
    """A local or national organisation asks to be invited to its country's national meetings."""

    country = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        related_name="invitation_requests",
        verbose_name=_("country"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitation_requests",
        verbose_name=_("organisation"),
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "pk"]
        verbose_name = _("invitation request")
        verbose_name_plural = _("invitation requests")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "organisation"],
                condition=Q(status="pending"),
                name="invitation_request_one_pending",
            )
        ]

    def __str__(self):
        return f"{self.organisation} → {self.country}"
