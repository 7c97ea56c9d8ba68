from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Modules that register the secretariat's to-dos on the personal dashboard.
DASHBOARD_MODULES = ("secretariat_dashboard", "staff_dashboard", "national_dashboard")


class SecretariatConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "secretariat"
    verbose_name = _("Technical secretariat")

    def ready(self):
        from portal.modules import optional_modules

        list(optional_modules(self.name, DASHBOARD_MODULES))
