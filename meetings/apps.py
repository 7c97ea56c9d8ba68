from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Modules that register the meetings' to-dos on the personal dashboard.
DASHBOARD_MODULES = ("meeting_dashboard", "call_dashboard", "selection_dashboard")


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"
    verbose_name = _("Meetings and registration calls")

    def ready(self):
        from portal.modules import optional_modules

        list(optional_modules(self.name, DASHBOARD_MODULES))
