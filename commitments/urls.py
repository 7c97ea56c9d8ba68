from django.urls import path

from . import import_views, indicator_views, views

urlpatterns = [
    path("tracker/", views.tracker, name="tracker"),
    path("tracker/export.csv", views.tracker_export_csv, name="tracker_export_csv"),
    path("tracker/export.json", views.tracker_export_json, name="tracker_export_json"),
    path("tracker/reporting/", views.reporting_grid, name="reporting_grid"),
    path("commitments/<int:pk>/", views.commitment_detail, name="commitment_detail"),
    path(
        "commitments/<int:pk>/updates/new/",
        views.progress_update_create,
        name="progress_update_create",
    ),
    path(
        "commitments/<int:pk>/updates/<int:update_id>/edit/",
        views.progress_update_edit,
        name="progress_update_edit",
    ),
    path(
        "commitments/<int:pk>/updates/<int:update_id>/evidence/",
        views.progress_update_evidence,
        name="progress_update_evidence",
    ),
    path("commitments/<int:pk>/source/", views.commitment_source, name="commitment_source"),
    path("commitments/<int:pk>/assessment/", views.assessment_edit, name="assessment_edit"),
    path("commitments/<int:pk>/milestones/", views.milestones_manage, name="milestones_manage"),
    path(
        "commitments/<int:pk>/consultation/new/",
        views.consultation_open,
        name="consultation_open",
    ),
    path(
        "consultations/<int:consultation_id>/comments/",
        views.comment_create,
        name="comment_create",
    ),
    path(
        "consultations/<int:consultation_id>/response/",
        views.consultation_respond,
        name="consultation_respond",
    ),
    path("staff/comments/<int:comment_id>/hide/", views.comment_hide, name="comment_hide"),
    path(
        "staff/reporting-rounds/new/",
        views.reporting_round_create,
        name="reporting_round_create",
    ),
    path("indicators/", indicator_views.indicator_list, name="indicator_list"),
    path("indicators/matrices/", indicator_views.indicator_matrices, name="indicator_matrices"),
    path("indicators/propose/", indicator_views.indicator_propose, name="indicator_propose"),
    path("indicators/<slug:code>/", indicator_views.indicator_detail, name="indicator_detail"),
    path(
        "indicators/<slug:code>/data.csv",
        indicator_views.indicator_data_csv,
        name="indicator_data_csv",
    ),
    path(
        "indicators/<slug:code>/data/new/",
        indicator_views.indicator_data_create,
        name="indicator_data_create",
    ),
    path(
        "staff/indicators/<slug:code>/status/",
        indicator_views.indicator_set_status,
        name="indicator_set_status",
    ),
    path("open-data/", views.open_data, name="open_data"),
    path(
        "open-data/declaration-portal-open-data.zip",
        views.open_data_download,
        name="open_data_download",
    ),
    path(
        "staff/commitments/import/",
        import_views.commitments_import,
        name="commitments_import",
    ),
    path(
        "staff/commitments/import/template.csv",
        import_views.commitments_import_template,
        name="commitments_import_template",
    ),
    path("countries/<str:code>/", views.country_detail, name="country_detail"),
    path("pillars/<int:number>/", views.pillar_detail, name="pillar_detail"),
]
