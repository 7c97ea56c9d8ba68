"""The technical secretariat: seats, documents, the joint work plan, dissemination,
good practices, the glossary and the moderation of flagged content."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Country, CountryCoordinator, Organisation, RegionalMechanism
from portal.uploads import random_upload_path, validate_document

from .enums import (
    DisseminationChannel,
    DocumentKind,
    FlagReason,
    FlagStatus,
    GoodPracticeStatus,
    SeatRole,
    WorkPlanStatus,
)


class SecretariatSeat(models.Model):
    """A seat in the technical secretariat and who holds it, for which term."""

    role = models.CharField(_("role"), max_length=20, choices=SeatRole.choices)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="secretariat_seats",
        verbose_name=_("holder"),
    )
    # The name shown publicly (the holder's account stays private).
    holder_name = models.CharField(_("name shown publicly"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="secretariat_seats",
        verbose_name=_("organisation"),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="secretariat_seats",
        verbose_name=_("country"),
    )
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    how_chosen = models.TextField(_("how the holder was chosen"), blank=True)
    selection_call = models.ForeignKey(
        "meetings.RegistrationCall",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("selection call"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "role", "pk"]
        verbose_name = _("secretariat seat")
        verbose_name_plural = _("secretariat seats")

    def __str__(self):
        return f"{self.get_role_display()}: {self.holder_name}"

    @property
    def is_current(self):
        today = timezone.localdate()
        return self.term_start <= today and (self.term_end is None or self.term_end >= today)


class Document(models.Model):
    """A published document of the secretariat (terms of reference, decisions, minutes)."""

    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    published_on = models.DateField(_("published on"), default=timezone.localdate)
    is_published = models.BooleanField(_("published"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("secretariat_document", args=[self.pk])


class DocumentFile(models.Model):
    """A document's file in one language."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="files", verbose_name=_("document")
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    file = models.FileField(_("file"), upload_to=random_upload_path, validators=[validate_document])
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["document", "language"]
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"], name="document_file_per_language"
            )
        ]

    def __str__(self):
        return f"{self.document} ({self.language})"


class WorkPlan(models.Model):
    """The joint work plan adopted at a regional meeting with civil society."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_plans",
        verbose_name=_("adopted at"),
    )
    adopted_on = models.DateField(_("adopted on"))
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        ordering = ["-adopted_on", "pk"]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("work_plan_detail", args=[self.slug])


class WorkPlanItem(models.Model):
    """An action of the work plan with its responsible party and civil-society co-owner."""

    work_plan = models.ForeignKey(
        WorkPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("work plan")
    )
    number = models.CharField(_("number"), max_length=12)
    action = models.TextField(_("action"))
    responsible_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_plan_items",
        verbose_name=_("responsible country"),
    )
    responsible_body = models.CharField(
        _("responsible body"),
        max_length=200,
        blank=True,
        help_text=_("When the responsible party is not a country (e.g. the secretariat)."),
    )
    co_owner = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_plan_items",
        verbose_name=_("civil-society co-owner"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=WorkPlanStatus.choices,
        default=WorkPlanStatus.NOT_STARTED,
    )
    mechanisms = models.ManyToManyField(
        RegionalMechanism,
        related_name="work_plan_items",
        blank=True,
        verbose_name=_("related regional mechanisms"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["work_plan", "position", "pk"]
        verbose_name = _("work-plan item")
        verbose_name_plural = _("work-plan items")
        constraints = [
            models.UniqueConstraint(fields=["work_plan", "number"], name="work_plan_item_number")
        ]

    def __str__(self):
        return f"{self.number}. {self.action[:60]}"

    @property
    def is_overdue(self):
        return (
            self.due_date is not None
            and self.status != WorkPlanStatus.DONE
            and self.due_date < timezone.localdate()
        )


class WorkPlanNote(models.Model):
    """A dated progress note on a work-plan item; notes are never edited."""

    item = models.ForeignKey(
        WorkPlanItem, on_delete=models.CASCADE, related_name="notes", verbose_name=_("item")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    # On whose behalf the note is posted (the co-owner organisation or the country).
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
    )
    text = models.TextField(_("progress note"))
    status = models.CharField(
        _("status after this note"), max_length=12, choices=WorkPlanStatus.choices, blank=True
    )
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self):
        return f"{self.item}: {self.text[:40]}"


class DisseminationRecord(models.Model):
    """How a country shared the declaration's commitments nationally."""

    country = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        related_name="dissemination_records",
        verbose_name=_("country"),
    )
    held_on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=12, choices=DisseminationChannel.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(_("audience"), max_length=300, blank=True)
    # Language codes used (any ISO 639-1 code, e.g. "es", "qu", "ay").
    languages = models.JSONField(_("languages used"), default=list, blank=True)
    link = models.URLField(_("link"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("dissemination record")
        verbose_name_plural = _("dissemination records")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "held_on", "title"], name="dissemination_record_unique"
            )
        ]

    def __str__(self):
        return self.title


class GoodPractice(models.Model):
    """A documented practice, published after review by the secretariat."""

    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"))
    description = models.TextField(_("description"), blank=True)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="es"
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="good_practices",
        verbose_name=_("country of origin"),
    )
    mechanism = models.ForeignKey(
        RegionalMechanism,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="good_practices",
        verbose_name=_("mechanism of origin"),
    )
    commitments = models.ManyToManyField(
        "commitments.Commitment",
        related_name="good_practices",
        blank=True,
        verbose_name=_("related commitments"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="good_practices",
        verbose_name=_("submitted for"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=GoodPracticeStatus.choices,
        default=GoodPracticeStatus.SUBMITTED,
    )
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("good_practice_detail", args=[self.slug])


class GlossaryTerm(models.Model):
    """A key migration term in all six languages, shown to translators beside the text."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    term = models.CharField(_("term"), max_length=200)
    definition = models.TextField(_("definition"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        ordering = ["slug"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")

    def __str__(self):
        return self.term


class Flag(models.Model):
    """A user's report that a comment, proposal or assessment needs moderation."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    reason = models.CharField(_("reason"), max_length=20, choices=FlagReason.choices)
    note = models.TextField(_("details"), blank=True)
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="flags",
        verbose_name=_("flagged by"),
    )
    created_at = models.DateTimeField(_("flagged at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution_note = models.TextField(_("moderation note"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "flagged_by"],
                condition=Q(status="open"),
                name="flag_once_per_person",
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.get_reason_display()} – {self.content_type} {self.object_id}"


class ContactMessage(models.Model):
    """A message to a special coordinator, delivered by email without showing the address."""

    coordinator = models.ForeignKey(
        CountryCoordinator,
        on_delete=models.CASCADE,
        related_name="contact_messages",
        verbose_name=_("special coordinator"),
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contact_messages_sent",
        verbose_name=_("sender"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")

    def __str__(self):
        return self.subject
