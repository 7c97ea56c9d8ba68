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
