import importlib

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Modules that register the secretariat's to-dos on the personal dashboard.
DASHBOARD_MODULES = ("secretariat_dashboard", "staff_dashboard", "national_dashboard")


class SecretariatConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "secretariat"
    verbose_name = _("Technical secretariat")

    def ready(self):
        for name in DASHBOARD_MODULES:
            try:
                importlib.import_module(f"{self.name}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{self.name}.{name}":
                    raise
