from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from portal.admin import ReadOnlyInlineMixin, StaffInlineMixin, StaffToolsMixin

from .models import (
    AgendaItem,
    AgendaSuggestion,
    Briefing,
    BriefingDocument,
    Committee,
    CommitteeCoordinator,
    CsoRepresentative,
    Proposal,
    ProposalAttachment,
    ProposalTransition,
    SuggestionEndorsement,
)

# --- Committees, coordinators, representatives ------------------------------------------


class CoordinatorInline(StaffInlineMixin, admin.TabularInline):
    model = CommitteeCoordinator
    extra = 0
    autocomplete_fields = ["user", "country"]
    fields = ["user", "country", "role", "contact_email", "contact_phone", "active"]


class RepresentativeInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = CsoRepresentative
    extra = 0
    fields = ["user", "organisation", "term_start", "term_end", "is_current", "designated_by"]
    readonly_fields = fields
    ordering = ["-is_current", "-term_start"]
    verbose_name_plural = _("CSO representatives (designate them from the staff page)")


@admin.register(Committee)
class CommitteeAdmin(StaffToolsMixin, TranslationAdmin):
    list_display = ["action_package", "slug", "proposal_response_days"]
    list_filter = ["action_package__pillar", "member_countries"]
    search_fields = ["slug", "action_package__name", "description"]
    filter_horizontal = ["member_countries"]
    autocomplete_fields = ["followers"]
    readonly_fields = ["action_package"]
    inlines = [CoordinatorInline, RepresentativeInline]

    def get_readonly_fields(self, request, obj=None):
        # One committee per action package: the package is fixed once created.
        return self.readonly_fields if obj else []


@admin.register(CommitteeCoordinator)
class CommitteeCoordinatorAdmin(StaffToolsMixin, admin.ModelAdmin):
    list_display = ["user", "committee", "country", "role", "active"]
    list_filter = ["active", "role", "committee", "country"]
    search_fields = [
        "user__email",
        "user__full_name",
        "contact_email",
        "committee__slug",
        "committee__action_package__name",
    ]
    autocomplete_fields = ["user", "country", "committee"]
    list_select_related = ["user", "committee__action_package", "country"]


@admin.register(CsoRepresentative)
class CsoRepresentativeAdmin(StaffToolsMixin, SimpleHistoryAdmin):
    list_display = [
        "user",
        "organisation",
        "committee",
        "term_start",
        "term_end",
        "is_current",
        "designated_by",
    ]
    list_filter = ["is_current", "committee"]
    search_fields = [
        "user__email",
        "user__full_name",
        "organisation__name",
        "committee__slug",
        "committee__action_package__name",
    ]
    autocomplete_fields = ["user", "organisation", "committee"]
    readonly_fields = ["designated_by", "designated_at"]
    list_select_related = ["user", "organisation", "committee__action_package", "designated_by"]
    date_hierarchy = "term_start"

    def has_add_permission(self, request):
        # A designation goes through the staff page, which ends the current term,
        # records who did it and announces it.
        return False


# --- Briefings and agendas --------------------------------------------------------------


class AgendaItemInline(StaffInlineMixin, TranslationStackedInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["commitments"]
    raw_id_fields = ["suggestion"]


class BriefingDocumentInline(StaffInlineMixin, admin.TabularInline):
    model = BriefingDocument
    extra = 0


@admin.register(Briefing)
class BriefingAdmin(StaffToolsMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["title", "committee", "starts_at", "status", "agenda_published_at"]
    list_filter = ["status", "committee"]
    search_fields = ["title", "committee__slug", "committee__action_package__name", "place"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["committee"]
    readonly_fields = ["created_at"]
    list_select_related = ["committee__action_package"]
    inlines = [AgendaItemInline, BriefingDocumentInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(StaffToolsMixin, TranslationAdmin):
    list_display = ["title", "briefing", "order", "source"]
    list_filter = ["source", "briefing__committee"]
    search_fields = ["title", "description", "briefing__title"]
    autocomplete_fields = ["briefing", "commitments"]
    raw_id_fields = ["suggestion"]
    list_select_related = ["briefing__committee__action_package"]


class EndorsementInline(StaffInlineMixin, admin.TabularInline):
    model = SuggestionEndorsement
    extra = 0
    autocomplete_fields = ["organisation", "user"]
    readonly_fields = ["created_at"]


@admin.register(AgendaSuggestion)
class AgendaSuggestionAdmin(StaffToolsMixin, admin.ModelAdmin):
    list_display = ["title", "briefing", "organisation", "status", "created_at"]
    list_filter = ["status", "briefing__committee"]
    search_fields = ["title", "rationale", "organisation__name", "briefing__title"]
    autocomplete_fields = ["briefing", "organisation", "author", "decided_by"]
    readonly_fields = ["created_at", "decided_at"]
    list_select_related = ["briefing__committee__action_package", "organisation"]
    date_hierarchy = "created_at"
    inlines = [EndorsementInline]


@admin.register(SuggestionEndorsement)
class SuggestionEndorsementAdmin(StaffToolsMixin, admin.ModelAdmin):
    list_display = ["suggestion", "organisation", "user", "created_at"]
    list_filter = ["suggestion__briefing__committee"]
    search_fields = ["suggestion__title", "organisation__name", "user__email"]
    autocomplete_fields = ["organisation", "user"]
    raw_id_fields = ["suggestion"]
    list_select_related = ["suggestion", "organisation", "user"]


@admin.register(BriefingDocument)
class BriefingDocumentAdmin(StaffToolsMixin, admin.ModelAdmin):
    list_display = ["title", "briefing", "language", "uploaded_at"]
    list_filter = ["language", "briefing__committee"]
    search_fields = ["title", "briefing__title"]
    autocomplete_fields = ["briefing"]
    list_select_related = ["briefing__committee__action_package"]


# --- Proposals --------------------------------------------------------------------------


class AttachmentInline(StaffInlineMixin, admin.TabularInline):
    model = ProposalAttachment
    extra = 0
    readonly_fields = ["original_name", "kind", "size", "uploaded_at"]


class TransitionInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = ProposalTransition
    extra = 0
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields


@admin.register(Proposal)
class ProposalAdmin(StaffToolsMixin, SimpleHistoryAdmin):
    list_display = [
        "title",
        "committee",
        "organisation",
        "kind",
        "visibility",
        "status",
        "submitted_at",
        "response_due",
    ]
    list_filter = ["status", "kind", "visibility", "language", "committee"]
    search_fields = ["title", "text", "response", "organisation__name", "author__email"]
    autocomplete_fields = ["committee", "organisation", "author"]
    readonly_fields = ["submitted_at", "responded_at"]
    list_select_related = ["committee__action_package", "organisation"]
    date_hierarchy = "submitted_at"
    inlines = [AttachmentInline, TransitionInline]


@admin.register(ProposalAttachment)
class ProposalAttachmentAdmin(StaffToolsMixin, admin.ModelAdmin):
    list_display = ["original_name", "proposal", "kind", "size", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["original_name", "proposal__title"]
    raw_id_fields = ["proposal"]
    readonly_fields = ["kind", "size", "uploaded_at"]


@admin.register(ProposalTransition)
class ProposalTransitionAdmin(StaffToolsMixin, admin.ModelAdmin):
    list_display = ["proposal", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status", "proposal__committee"]
    search_fields = ["proposal__title", "note", "by__email"]
    list_select_related = ["proposal", "by"]
    date_hierarchy = "at"

    def has_change_permission(self, request, obj=None):
        # The record of who changed what stays as it was written.
        return False

    def has_add_permission(self, request):
        return False
