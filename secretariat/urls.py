from django.urls import include, path

urlpatterns = [
    path("", include("secretariat.urls_secretariat")),
    path("", include("secretariat.urls_staff")),
    path("", include("secretariat.urls_national")),
]
