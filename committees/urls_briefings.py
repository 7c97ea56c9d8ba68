from django.urls import path

from . import briefing_views as views

BRIEFING = "committees/<slug:slug>/briefings/<int:pk>/"

urlpatterns = [
    path("committees/<slug:slug>/briefings/new/", views.briefing_create, name="briefing_create"),
    path(BRIEFING, views.briefing_detail, name="briefing_detail"),
    path(f"{BRIEFING}agenda/", views.briefing_agenda, name="briefing_agenda"),
    path(f"{BRIEFING}suggest/", views.suggestion_create, name="suggestion_create"),
    path(f"{BRIEFING}report/", views.briefing_report, name="briefing_report"),
    path(
        f"{BRIEFING}documents/<int:doc_id>/",
        views.briefing_document,
        name="briefing_document",
    ),
    path(f"{BRIEFING}briefing.ics", views.briefing_ics, name="briefing_ics"),
    path("committees/<slug:slug>/calendar.ics", views.committee_ics, name="committee_ics"),
    path("suggestions/<int:pk>/endorse/", views.suggestion_endorse, name="suggestion_endorse"),
    path("suggestions/<int:pk>/decide/", views.suggestion_decide, name="suggestion_decide"),
]
