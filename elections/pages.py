"""Pages that belong to no stage of the election: home, language switch, about."""
from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import current_user

from . import access
from .roles import ALL_ROLES, Role
from .rounds.services import current_round, elections_of_committee

bp = Blueprint("pages", __name__)


@bp.get("/")
@access.public
def home():
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    if current_user.role == Role.clerk:  # a clerk's world is the count of their committee (R-POLL-4)
        return render_template("home_clerk.html", elections=elections_of_committee(current_user.unit_code))
    if current_user.role == Role.issuer:  # an issuer's whole world is the issuance screen (R-POLL-3)
        return redirect(url_for("issuance.tablet"))
    if current_user.role == Role.department:
        # A vetting department's whole world is its queue (R-CAND-3).
        round_ = current_round()
        if round_ is None:
            return render_template("home_department.html")
        return redirect(url_for("vetting.queue", round_id=round_.id, unit_code=current_user.unit_code))
    return redirect(url_for("dashboard.unit", code=current_user.unit_code))


@bp.get("/lang/<lang>")
@access.public
def set_language(lang: str):
    if lang in ("zh", "en"):
        session["lang"] = lang
    target = request.referrer or ""
    host_url = request.host_url
    path = "/" + target[len(host_url):] if target.startswith(host_url) else ""
    return redirect(path if access.next_is_safe(path) else url_for("pages.home"))


@bp.get("/about")
@access.public
def about():
    return render_template("about.html")


@bp.get("/me")
@access.roles(ALL_ROLES)
def me():
    return render_template("me.html")
