"""URLs of the read-only public API, mounted at ``/api/v1/`` (no language prefix)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import api

app_name = "api"

router = DefaultRouter()
for prefix, viewset, basename in api.ENDPOINTS:
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path(
        "schema/",
        SpectacularAPIView.as_view(),
        name="schema",
    ),
    path("docs/", api.api_docs, name="docs"),
    path("", include(router.urls)),
]
