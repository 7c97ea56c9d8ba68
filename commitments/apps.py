from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "commitments"
    verbose_name = _("Commitments and monitoring")

    def ready(self):
        from . import dashboard  # noqa: F401 (registers the dashboard to-dos)
