"""Whole-page cache for anonymous readers of public pages.

Public pages are the same for every anonymous reader in a language, so their
rendered responses are kept in the cache under a key that includes a data version.
Any save or delete of portal data bumps the version, so a publication shows at once;
entries also expire after ``PUBLIC_PAGE_CACHE_SECONDS``.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

VERSION_KEY = "public-pages:version"
# Apps whose data public pages show; a change in any of their models invalidates.
WATCHED_APPS = {"portal", "commitments", "committees", "meetings", "secretariat"}
IGNORED_MODELS = {"notification"}


def data_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY) or 1
    return version


def bump_version(**kwargs):
    """Invalidate every cached public page (called on any watched data change)."""
    sender = kwargs.get("sender")
    meta = getattr(sender, "_meta", None)
    if meta is not None and meta.model_name in IGNORED_MODELS:
        return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def connect_signals():
    from django.apps import apps

    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in WATCHED_APPS or meta.app_label.startswith("historical"):
            post_save.connect(bump_version, sender=model, weak=False)
            post_delete.connect(bump_version, sender=model, weak=False)
    m2m_changed.connect(bump_version, weak=False)


def cache_key(request):
    raw = f"{get_language()}|{request.get_full_path()}"
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"public-pages:{data_version()}:{digest}"


class PublicPageCacheMiddleware:
    """Serve cached pages to anonymous GETs of the URL names listed in settings."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.names = set(getattr(settings, "PUBLIC_PAGE_CACHE_URL_NAMES", ()))
        self.prefixes = tuple(getattr(settings, "PUBLIC_PAGE_CACHE_PREFIXES", ()))
        self.seconds = getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 600)

    def _cacheable_request(self, request):
        if request.method not in ("GET", "HEAD") or "messages" in request.COOKIES:
            return False
        if request.user.is_authenticated:
            return False
        match = request.resolver_match
        name = match.url_name if match else None
        return name in self.names or request.path.startswith(self.prefixes)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not self._cacheable_request(request):
            return None
        request._public_cache_key = cache_key(request)
        cached = cache.get(request._public_cache_key)
        if cached is not None:
            cached["X-Cache"] = "hit"
            return cached
        return None

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_public_cache_key", None)
        if (
            key
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
            and response.get("X-Cache") != "hit"
        ):
            cache.set(key, response, self.seconds)
        return response
