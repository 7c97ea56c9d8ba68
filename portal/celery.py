"""The Celery app; configuration comes from Django settings (CELERY_*)."""

from celery import Celery

from portal.settings_module import configure

configure()

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
