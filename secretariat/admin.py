from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from portal.admin import StaffInlineMixin, StaffToolsMixin

from .models import (
    ContactMessage,
    DisseminationRecord,
    Document,
    DocumentFile,
    Flag,
    GlossaryTerm,
    GoodPractice,
    SecretariatSeat,
    WorkPlan,
    WorkPlanItem,
    WorkPlanNote,
)


class ReadOnlyAdminMixin:
    """Records kept as written: staff read them, nobody adds or edits them here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- Seats and documents ----------------------------------------------------------------


@admin.register(SecretariatSeat)
class SecretariatSeatAdmin(StaffToolsMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["holder_name", "role", "organisation", "country", "term_start", "term_end"]
    list_filter = ["role", "country"]
    search_fields = ["holder_name", "organisation__name", "how_chosen"]
    autocomplete_fields = ["holder", "organisation", "country"]
    raw_id_fields = ["selection_call"]
    list_select_related = ["organisation", "country"]
    date_hierarchy = "term_start"


class DocumentFileInline(StaffInlineMixin, admin.TabularInline):
    model = DocumentFile
    extra = 1
    fields = ["language", "file", "uploaded_at"]
    readonly_fields = ["uploaded_at"]


@admin.register(Document)
class DocumentAdmin(StaffToolsMixin, TranslationAdmin):
    list_display = ["title", "kind", "published_on", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["title", "summary"]
    readonly_fields = ["created_by"]
    date_hierarchy = "published_on"
    inlines = [DocumentFileInline]

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# --- Work plan --------------------------------------------------------------------------


class WorkPlanItemInline(StaffInlineMixin, TranslationStackedInline):
    model = WorkPlanItem
    extra = 0
    fields = [
        "number",
        "position",
        "action",
        "responsible_country",
        "responsible_body",
        "co_owner",
        "due_date",
        "status",
        "mechanisms",
    ]
    autocomplete_fields = ["responsible_country", "co_owner", "mechanisms"]


@admin.register(WorkPlan)
class WorkPlanAdmin(StaffToolsMixin, TranslationAdmin):
    list_display = ["title", "slug", "adopted_on", "meeting", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = ["meeting"]
    list_select_related = ["meeting"]
    date_hierarchy = "adopted_on"
    inlines = [WorkPlanItemInline]


class WorkPlanNoteInline(StaffInlineMixin, admin.TabularInline):
    model = WorkPlanNote
    extra = 0
    fields = ["created_at", "author", "organisation", "country", "status", "text"]
    readonly_fields = fields
    verbose_name_plural = _("progress notes (posted from the work-plan page)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkPlanItem)
class WorkPlanItemAdmin(StaffToolsMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = [
        "number",
        "action",
        "work_plan",
        "responsible_country",
        "co_owner",
        "due_date",
        "status",
    ]
    list_filter = ["status", "work_plan", "responsible_country"]
    search_fields = ["number", "action", "responsible_body", "co_owner__name"]
    autocomplete_fields = ["responsible_country", "co_owner", "mechanisms"]
    list_select_related = ["work_plan", "responsible_country", "co_owner"]
    readonly_fields = ["updated_at"]
    inlines = [WorkPlanNoteInline]


@admin.register(WorkPlanNote)
class WorkPlanNoteAdmin(ReadOnlyAdminMixin, StaffToolsMixin, admin.ModelAdmin):
    """Progress notes are never edited; they are posted from the work-plan page."""

    list_display = ["item", "author", "organisation", "country", "status", "created_at"]
    list_filter = ["status", "item__work_plan"]
    search_fields = ["text", "item__number", "organisation__name", "author__email"]
    list_select_related = ["item", "author", "organisation", "country"]
    readonly_fields = ["item", "author", "organisation", "country", "text", "status", "created_at"]
    date_hierarchy = "created_at"


# --- National coordination, practices, glossary -----------------------------------------


@admin.register(DisseminationRecord)
class DisseminationRecordAdmin(StaffToolsMixin, admin.ModelAdmin):
    list_display = ["title", "country", "held_on", "channel", "created_by"]
    list_filter = ["channel", "country"]
    search_fields = ["title", "description", "audience"]
    autocomplete_fields = ["country"]
    readonly_fields = ["created_by", "created_at"]
    list_select_related = ["country", "created_by"]
    date_hierarchy = "held_on"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(GoodPractice)
class GoodPracticeAdmin(StaffToolsMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["title", "country", "mechanism", "organisation", "status", "published_at"]
    list_filter = ["status", "country", "mechanism"]
    search_fields = ["title", "summary", "slug", "organisation__name"]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["country", "mechanism", "organisation"]
    raw_id_fields = ["commitments"]
    readonly_fields = ["submitted_by", "reviewed_by", "reviewed_at", "created_at"]
    list_select_related = ["country", "mechanism", "organisation"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(StaffToolsMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["term", "slug", "updated_at", "updated_by"]
    search_fields = ["term", "slug", "definition"]
    prepopulated_fields = {"slug": ("term",)}
    readonly_fields = ["updated_at", "updated_by"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


# --- Moderation and contact (read-only records) -----------------------------------------


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdminMixin, StaffToolsMixin, admin.ModelAdmin):
    """Flags are decided in the moderation queue, not here."""

    list_display = ["created_at", "reason", "content_type", "object_id", "status", "flagged_by"]
    list_filter = ["status", "reason", "content_type"]
    search_fields = ["note", "object_id", "flagged_by__email"]
    list_select_related = ["content_type", "flagged_by"]
    readonly_fields = [f.name for f in Flag._meta.fields]
    date_hierarchy = "created_at"


@admin.register(ContactMessage)
class ContactMessageAdmin(ReadOnlyAdminMixin, StaffToolsMixin, admin.ModelAdmin):
    """Messages to coordinators, for abuse handling; the body stays off the list."""

    list_display = ["created_at", "subject", "coordinator", "sender"]
    list_filter = ["coordinator__country"]
    search_fields = ["subject", "sender__email"]
    list_select_related = ["coordinator__user", "coordinator__country", "sender"]
    readonly_fields = ["coordinator", "sender", "subject", "body", "created_at"]
    date_hierarchy = "created_at"
