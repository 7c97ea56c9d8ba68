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
from django.urls import Resolver404, resolve
from django.utils import translation

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
    # Pages carry their language in the path; the API negotiates it from headers.
    language = translation.get_language_from_path(request.path_info) or "|".join(
        [request.GET.get("lang", ""), request.headers.get("Accept-Language", "")]
    )
    raw = f"{language}|{request.get_full_path()}"
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"public-pages:{data_version()}:{digest}"


class PublicPageCacheMiddleware:
    """Serve cached pages to anonymous GETs of the URL names listed in settings.

    It sits near the top of the middleware stack, so a hit skips sessions,
    authentication and the view. A request without a session cookie is anonymous by
    construction; one with a session cookie is never served from the cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.names = set(getattr(settings, "PUBLIC_PAGE_CACHE_URL_NAMES", ()))
        self.prefixes = tuple(getattr(settings, "PUBLIC_PAGE_CACHE_PREFIXES", ()))
        self.seconds = getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 600)

    def _cacheable(self, request):
        if request.method not in ("GET", "HEAD"):
            return False
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
            return False
        if request.path_info.startswith(self.prefixes):
            return True
        # Language-prefixed patterns only match under their own active language.
        language = translation.get_language_from_path(request.path_info)
        try:
            with translation.override(language or settings.LANGUAGE_CODE):
                match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.url_name in self.names

    def __call__(self, request):
        if not self._cacheable(request):
            return self.get_response(request)
        key = cache_key(request)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if response.status_code == 200 and not response.cookies and not response.streaming:
            cache.set(key, response, self.seconds)
        return response
