import time

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

STAFF_PREFIXES = ("/admin/",)


def user_has_totp(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def is_staff_path(path):
    if path.startswith(STAFF_PREFIXES):
        return True
    # Staff tools live under /<lang>/staff/.
    parts = path.split("/", 3)
    return len(parts) > 2 and parts[2] == "staff"


class StaffMfaRequiredMiddleware:
    """Staff reach staff tools (and the admin) only once two-factor login is on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff
            and is_staff_path(request.path)
            and not user_has_totp(user)
        ):
            messages.warning(
                request,
                _("Staff tools require two-factor authentication. Set it up to continue."),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# The admin and the browsable API ship inline scripts and styles of their own.
CSP_RELAXED_PREFIXES = ("/admin/", "/api/")
CSP_RELAXED = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
).replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")


class ContentSecurityPolicyMiddleware:
    """Pages run no inline script: the policy says so to the browser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        relaxed = request.path.startswith(CSP_RELAXED_PREFIXES)
        response.headers.setdefault(
            "Content-Security-Policy", CSP_RELAXED if relaxed else CONTENT_SECURITY_POLICY
        )
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


SESSION_STARTED_KEY = "_portal_signed_in_at"
SESSION_SEEN_KEY = "_portal_last_seen_at"
# Writing the session on every request would cost a query each time; a minute's
# precision is enough for an idle timeout counted in hours.
SEEN_RESOLUTION = 60


class SessionTimeoutMiddleware:
    """Sign people out after an idle period and after an absolute session lifetime."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.contrib.auth import logout

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.get(SESSION_STARTED_KEY, now)
            seen = session.get(SESSION_SEEN_KEY, now)
            if (
                now - seen > settings.SESSION_IDLE_TIMEOUT
                or now - started > settings.SESSION_ABSOLUTE_TIMEOUT
            ):
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
                return redirect(f"{reverse('account_login')}?next={request.path}")
            if SESSION_STARTED_KEY not in session:
                session[SESSION_STARTED_KEY] = now
            if now - seen >= SEEN_RESOLUTION or SESSION_SEEN_KEY not in session:
                session[SESSION_SEEN_KEY] = now
        return self.get_response(request)


def stamp_session_at_login(sender, request, user, **kwargs):
    """Start the session clocks at sign-in (the login saves the session anyway)."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SESSION_STARTED_KEY] = now
        request.session[SESSION_SEEN_KEY] = now
