"""Rate limits for forms that create records or send email (beyond allauth's own)."""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    """ "10/h" → (10, 3600)."""
    count, period = rate.split("/")
    return int(count), PERIODS[period]


def hit(scope, ident, rate):
    """Count one attempt; return False once ``rate`` is exceeded in the current window."""
    count, seconds = parse_rate(rate)
    window = int(time.time() // seconds)
    key = f"ratelimit:{scope}:{ident}:{window}"
    cache.add(key, 0, timeout=seconds + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds + 1)
        used = 1
    return used <= count


def rate_limited(scope):
    """Limit POSTs to a view per user (or IP) at ``settings.PORTAL_RATE_LIMITS[scope]``.

    Over the limit the view is not called and the user gets a 429 page that says
    when to try again, in their language.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            rate = getattr(settings, "PORTAL_RATE_LIMITS", {}).get(scope)
            if rate and request.method == "POST":
                user = request.user
                ident = f"u{user.pk}" if user.is_authenticated else request.META.get("REMOTE_ADDR")
                if not hit(scope, ident, rate):
                    _count, seconds = parse_rate(rate)
                    response = render(
                        request, "429.html", {"minutes": max(1, seconds // 60)}, status=429
                    )
                    response["Retry-After"] = str(seconds)
                    return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
