from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from . import audit, services
from .models import (
    ActionPackage,
    AuditEvent,
    Country,
    CountryCoordinator,
    Membership,
    Notification,
    Organisation,
    Pillar,
    RegionalMechanism,
    User,
)


class StaffToolsMixin:
    """Admin access follows the same predicate as the portal's staff tools."""

    def _allowed(self, request):
        return request.user.has_perm("portal.access_staff_tools")

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class StaffInlineMixin:
    """Inlines follow the staff-tools predicate, like the admins they sit in."""

    def _allowed(self, request):
        return request.user.has_perm("portal.access_staff_tools")

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)


class ReadOnlyInlineMixin(StaffInlineMixin):
    """Inlines that show records nobody edits here (history, submissions)."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(StaffToolsMixin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "preferred_language", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "preferred_language"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "preferred_language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def has_change_permission(self, request, obj=None):
        # Only superusers grant staff rights.
        return request.user.is_superuser


@admin.register(Country)
class CountryAdmin(StaffToolsMixin, TranslationAdmin):
    list_display = ["code", "name", "endorsed_on"]
    search_fields = ["code", "name"]


@admin.register(Pillar)
class PillarAdmin(StaffToolsMixin, TranslationAdmin):
    list_display = ["number", "name"]


@admin.register(ActionPackage)
class ActionPackageAdmin(StaffToolsMixin, TranslationAdmin):
    list_display = ["number", "name", "pillar"]
    list_filter = ["pillar"]
    search_fields = ["name"]
    filter_horizontal = ["lead_countries", "participating_countries"]


@admin.register(RegionalMechanism)
class RegionalMechanismAdmin(StaffToolsMixin, TranslationAdmin):
    list_display = ["name", "acronym", "website"]
    search_fields = ["name", "acronym"]
    filter_horizontal = ["member_countries"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["accepted_by", "accepted_at", "requested_at"]


@admin.register(Organisation)
class OrganisationAdmin(StaffToolsMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["name", "acronym", "kind", "level", "verified", "created_at"]
    list_filter = ["kind", "level", "verified", "countries"]
    search_fields = ["name", "acronym", "slug"]
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ["countries"]
    readonly_fields = ["verified_by", "verified_at", "created_by", "created_at"]
    inlines = [MembershipInline]
    actions = ["verify", "unverify"]

    @admin.action(description=_("Verify the selected organisations"))
    def verify(self, request, queryset):
        for organisation in queryset:
            services.organisation_verify(organisation=organisation, by=request.user)

    @admin.action(description=_("Withdraw verification of the selected organisations"))
    def unverify(self, request, queryset):
        for organisation in queryset:
            services.organisation_verify(organisation=organisation, by=request.user, verified=False)


@admin.register(Membership)
class MembershipAdmin(StaffToolsMixin, admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "accepted", "requested_at"]
    list_filter = ["role", "accepted"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Notification)
class NotificationAdmin(StaffToolsMixin, admin.ModelAdmin):
    list_display = ["recipient", "reason", "language", "created_at", "sent_at", "attempts"]
    list_filter = ["reason", "language"]
    search_fields = ["recipient__email", "subject"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(CountryCoordinator)
class CountryCoordinatorAdmin(StaffToolsMixin, admin.ModelAdmin):
    list_display = ["user", "country", "is_special_coordinator", "active"]
    list_filter = ["country", "active"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]

    def save_model(self, request, obj, form, change):
        fields = ["user_id", "country_id", "is_special_coordinator", "active"]
        before = None
        if change:
            before = audit.snapshot(CountryCoordinator.objects.get(pk=obj.pk), fields)
        super().save_model(request, obj, form, change)
        audit.record(
            action="coordinator.change" if change else "coordinator.designate",
            by=request.user,
            target=obj,
            before=before,
            after=audit.snapshot(obj, fields),
        )


@admin.register(AuditEvent)
class AuditEventAdmin(StaffToolsMixin, admin.ModelAdmin):
    """The audit log, readable by staff and changeable by nobody."""

    list_display = ["created_at", "actor", "action", "object_repr"]
    list_filter = ["action"]
    search_fields = ["action", "object_repr", "actor__email"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
