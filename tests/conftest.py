import os

import pytest
from django.conf import settings

from portal.celery import app as celery_app

# Playwright's sync API runs an event loop in the test thread; Django's database
# setup must still be allowed there (live_server browser tests).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def pytest_configure(config):
    # pytest-django's settings fixture does not reach Celery: set eagerness here.
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = True


def require_services():
    return os.environ.get("REQUIRE_SERVICES") == "1"


def skip_or_fail(reason):
    """Skip for a missing service, or fail when REQUIRE_SERVICES=1 (CI)."""
    if require_services():
        pytest.fail(f"Required service missing: {reason}")
    pytest.skip(reason)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (queued emails) inside a test's transaction."""
    return django_capture_on_commit_callbacks


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in English, whatever an earlier test activated."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


DATA_MIGRATIONS = [
    ("portal.migrations.0002_reference_data", "seed_reference_data"),
    ("committees.migrations.0002_one_committee_per_action_package", "forwards"),
]


def restore_reference_data():
    """Re-run the idempotent data migrations after a transactional test flushed them."""
    import importlib

    from django.apps import apps

    from portal.models import Country

    if Country.objects.exists():
        return
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture
def reference_data(transactional_db):
    """Countries, pillars, packages and committees in a transactional test."""
    restore_reference_data()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Cached pages and rate-limit counters must not leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
