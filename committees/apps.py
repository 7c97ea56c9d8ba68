from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "committees"
    verbose_name = _("Action-package committees")

    def ready(self):
        # Register the committees' to-dos on the personal dashboard.
        from . import briefing_dashboard, proposal_dashboard  # noqa: F401
