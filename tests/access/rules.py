"""Declarations of who may reach each URL, checked by tests/access/test_access_control.py.

Every named URL of the project must be declared in one app's ``ACCESS`` mapping
(``tests/access/<app>.py``). A declaration says whether the URL is public, needs a
signed-in person, or needs a role, and names demo people (``seed_demo``'s keys) who
must be let in and refused.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


def _no_args():
    return []


@dataclass(frozen=True)
class Rule:
    kind: str  # "public", "login" or "role"
    args: Callable[[], list] = _no_args
    allowed: str = "public"  # demo person let in (login and role URLs)
    denied: str | None = None  # demo person refused (role URLs)
    denied_status: int = 403  # 404 where the object's existence is private
    method: str = "get"  # "post" for views that only accept POST
    ok: tuple = field(default=(200,))  # statuses that mean "let in" for a GET
    anonymous_status: int | None = None  # overrides the login redirect (rare)


def public(args=_no_args, ok=(200,)):
    return Rule("public", args=args, ok=ok)


def login(args=_no_args, allowed="public", method="get", ok=(200,)):
    return Rule("login", args=args, allowed=allowed, method=method, ok=ok)


def role(allowed, denied, args=_no_args, denied_status=403, method="get", ok=(200,), **kw):
    return Rule(
        "role",
        args=args,
        allowed=allowed,
        denied=denied,
        denied_status=denied_status,
        method=method,
        ok=ok,
        **kw,
    )


def staff(args=_no_args, denied="cso_admin", method="get", ok=(200,)):
    return role("staff", denied, args=args, method=method, ok=ok)
