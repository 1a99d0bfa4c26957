"""Wiring of the web app: blueprints, log-in, error pages, template helpers and CLI groups."""

from flask import Flask, has_request_context, render_template, request, session
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.routing import IntegerConverter

from . import transactions
from .access import can
from .accounts.forms import ROLE_LABELS
from .accounts.models import User
from .clock import beijing_time
from .extensions import db, login_manager
from .geography.codes import CITY_CODE
from .law.catalogue import RULESET_NAMES
from .law.views import rule_links
from .rounds.switch import round_bar


CSP = "default-src 'self'; frame-ancestors 'none'; form-action 'self'"


class DatabaseInteger(IntegerConverter):
    """An `<int:…>` of a URL as the database holds ids: a number beyond 64 bits is not found (404)
    rather than an overflow inside the database driver (500)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(url_map, *args, **kwargs)


def register_web(app: Flask) -> None:
    from .accounts.cli import users_cli
    from .accounts.views import bp as accounts_bp
    from .audit.views import bp as audit_bp
    from .candidates.vetting.views import bp as vetting_bp
    from .candidates.views import bp as candidates_bp
    from .candidates.overview_views import bp as candidate_overview_bp
    from .dashboard import bp as dashboard_bp
    from .demo import demo_cli
    from .documents.cli import documents_cli
    from .documents.views import bp as documents_bp
    from .documents.views import verify_bp
    from .law.views import bp as law_bp
    from .geography.cli import geo_cli
    from .geography.views import bp as geography_bp
    from .pages import bp as pages_bp
    from .polling.api import bp as issuance_bp
    from .polling.cli import polling_cli
    from .polling.views import bp as polling_bp
    from .results.cli import results_cli
    from .results.views import bp as results_bp
    from .rolls.cli import rolls_cli
    from .rolls.import_views import bp as roll_imports_bp
    from .rolls.views import bp as rolls_bp
    from .rounds.cli import rounds_cli
    from .rounds.views import bp as rounds_bp
    from .statistics.cli import stats_cli
    from .statistics.views import bp as statistics_bp
    from .tallies.views import bp as tallies_bp

    app.url_map.converters["int"] = DatabaseInteger
    for bp in (pages_bp, accounts_bp, dashboard_bp, geography_bp, audit_bp, documents_bp, rounds_bp, results_bp, rolls_bp,
               roll_imports_bp, candidate_overview_bp, candidates_bp, vetting_bp, law_bp, polling_bp, issuance_bp,
               tallies_bp, verify_bp, statistics_bp):
        app.register_blueprint(bp)
    for group in (geo_cli, users_cli, demo_cli, rounds_cli, results_cli, rolls_cli, polling_cli,
                  documents_cli, stats_cli):
        app.cli.add_command(group)
    transactions.install(app)

    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    # "basic", not "strong": a clerk's tablet that changes network on election night must not be
    # logged out in the middle of a tally; the session cookie is still bound to this site.
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(session_id: str):
        """The account of a session: its id and session version (User.get_id) must both match, so a
        session ended by logout, a new password or deactivation stays ended."""
        user_id, _dot, version = session_id.partition(".")
        if not (user_id.isdigit() and version.isdigit() and int(user_id) < 2**63):
            return None
        user = db.session.get(User, int(user_id))
        if user is None or not user.active or user.session_version != int(version):
            return None
        return user

    @app.context_processor
    def helpers():
        return {"can": can, "locale": str(get_locale()), "role_labels": ROLE_LABELS,
                "CITY_CODE": CITY_CODE, "current_user": current_user, "ruleset_names": RULESET_NAMES,
                "round_bar": round_bar() if has_request_context() and request.endpoint and current_user.is_authenticated
                else None}

    def error_page(status: int, message: str):
        return render_template("errors/error.html", status=status, message=message), status

    app.register_error_handler(403, lambda e: error_page(403, _(
        "You do not have access to this page: it is outside your role or your jurisdiction.")))
    app.register_error_handler(404, lambda e: error_page(404, _("This page does not exist.")))
    app.register_error_handler(429, lambda e: error_page(429, _(
        "You have looked up personal data too often in a short time. Wait a few minutes and try again.")))
    app.register_error_handler(413, lambda e: error_page(413, _(
        "The file is larger than this site accepts (%(mb)s MB); nothing was saved. Load it with the "
        "command line (flask rolls import) or split it by township.", mb=app.config["MAX_CONTENT_LENGTH"] // 2**20)))
    app.register_error_handler(CSRFError, lambda e: error_page(400, _(
        "The form has expired or was not sent by this site. Reload the page and try again; nothing was saved.")))
    app.register_error_handler(500, lambda e: error_page(500, _(
        "Something went wrong on the server; nothing was saved. Please try again.")))

    app.add_template_filter(rule_links)

    app.add_template_filter(beijing_time)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        # Pages carry no inline script or style (tests/test_csp.py holds them to it).
        response.headers.setdefault("Content-Security-Policy", CSP)
        if app.config.get("HTTPS"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        # Asked of the session, not of the account's row: a request that ended its read transaction
        # (transactions.declare_write) would load the row again inside its write.
        if "_user_id" in session and request.endpoint != "static":
            # Every page behind the login may show personal data: no copy in any cache or history.
            response.headers["Cache-Control"] = "no-store"
        return response
