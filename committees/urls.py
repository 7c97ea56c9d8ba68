from django.urls import include, path

urlpatterns = [
    path("", include("committees.urls_committees")),
    path("", include("committees.urls_briefings")),
    path("", include("committees.urls_proposals")),
]
