from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from simple_history.admin import SimpleHistoryAdmin

from portal.admin import ReadOnlyInlineMixin, StaffInlineMixin, StaffToolsMixin

from .models import (
    Application,
    ApplicationAttachment,
    Criterion,
    InvitationRequest,
    Meeting,
    MeetingDocument,
    Participant,
    Question,
    Quota,
    RegistrationCall,
)

# The call's published method: frozen once the first application exists.
METHOD_FIELDS = [
    "seats",
    "seats_per_organisation",
    "waitlist_size",
    "require_verified",
    "eligible_countries",
    "min_reviews",
    "opens_at",
    "closes_at",
    "published_at",
]


def is_frozen(call):
    """Whether ``call``'s method is frozen, asked once per request and object."""
    if call is None or call.pk is None:
        return False
    if not hasattr(call, "_admin_method_frozen"):
        call._admin_method_frozen = call.method_frozen
    return call._admin_method_frozen


class MethodInlineMixin(StaffInlineMixin):
    """Questions, criteria and quotas of a call: read-only once its method is frozen."""

    def has_change_permission(self, request, obj=None):
        return self._allowed(request) and not is_frozen(obj)

    def has_add_permission(self, request, obj=None):
        return self._allowed(request) and not is_frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request) and not is_frozen(obj)


# --- Meetings ---------------------------------------------------------------------------


class MeetingDocumentInline(StaffInlineMixin, TranslationTabularInline):
    model = MeetingDocument
    extra = 0
    fields = ["kind", "title", "language", "file", "uploaded_by", "uploaded_at"]
    readonly_fields = ["uploaded_by", "uploaded_at"]


@admin.register(Meeting)
class MeetingAdmin(StaffToolsMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["title", "kind", "starts_at", "host_country", "status", "is_published"]
    list_filter = ["kind", "status", "is_published", "format", "host_country"]
    search_fields = ["title", "slug", "venue"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["host_country", "participating_organisations", "mechanisms"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    list_select_related = ["host_country"]
    inlines = [MeetingDocumentInline]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for document in formset.save(commit=False):
            if document.uploaded_by_id is None:
                document.uploaded_by = request.user
            document.save()
        for document in formset.deleted_objects:
            document.delete()
        formset.save_m2m()


@admin.register(InvitationRequest)
class InvitationRequestAdmin(StaffToolsMixin, admin.ModelAdmin):
    list_display = ["organisation", "country", "status", "requested_at", "answered_at"]
    list_filter = ["status", "country"]
    search_fields = ["organisation__name", "message"]
    autocomplete_fields = ["country", "organisation"]
    readonly_fields = ["requested_by", "requested_at", "answered_by", "answered_at"]
    list_select_related = ["organisation", "country"]
    date_hierarchy = "requested_at"


# --- Registration calls -----------------------------------------------------------------


class QuestionInline(MethodInlineMixin, TranslationStackedInline):
    model = Question
    extra = 0
    fields = ["text", "help_text", "required", "max_length", "position"]


class CriterionInline(MethodInlineMixin, TranslationStackedInline):
    model = Criterion
    extra = 0
    fields = ["name", "guide", "weight", "position"]


class QuotaInline(MethodInlineMixin, admin.TabularInline):
    model = Quota
    extra = 0
    fields = ["group", "target"]


@admin.register(RegistrationCall)
class RegistrationCallAdmin(StaffToolsMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["__str__", "kind", "opens_at", "closes_at", "seats", "results_published_at"]
    list_filter = ["kind", "meeting__kind"]
    search_fields = ["meeting__title", "meeting__slug"]
    date_hierarchy = "opens_at"
    autocomplete_fields = ["meeting", "eligible_countries", "panel"]
    readonly_fields = ["selection_run_at", "results_published_at", "cutoff_score", "created_at"]
    list_select_related = ["meeting"]
    inlines = [QuestionInline, CriterionInline, QuotaInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if is_frozen(obj):
            # Refused, not only hidden: a posted value for these fields is ignored.
            fields += [name for name in METHOD_FIELDS if name not in fields]
        return fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting")


class ParticipantInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = Participant
    extra = 0
    fields = [
        "full_name",
        "position",
        "email",
        "consent_listed",
        "registration_code",
        "checked_in_at",
    ]
    readonly_fields = fields


class ApplicationAttachmentInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = ApplicationAttachment
    extra = 0
    fields = ["title", "file", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


@admin.register(Application)
class ApplicationAdmin(StaffToolsMixin, admin.ModelAdmin):
    """Applications are read here; they change through the applicants' and staff pages."""

    list_display = [
        "reference",
        "organisation",
        "call",
        "status",
        "outcome",
        "score",
        "rank",
        "submitted_at",
    ]
    list_filter = ["status", "outcome", "call__meeting"]
    search_fields = ["organisation__name", "participants__full_name"]
    list_select_related = ["organisation", "call__meeting"]
    inlines = [ParticipantInline, ApplicationAttachmentInline]

    @admin.display(description=_("reference"))
    def reference(self, obj):
        return obj.reference

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
