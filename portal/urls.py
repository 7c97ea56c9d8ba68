from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import account_views, audit_views, views

# The admin signs in through allauth (two-factor step, rate limits), never its own form.
admin.site.login = login_required(admin.site.login)
admin.site.site_header = _("Declaration Portal administration")
admin.site.site_title = _("Declaration Portal")

handler500 = "portal.errors.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("commitments.api_urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("", include("commitments.urls")),
    path("", include("committees.urls")),
    path("", include("meetings.urls")),
    path("", include("secretariat.urls")),
    path("", include("portal.urls_search")),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/profile/", views.profile, name="profile"),
    path("dashboard/my-data/", account_views.my_data, name="my_data"),
    path("dashboard/my-data/download/", account_views.my_data_download, name="my_data_download"),
    path("dashboard/my-data/delete/", account_views.account_delete, name="account_delete"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<slug:slug>/join/", views.organisation_join, name="organisation_join"),
    path(
        "organisations/<slug:slug>/members/<int:membership_id>/",
        views.membership_decide,
        name="membership_decide",
    ),
    path(
        "staff/organisations/<slug:slug>/verify/",
        views.organisation_verify,
        name="organisation_verify",
    ),
    path("countries/", views.country_list, name="country_list"),
    path("staff/audit/", audit_views.audit_log, name="audit_log"),
    prefix_default_language=True,
)
