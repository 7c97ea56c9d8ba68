from django.urls import path

from . import checkin_views as views

urlpatterns = [
    path(
        "staff/meetings/<slug:slug>/check-in/",
        views.meeting_check_in,
        name="meeting_check_in",
    ),
    path("meetings/participants/<int:pk>/qr.svg", views.participant_qr, name="participant_qr"),
]
