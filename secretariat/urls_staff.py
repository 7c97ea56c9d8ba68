from django.urls import path

from . import staff_views as views

urlpatterns = [
    path("staff/", views.staff_home, name="staff_home"),
    path(
        "staff/verification/",
        views.staff_verification_queue,
        name="staff_verification_queue",
    ),
    path(
        "staff/verification/<slug:slug>/",
        views.staff_verification_decide,
        name="staff_verification_decide",
    ),
    path("staff/moderation/", views.staff_moderation_queue, name="staff_moderation_queue"),
    path(
        "staff/moderation/<str:kind>/<int:pk>/",
        views.staff_moderation_decide,
        name="staff_moderation_decide",
    ),
    path("flag/<str:kind>/<int:pk>/", views.flag_create, name="flag_create"),
    path("staff/overdue/", views.staff_overdue, name="staff_overdue"),
    path("staff/translations/", views.staff_translations, name="staff_translations"),
    path(
        "staff/translations/<str:model>/<str:language>/",
        views.staff_translation_gaps,
        name="staff_translation_gaps",
    ),
    path(
        "staff/translations/<str:model>/<int:pk>/<str:language>/",
        views.staff_translation_edit,
        name="staff_translation_edit",
    ),
    path("glossary/", views.glossary, name="glossary"),
    path("staff/glossary/", views.staff_glossary, name="staff_glossary"),
    path("staff/glossary/new/", views.staff_glossary_new, name="staff_glossary_new"),
    path("staff/glossary/<slug:slug>/", views.staff_glossary_edit, name="staff_glossary_edit"),
]
