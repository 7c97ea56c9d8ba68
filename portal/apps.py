from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = _("Portal core")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import stamp_session_at_login
        from .page_cache import connect_signals

        connect_signals()
        user_logged_in.connect(stamp_session_at_login, dispatch_uid="portal_session_clock")
