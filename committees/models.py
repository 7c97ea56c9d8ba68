"""Action-package committees: coordinators, the CSO representative, briefings, proposals."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import ActionPackage, Country, Organisation
from portal.uploads import random_upload_path, validate_document

from .enums import (
    AgendaSource,
    BriefingStatus,
    CoordinatorRole,
    ProposalKind,
    ProposalStatus,
    ProposalVisibility,
    SuggestionStatus,
)


class Committee(models.Model):
    """The committee of volunteer countries that follows one action package."""

    action_package = models.OneToOneField(
        ActionPackage,
        on_delete=models.PROTECT,
        related_name="committee",
        verbose_name=_("action package"),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    member_countries = models.ManyToManyField(
        Country, related_name="committees", blank=True, verbose_name=_("member countries")
    )
    followers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="followed_committees",
        blank=True,
        verbose_name=_("followers"),
    )
    proposal_response_days = models.PositiveSmallIntegerField(
        _("days to answer a proposal"), default=60, validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["action_package__number"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")

    def __str__(self):
        return str(self.action_package.name)

    def get_absolute_url(self):
        return reverse("committee_detail", args=[self.slug])


class CommitteeCoordinator(models.Model):
    """A government official coordinating a committee for their country."""

    committee = models.ForeignKey(
        Committee,
        on_delete=models.CASCADE,
        related_name="coordinators",
        verbose_name=_("committee"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="committee_roles",
        verbose_name=_("person"),
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    role = models.CharField(
        _("role"), max_length=10, choices=CoordinatorRole.choices, default=CoordinatorRole.MEMBER
    )
    # Contact details are shown only to the committee's CSO representative and staff.
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["committee", "role", "country__name"]
        verbose_name = _("committee coordinator")
        verbose_name_plural = _("committee coordinators")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "user"], name="one_coordinator_role_per_committee"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.committee}"


class CsoRepresentative(models.Model):
    """The civil-society representative designated for a committee, with a term."""

    committee = models.ForeignKey(
        Committee,
        on_delete=models.CASCADE,
        related_name="representatives",
        verbose_name=_("committee"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cso_representations",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="representations",
        verbose_name=_("organisation"),
    )
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)
    is_current = models.BooleanField(_("current"), default=True)
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("designated by"),
    )
    designated_at = models.DateTimeField(_("designated at"), auto_now_add=True)

    class Meta:
        ordering = ["committee", "-term_start"]
        verbose_name = _("CSO representative")
        verbose_name_plural = _("CSO representatives")
        constraints = [
            # One representative at a time, enforced by the database.
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(is_current=True),
                name="one_current_cso_representative",
            ),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="representative_term_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.organisation}) – {self.committee}"


class Briefing(models.Model):
    """One of a committee's two briefings a year, with an agenda due before it."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="briefings", verbose_name=_("committee")
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    time_zone = models.CharField(_("time zone"), max_length=60, default="America/Bogota")
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=BriefingStatus.choices, default=BriefingStatus.PLANNED
    )
    agenda_deadline_days = models.PositiveSmallIntegerField(
        _("agenda due (days before)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    agenda_published_at = models.DateTimeField(_("agenda published at"), null=True, blank=True)
    report = models.TextField(_("report"), blank=True)
    report_published_at = models.DateTimeField(_("report published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")

    def __str__(self):
        return f"{self.committee} – {self.starts_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("briefing_detail", args=[self.committee.slug, self.pk])

    @property
    def agenda_deadline(self):
        return self.starts_at - timedelta(days=self.agenda_deadline_days)

    @property
    def agenda_is_late(self):
        """Published after the deadline, or still unpublished once it has passed."""
        if self.agenda_published_at:
            return self.agenda_published_at > self.agenda_deadline
        return timezone.now() > self.agenda_deadline


class AgendaSuggestion(models.Model):
    """A topic a verified CSO suggests for a briefing's agenda, until the deadline."""

    briefing = models.ForeignKey(
        Briefing, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("briefing")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="agenda_suggestions",
        verbose_name=_("organisation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    title = models.CharField(_("topic"), max_length=200)
    rationale = models.TextField(_("why it matters"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.PENDING,
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("agenda suggestion")
        verbose_name_plural = _("agenda suggestions")
        constraints = [
            models.UniqueConstraint(
                fields=["briefing", "organisation", "title"], name="one_suggestion_per_topic"
            )
        ]

    def __str__(self):
        return self.title


class SuggestionEndorsement(models.Model):
    """Another organisation's support for a suggestion (one per organisation)."""

    suggestion = models.ForeignKey(
        AgendaSuggestion,
        on_delete=models.CASCADE,
        related_name="endorsements",
        verbose_name=_("suggestion"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("person"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion", "organisation"], name="one_endorsement_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} → {self.suggestion}"


class AgendaItem(models.Model):
    """One ordered item of a briefing's agenda."""

    briefing = models.ForeignKey(
        Briefing, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("briefing")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("proposed by"),
        max_length=20,
        choices=AgendaSource.choices,
        default=AgendaSource.COORDINATOR,
    )
    suggestion = models.OneToOneField(
        AgendaSuggestion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_item",
        verbose_name=_("suggestion"),
    )
    commitments = models.ManyToManyField(
        "commitments.Commitment",
        related_name="agenda_items",
        blank=True,
        verbose_name=_("commitments presented"),
    )

    class Meta:
        ordering = ["briefing", "order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title


class BriefingDocument(models.Model):
    """A file of a briefing's report (minutes, presentations)."""

    briefing = models.ForeignKey(
        Briefing, on_delete=models.CASCADE, related_name="documents", verbose_name=_("briefing")
    )
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    file = models.FileField(_("file"), upload_to=random_upload_path, validators=[validate_document])
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["briefing", "pk"]
        verbose_name = _("briefing document")
        verbose_name_plural = _("briefing documents")

    def __str__(self):
        return self.title


class Proposal(models.Model):
    """A written proposal to a committee, on behalf of a verified organisation."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("committee")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("organisation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ProposalKind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="es"
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=ProposalVisibility.choices,
        default=ProposalVisibility.PUBLIC,
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.SUBMITTED,
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    response_due = models.DateField(_("response due"))
    response = models.TextField(_("committee's response"), blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    closed_reason = models.TextField(_("reason for closing"), blank=True)
    # One key per form rendering: a double submit finds the proposal it created.
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    # Set by moderation: a hidden proposal leaves every public page.
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
        ordering = ["-submitted_at"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposal_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status not in (ProposalStatus.RESPONDED, ProposalStatus.CLOSED)

    @property
    def is_overdue(self):
        return self.is_open and timezone.localdate() > self.response_due


class ProposalAttachment(models.Model):
    """A file attached to a proposal, checked by content and size."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("proposal")
    )
    file = models.FileField(_("file"), upload_to=random_upload_path, validators=[validate_document])
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=10)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["proposal", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class ProposalTransition(models.Model):
    """Each change of a proposal's status: who, when, from what to what."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("proposal")
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=ProposalStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=ProposalStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["proposal", "at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.proposal}: {self.from_status} → {self.to_status}"
