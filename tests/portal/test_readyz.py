"""/readyz reports the database, the cache and the task broker, and never hangs."""

import os
import socket
import time
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import OperationalError

from portal import health
from portal.celery import app as celery_app
from tests.conftest import skip_or_fail

# A port nothing listens on: connections are refused at once.
CLOSED_REDIS = "redis://127.0.0.1:1/0"
REAL_REDIS = os.environ.get("CELERY_TEST_BROKER", "redis://127.0.0.1:6379/14")
REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"
# Generous against a loaded CI machine, far below a hung probe.
QUICK = 5


@contextmanager
def celery_conf(**conf):
    """Override the Celery app's configuration (pytest-django's settings don't reach it)."""
    previous = {key: celery_app.conf[key] for key in conf}
    celery_app.conf.update(conf)
    # The producer pool is bound to the broker URL it was first built with.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        celery_app.conf.update(previous)
        celery_app._pool = None
        celery_app.amqp._producer_pool = None


@contextmanager
def silent_redis():
    """A redis:// URL whose server accepts connections and never answers (a hung Redis).

    Nothing accepts on the socket: the kernel completes the handshake from its backlog.
    """
    server = socket.create_server(("127.0.0.1", 0), backlog=64)
    try:
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    finally:
        server.close()


def require_redis(url):
    if health.redis_status(url) != health.OK:
        skip_or_fail(f"Redis not reachable at {url}")


def readyz(client):
    started = time.monotonic()
    response = client.get("/readyz")
    return response, time.monotonic() - started


@pytest.mark.django_db
def test_readyz_ok_in_development_with_eager_tasks(client):
    response, _elapsed = readyz(client)

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "eager"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_ok_with_redis_broker_and_cache(client, settings):
    require_redis(REAL_REDIS)
    settings.CACHES = {"default": {"BACKEND": REDIS_CACHE, "LOCATION": REAL_REDIS}}

    with celery_conf(broker_url=REAL_REDIS, task_always_eager=False):
        response, _elapsed = readyz(client)

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_readyz_503_when_broker_refuses_connections(client):
    with celery_conf(broker_url=CLOSED_REDIS, task_always_eager=False):
        response, elapsed = readyz(client)

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "cache": "ok",
        "broker": "unavailable",
    }
    assert elapsed < QUICK


@pytest.mark.django_db
def test_readyz_503_quickly_when_broker_hangs(client):
    with silent_redis() as url, celery_conf(broker_url=url, task_always_eager=False):
        response, elapsed = readyz(client)

    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable"
    assert elapsed < QUICK


@pytest.mark.django_db
def test_readyz_checks_a_non_redis_broker_through_kombu(client):
    with celery_conf(broker_url="memory://", task_always_eager=False):
        response, _elapsed = readyz(client)

    assert response.status_code == 200
    assert response.json()["broker"] == "ok"


@pytest.mark.django_db
def test_readyz_503_when_redis_cache_refuses_connections(client, settings):
    settings.CACHES = {"default": {"BACKEND": REDIS_CACHE, "LOCATION": CLOSED_REDIS}}

    response, elapsed = readyz(client)

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "cache": "unavailable",
        "broker": "eager",
    }
    assert elapsed < QUICK


@pytest.mark.django_db
def test_readyz_503_quickly_when_redis_cache_hangs(client, settings):
    with silent_redis() as url:
        settings.CACHES = {"default": {"BACKEND": REDIS_CACHE, "LOCATION": url}}
        response, elapsed = readyz(client)

    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
    assert elapsed < QUICK


@pytest.mark.django_db
def test_readyz_503_when_cache_backend_fails(client):
    with mock.patch("django.core.cache.backends.locmem.LocMemCache.set", side_effect=OSError):
        response, _elapsed = readyz(client)

    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"


@pytest.mark.django_db
def test_readyz_503_when_database_unreachable_still_reports_the_rest(client):
    with mock.patch("portal.views.connection.cursor", side_effect=OperationalError("down")):
        response, _elapsed = readyz(client)

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "unavailable",
        "cache": "ok",
        "broker": "eager",
    }
