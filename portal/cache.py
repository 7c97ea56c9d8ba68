"""The default cache: Redis, failing soft.

The cache holds only what can be rebuilt (rendered public pages, their data version,
rate-limit counters). With Redis down, reads miss and writes are dropped, so pages
are served uncached and submissions go through instead of every request failing.
Each failure is logged; the socket timeouts in CACHES keep a hung Redis from
holding requests for long.
"""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class FailSoftRedisCache(RedisCache):
    def _failed(self, operation):
        logger.warning("Cache %s failed; Redis unavailable.", operation, exc_info=True)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError:
            self._failed("get")
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError:
            self._failed("get_many")
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError:
            self._failed("has_key")
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError:
            self._failed("add")
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError:
            self._failed("set")

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError:
            self._failed("set_many")
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError:
            self._failed("touch")
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError:
            self._failed("delete")
            return False

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except RedisError:
            self._failed("delete_many")

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError:
            self._failed("incr")
            # As for a missing key: callers fall back to set() (a no-op now).
            raise ValueError(f"Key '{key}' not found.") from None

    def clear(self):
        try:
            return super().clear()
        except RedisError:
            self._failed("clear")
            return False
