"""The shared core: people, organisations and the declaration's reference data."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .enums import Focus, Leadership, Level, MembershipRole, OrganisationKind, VerificationStatus


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person, identified by email address."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="es",
        help_text=_("Emails from the portal are written in this language."),
    )
    # Set when the person deleted their account: personal fields are then erased.
    deleted_at = models.DateTimeField(_("account deleted at"), null=True, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        if self.deleted_at is not None:
            return str(_("Former member"))
        return self.full_name or self.email

    def get_full_name(self):
        """The name shown on pages; never the email address, which is private."""
        if self.deleted_at is not None:
            return str(_("Former member"))
        return self.full_name or str(_("Member without a name"))

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Country(models.Model):
    """An endorsing state of the declaration (ISO 3166-1 alpha-2 code)."""

    code = models.CharField(_("ISO code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    endorsed_on = models.DateField(_("endorsed on"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("country_detail", args=[self.code])


class Pillar(models.Model):
    """One of the declaration's four pillars (I–IV)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")

    def __str__(self):
        return f"{self.roman}. {self.name}"

    def get_absolute_url(self):
        return reverse("pillar_detail", args=[self.number])

    @property
    def roman(self):
        return {1: "I", 2: "II", 3: "III", 4: "IV"}.get(self.number, str(self.number))


class ActionPackage(models.Model):
    """A theme under a pillar, followed by one committee of volunteer countries."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    pillar = models.ForeignKey(
        Pillar, on_delete=models.PROTECT, related_name="action_packages", verbose_name=_("pillar")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    lead_countries = models.ManyToManyField(
        Country, related_name="led_action_packages", blank=True, verbose_name=_("lead countries")
    )
    participating_countries = models.ManyToManyField(
        Country,
        related_name="action_packages",
        blank=True,
        verbose_name=_("participating countries"),
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("action package")
        verbose_name_plural = _("action packages")

    def __str__(self):
        return f"{self.number}. {self.name}"


class RegionalMechanism(models.Model):
    """Another regional migration process the declaration should articulate with."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    member_countries = models.ManyToManyField(
        Country, related_name="mechanisms", blank=True, verbose_name=_("member countries")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("regional mechanism")
        verbose_name_plural = _("regional mechanisms")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("mechanism_detail", args=[self.slug])


class Organisation(models.Model):
    """A civil-society organisation, university, government body or agency."""

    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"), blank=True)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="es"
    )
    website = models.URLField(_("website"), blank=True)
    countries = models.ManyToManyField(
        Country, related_name="organisations", blank=True, verbose_name=_("countries of operation")
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    # Lists of Focus / Leadership values; several may apply to one organisation.
    focus = models.JSONField(_("focus"), default=list, blank=True)
    leadership = models.JSONField(_("self-declared leadership"), default=list, blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # The verification queue's state; ``verified`` stays the flag permissions read.
    verification_status = models.CharField(
        _("verification status"),
        max_length=16,
        choices=VerificationStatus.choices,
        default=VerificationStatus.PENDING,
    )
    verification_note = models.TextField(
        _("note to the organisation"),
        blank=True,
        help_text=_("The reason for a refusal or the information requested."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        through_fields=("organisation", "user"),
        related_name="organisations",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisation_detail", args=[self.slug])

    @property
    def focus_labels(self):
        return [Focus(v).label for v in self.focus if v in Focus.values]

    @property
    def leadership_labels(self):
        return [Leadership(v).label for v in self.leadership if v in Leadership.values]


class Membership(models.Model):
    """A person's place in an organisation; requests await an admin's acceptance."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    accepted = models.BooleanField(_("accepted"), default=False)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__email"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"

    @property
    def is_admin(self):
        return self.accepted and self.role == MembershipRole.ADMIN


class Notification(models.Model):
    """One message to one person for one reason about one object.

    The unique constraint makes sending idempotent: a second attempt to notify the
    same recipient for the same reason and object finds the existing row.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    reason = models.CharField(_("reason"), max_length=80)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "reason", "content_type", "object_id"],
                name="notification_once_per_reason",
            )
        ]
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self):
        return f"{self.reason} → {self.recipient}"


class CountryCoordinator(models.Model):
    """A government official who reports for a country (e.g. its special coordinator)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="country_roles",
        verbose_name=_("person"),
    )
    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="coordinators", verbose_name=_("country")
    )
    is_special_coordinator = models.BooleanField(_("special coordinator"), default=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("country coordinator")
        verbose_name_plural = _("country coordinators")
        constraints = [
            models.UniqueConstraint(fields=["user", "country"], name="coordinator_unique")
        ]

    def __str__(self):
        return f"{self.user} – {self.country}"


class MechanismParticipation(models.Model):
    """An organisation's part in another regional migration process, with years."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="mechanism_participations",
        verbose_name=_("organisation"),
    )
    mechanism = models.ForeignKey(
        RegionalMechanism,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("regional mechanism"),
    )
    from_year = models.PositiveSmallIntegerField(_("from (year)"))
    to_year = models.PositiveSmallIntegerField(
        _("to (year)"), null=True, blank=True, help_text=_("Leave empty if still taking part.")
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    listed = models.BooleanField(
        _("list us on the mechanism's page"),
        default=False,
        help_text=_("The organisation agrees to appear on the mechanism's public page."),
    )

    class Meta:
        ordering = ["mechanism__name", "-from_year"]
        verbose_name = _("participation in a regional mechanism")
        verbose_name_plural = _("participations in regional mechanisms")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "mechanism"], name="mechanism_participation_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(to_year__isnull=True)
                | models.Q(to_year__gte=models.F("from_year")),
                name="mechanism_participation_years",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.mechanism}"


class AuditEvent(models.Model):
    """An append-only record of a decision or role change: who, when, before and after.

    Rows are never updated or deleted: the model refuses it, the admin offers no way
    to, and on PostgreSQL a trigger refuses it in the database too.
    """

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=60, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only.")
