from django.urls import path

from . import secretariat_views as views

urlpatterns = [
    path("secretariat/", views.secretariat, name="secretariat"),
    path(
        "secretariat/documents/<int:pk>/", views.secretariat_document, name="secretariat_document"
    ),
    path(
        "secretariat/documents/<int:pk>/<str:language>/",
        views.secretariat_document_file,
        name="secretariat_document_file",
    ),
    path("work-plan/", views.work_plan, name="work_plan"),
    path("work-plan/<slug:slug>/", views.work_plan_detail, name="work_plan_detail"),
    path("work-plan/<slug:slug>/items/<int:pk>/", views.work_plan_item, name="work_plan_item"),
    path("work-plan/<slug:slug>/export.csv", views.work_plan_export, name="work_plan_export"),
]
