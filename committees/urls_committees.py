from django.urls import path

from . import committee_views as views

urlpatterns = [
    path("committees/", views.committee_list, name="committee_list"),
    path("committees/<slug:slug>/", views.committee_detail, name="committee_detail"),
    path("committees/<slug:slug>/follow/", views.committee_follow, name="committee_follow"),
    path(
        "staff/committees/<slug:slug>/representative/",
        views.representative_designate,
        name="representative_designate",
    ),
]
