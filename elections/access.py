"""Every route declares who may reach it; create_app refuses to start if one does not.

Following Arlo's start-up check: a forgotten decorator is a crash at boot, not a silent hole.
A declaration names the roles allowed and, for routes about one unit, the URL argument that
holds the unit's code: the request is refused unless that unit lies in the user's jurisdiction.
"""
from dataclasses import dataclass
from functools import wraps
from urllib.parse import unquote, urlsplit

from flask import abort, current_app, request
from flask_login import current_user

from .extensions import login_manager
from .geography.codes import within
from .roles import ALL_ROLES


API_PREFIX = "/api/"


@dataclass(frozen=True)
class Access:
    public: bool = False
    roles: frozenset = frozenset()
    unit_arg: str | None = None

    def allows(self, user, unit_code: str | None = None) -> bool:
        """Whether `user` may use the route (for `unit_code`, when the route is about a unit)."""
        if self.public:
            return True
        if not getattr(user, "is_authenticated", False) or user.role not in self.roles:
            return False
        if self.unit_arg and unit_code is not None:
            return within(user.unit_code, unit_code)
        return True


def _declare(rule: Access):
    def decorator(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not rule.public:
                if not current_user.is_authenticated:
                    if request.path.startswith(API_PREFIX):  # a script gets an answer, not the login page
                        abort(401)
                    return login_manager.unauthorized()
                unit_code = kwargs.get(rule.unit_arg) if rule.unit_arg else None
                if not rule.allows(current_user, unit_code):
                    abort(403)
            return view(*args, **kwargs)

        guarded.access = rule
        return guarded

    return decorator


def public(view):
    """Reachable without logging in (login page, language switch, about page)."""
    return _declare(Access(public=True))(view)


def roles(allowed, *, unit_arg: str | None = None):
    """Logged-in users with one of `allowed` roles; with `unit_arg`, only inside their jurisdiction.

    Routes without `unit_arg` must scope their queries to `current_user.unit_code` themselves.
    """
    allowed = frozenset(allowed)
    unknown = allowed - ALL_ROLES
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")
    return _declare(Access(roles=allowed, unit_arg=unit_arg))


def undeclared_endpoints(app) -> list[str]:
    return sorted(
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and not isinstance(getattr(view, "access", None), Access)
    )


def check_declarations(app) -> None:
    missing = undeclared_endpoints(app)
    if missing:
        raise RuntimeError(
            "Every route must declare its access (elections.access.public or .roles); "
            f"undeclared: {', '.join(missing)}"
        )


def can(endpoint: str, **values) -> bool:
    """For templates: show a link only to those who may follow it."""
    view = current_app.view_functions.get(endpoint)
    rule = getattr(view, "access", None)
    if rule is None:
        return False
    return rule.allows(current_user, values.get(rule.unit_arg) if rule.unit_arg else None)


def next_is_safe(target: str | None) -> bool:
    """Only redirect to a path on this site. Browsers drop tabs and line breaks from a URL and read
    a backslash as a slash, so `/\t/evil.example` would become `//evil.example`: any of them refuses."""
    if not target:
        return False
    for form in (target, unquote(target)):  # and as a server or browser might decode it once more
        if any(c.isspace() or ord(c) < 32 or c == "\\" for c in form):
            return False
        parts = urlsplit(form)
        if not form.startswith("/") or form.startswith("//") or parts.scheme or parts.netloc:
            return False
    return True


