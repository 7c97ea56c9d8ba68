from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from portal.admin import StaffToolsMixin

from .models import Commitment, CsoAssessment, ProgressUpdate


@admin.register(Commitment)
class CommitmentAdmin(StaffToolsMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["title", "pillar", "action_package", "status", "publication", "announced_on"]
    list_filter = ["publication", "status", "pillar", "action_package", "countries"]
    search_fields = ["title", "description"]
    filter_horizontal = ["countries"]
    date_hierarchy = "announced_on"


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(StaffToolsMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["commitment", "country", "status", "percent_complete", "published_at"]
    list_filter = ["status", "country"]
    search_fields = ["commitment__title", "text"]
    raw_id_fields = ["commitment", "author"]


@admin.register(CsoAssessment)
class CsoAssessmentAdmin(StaffToolsMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["commitment", "organisation", "rating", "updated_at"]
    list_filter = ["rating"]
    search_fields = ["commitment__title", "organisation__name", "text"]
    raw_id_fields = ["commitment", "organisation", "author"]
