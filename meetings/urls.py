from django.urls import include, path

urlpatterns = [
    path("", include("meetings.urls_meetings")),
    path("", include("meetings.urls_calls")),
    path("", include("meetings.urls_selection")),
    path("", include("meetings.urls_checkin")),
]
