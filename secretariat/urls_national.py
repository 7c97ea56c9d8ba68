from django.urls import path

from . import national_views as views

urlpatterns = [
    path(
        "countries/<str:code>/contact/<int:coordinator_pk>/",
        views.coordinator_contact,
        name="coordinator_contact",
    ),
    path(
        "countries/<str:code>/dissemination/new/",
        views.dissemination_create,
        name="dissemination_create",
    ),
    path("mechanisms/", views.mechanism_list, name="mechanism_list"),
    path("mechanisms/<slug:slug>/", views.mechanism_detail, name="mechanism_detail"),
    path(
        "organisations/<slug:slug>/mechanisms/",
        views.organisation_mechanisms,
        name="organisation_mechanisms",
    ),
    path("good-practices/", views.good_practice_list, name="good_practice_list"),
    # Before the slug pattern: "new" is not a practice.
    path("good-practices/new/", views.good_practice_create, name="good_practice_create"),
    path("good-practices/<slug:slug>/", views.good_practice_detail, name="good_practice_detail"),
    path("good-practices/<slug:slug>/edit/", views.good_practice_edit, name="good_practice_edit"),
    path(
        "staff/good-practices/<slug:slug>/review/",
        views.good_practice_review,
        name="good_practice_review",
    ),
]
