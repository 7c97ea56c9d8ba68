from django.urls import path

from . import views

urlpatterns = [
    path("tracker/", views.tracker, name="tracker"),
    path("tracker/export.csv", views.tracker_export_csv, name="tracker_export_csv"),
    path("tracker/export.json", views.tracker_export_json, name="tracker_export_json"),
    path("commitments/<int:pk>/", views.commitment_detail, name="commitment_detail"),
    path(
        "commitments/<int:pk>/updates/new/",
        views.progress_update_create,
        name="progress_update_create",
    ),
    path("commitments/<int:pk>/assessment/", views.assessment_edit, name="assessment_edit"),
]
