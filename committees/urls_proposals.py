from django.urls import path

from . import proposal_views as views

urlpatterns = [
    path("committees/<slug:slug>/proposals/new/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/status/", views.proposal_transition, name="proposal_transition"),
    path(
        "proposals/<int:pk>/attachments/<int:attachment_id>/",
        views.proposal_attachment,
        name="proposal_attachment",
    ),
]
