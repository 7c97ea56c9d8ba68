"""Readiness checks of the services the portal depends on, for ``/readyz``.

Each check gives up within ``CHECK_TIMEOUT`` seconds, so a Redis that is down or
hangs makes the probe answer "unavailable" instead of hanging it.
"""

from urllib.parse import urlsplit

from django.conf import settings

OK = "ok"
UNAVAILABLE = "unavailable"
# Tasks run in the web process (development, tests): there is no broker to need.
EAGER = "eager"
READY = {OK, EAGER}

CHECK_TIMEOUT = 1  # seconds, for connecting and for each answer
REDIS_SCHEMES = {"redis", "rediss"}
REDIS_CACHE_BACKEND = "django.core.cache.backends.redis.RedisCache"


def redis_status(url):
    """Whether the Redis server at ``url`` answers a PING within the timeout."""
    import redis

    client = redis.Redis.from_url(
        url,
        socket_connect_timeout=CHECK_TIMEOUT,
        socket_timeout=CHECK_TIMEOUT,
        retry_on_timeout=False,
    )
    try:
        client.ping()
    except (redis.RedisError, OSError):
        return UNAVAILABLE
    finally:
        client.close()
    return OK


def _redis_locations(alias="default"):
    config = settings.CACHES.get(alias, {})
    if config.get("BACKEND") != REDIS_CACHE_BACKEND:
        return []
    location = config.get("LOCATION", "")
    if isinstance(location, str):
        location = location.split(",")
    return [url.strip() for url in location if url.strip()]


def cache_status(cache):
    """Whether ``cache`` (the default cache) stores and returns a value.

    A Redis-backed cache is pinged first with a short timeout: Django's Redis client
    has no timeout of its own unless the settings give one, and would wait forever on
    a Redis that accepts connections but does not answer.
    """
    for url in _redis_locations():
        if redis_status(url) != OK:
            return UNAVAILABLE
    try:
        cache.set("readyz", "1", 5)
        return OK if cache.get("readyz") == "1" else UNAVAILABLE
    except Exception:  # noqa: BLE001 (any cache backend error means not ready)
        return UNAVAILABLE


def broker_status(app=None):
    """Whether the Celery broker accepts connections; "eager" when tasks run in-process."""
    if app is None:
        from portal.celery import app
    if app.conf.task_always_eager:
        return EAGER
    url = app.conf.broker_url or ""
    if urlsplit(url).scheme in REDIS_SCHEMES:
        return redis_status(url)
    try:
        with app.connection_for_write(connect_timeout=CHECK_TIMEOUT) as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=CHECK_TIMEOUT)
    except Exception:  # noqa: BLE001 (any transport error means not ready)
        return UNAVAILABLE
    return OK
