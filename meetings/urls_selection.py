from django.urls import path

from . import selection_views as views

urlpatterns = [
    path("calls/<int:pk>/panel/", views.call_panel, name="call_panel"),
    path("applications/<int:pk>/review/", views.application_review, name="application_review"),
    path("calls/<int:pk>/report/", views.call_report, name="call_report"),
    path("calls/<int:pk>/report.csv", views.call_report_csv, name="call_report_csv"),
    # Staff tools live under staff/, where two-factor login is required.
    path("staff/calls/<int:pk>/selection/", views.call_selection, name="call_selection"),
    path("staff/applications/<int:pk>/override/", views.call_override, name="call_override"),
    path(
        "staff/calls/<int:pk>/publish/",
        views.call_publish_results,
        name="call_publish_results",
    ),
]
