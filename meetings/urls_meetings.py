from django.urls import path

from . import meeting_views as views

# The national pages and documents come before "meetings/<slug>/", which would match them.
urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/national/", views.national_meeting_grid, name="national_meeting_grid"),
    path(
        "meetings/national/invitations/<int:pk>/answer/",
        views.invitation_request_answer,
        name="invitation_request_answer",
    ),
    path(
        "meetings/national/meeting/<slug:slug>/edit/",
        views.national_meeting_edit,
        name="national_meeting_edit",
    ),
    path(
        "meetings/national/<str:code>/new/",
        views.national_meeting_create,
        name="national_meeting_create",
    ),
    path(
        "meetings/national/<str:code>/invitation/",
        views.invitation_request_create,
        name="invitation_request_create",
    ),
    path(
        "meetings/national/<str:code>/invitations/",
        views.invitation_request_list,
        name="invitation_request_list",
    ),
    path("meetings/documents/<int:pk>/", views.meeting_document, name="meeting_document"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<slug:slug>/meeting.ics", views.meeting_ics, name="meeting_ics"),
]
