import importlib

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Modules that register the meetings' to-dos on the personal dashboard.
DASHBOARD_MODULES = ("meeting_dashboard", "call_dashboard", "selection_dashboard")


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"
    verbose_name = _("Meetings and registration calls")

    def ready(self):
        for name in DASHBOARD_MODULES:
            try:
                importlib.import_module(f"{self.name}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{self.name}.{name}":
                    raise
