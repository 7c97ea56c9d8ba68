"""The access-control gate: every URL of the project is declared, and each declaration holds.

- public: an anonymous GET is answered.
- login: an anonymous request goes to the login page; a signed-in person is let in.
- role: anonymous → login; the wrong person → 403, or 404 where the object's existence
  is private; the right person is let in.
- every state-changing request without a CSRF token is refused (403).
"""

import importlib
import io
import pkgutil

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from portal.models import User

pytestmark = pytest.mark.django_db

# Third-party URL sets with their own tests: the admin (MFA and staff checks are tested
# in tests/portal/test_pages.py) and allauth's account pages.
THIRD_PARTY_MODULES = ("allauth", "django.views.static")
THIRD_PARTY_NAMESPACES = ("admin",)

DEMO_EMAILS = {
    "staff": "staff@demo.portal",
    "cso_admin": "cso-admin@demo.portal",
    "cso_member": "cso-member@demo.portal",
    "applicant": "applicant@demo.portal",
    "coordinator": "coordinator@demo.portal",
    "coordinator_ca": "coordinator-ca@demo.portal",
    "reviewer": "reviewer@demo.portal",
    "representative": "representative@demo.portal",
    "public": "member@demo.portal",
}


def _walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in THIRD_PARTY_NAMESPACES:
                continue
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            module = getattr(pattern.callback, "__module__", "")
            if module.startswith(THIRD_PARTY_MODULES):
                continue
            yield f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name


def project_url_names():
    return set(_walk(get_resolver().url_patterns))


def declarations():
    """Every app's ``ACCESS`` mapping, merged; a name declared twice is an error."""
    import tests.access as package

    merged = {}
    for info in pkgutil.iter_modules(package.__path__):
        if info.name in ("rules", "world") or info.name.startswith("test_"):
            continue
        module = importlib.import_module(f"tests.access.{info.name}")
        for name, rule in module.ACCESS.items():
            assert name not in merged, f"{name} is declared twice"
            merged[name] = rule
    return merged


def test_every_url_is_declared_and_every_declaration_is_a_url():
    names = project_url_names()
    declared = declarations()
    assert None not in names, "a URL pattern has no name: it cannot be declared"
    missing = sorted(names - set(declared))
    stale = sorted(set(declared) - names)
    assert not missing, f"URLs without an access declaration: {missing}"
    assert not stale, f"Declarations of URLs that do not exist: {stale}"


def _client(person=None, csrf=False):
    client = Client(enforce_csrf_checks=csrf)
    if person:
        client.force_login(User.objects.get(email=DEMO_EMAILS[person]))
    return client


def _request(client, method, url):
    return getattr(client, method)(url)


def _is_login_redirect(response):
    return response.status_code == 302 and reverse("account_login") in response["Location"]


def test_each_declaration_holds(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())
    translation.activate("en")
    failures = []
    anonymous = _client()
    people = {}
    for name, rule in sorted(declarations().items()):
        try:
            url = reverse(name, args=rule.args())
        except Exception as exc:  # noqa: BLE001 (report every broken declaration at once)
            failures.append(f"{name}: cannot build the URL ({exc!r})")
            continue

        def check(who, expected, response, description, url=url, name=name):
            if not expected(response):
                failures.append(
                    f"{name} {url}: {who} got {response.status_code} "
                    f"{response.get('Location', '')} — expected {description}"
                )

        response = _request(anonymous, rule.method, url)
        if rule.kind == "public":
            check("anonymous", lambda r, ok=rule.ok: r.status_code in ok, response, f"{rule.ok}")
            continue
        if rule.anonymous_status is not None:
            check(
                "anonymous",
                lambda r, status=rule.anonymous_status: r.status_code == status,
                response,
                str(rule.anonymous_status),
            )
        else:
            check("anonymous", _is_login_redirect, response, "a redirect to the login page")
        if rule.kind == "role":
            denied = people.setdefault(rule.denied, _client(rule.denied))
            response = _request(denied, rule.method, url)
            check(
                rule.denied,
                lambda r, status=rule.denied_status: r.status_code == status,
                response,
                str(rule.denied_status),
            )
        if rule.method == "get":
            allowed = people.setdefault(rule.allowed, _client(rule.allowed))
            response = _request(allowed, "get", url)
            check(rule.allowed, lambda r, ok=rule.ok: r.status_code in ok, response, f"{rule.ok}")
        # A state-changing request without the CSRF token is refused for the right person.
        response = _client(rule.allowed, csrf=True).post(url, {})
        check(
            f"{rule.allowed} (POST without CSRF token)",
            lambda r: r.status_code == 403,
            response,
            "403",
        )
    assert not failures, "\n".join(failures)
