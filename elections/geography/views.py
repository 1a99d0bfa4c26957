import time

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from .. import access
from .codes import CITY_CODE, within
from ..roles import READERS
from ..clock import beijing_today
from ..rounds import services as rounds
from ..rounds.progress import progress
from . import services

bp = Blueprint("geography", __name__, url_prefix="/geo")


@bp.get("/")
@access.roles(READERS)
def city():
    if current_user.unit_code != CITY_CODE:
        return redirect(url_for("geography.unit", code=current_user.unit_code))
    return unit(code=CITY_CODE)


@bp.get("/<code>")
@access.roles(READERS, unit_arg="code")
def unit(code: str):
    division = services.get_unit(code)
    if division is None:
        abort(404)
    round_ = rounds.get_round(request.args.get("round", type=int)) or rounds.current_round()
    return render_template(
        "geography/unit.html",
        unit=division,
        breadcrumbs=[b for b in services.breadcrumbs(division) if within(current_user.unit_code, b.code)],
        children=services.children(division, include_inactive=True),
        counts=services.child_counts(division),
        progress=progress(round_, division, beijing_today()) if round_ else None,
    )


@bp.get("/search")
@access.roles(READERS)
def search():
    """Searches only inside the user's own jurisdiction."""
    q = request.args.get("q", "")
    started = time.perf_counter()
    results = services.search(q, current_user.unit_code)
    elapsed_ms = (time.perf_counter() - started) * 1000
    if request.accept_mimetypes.best == "application/json":
        return jsonify([{"code": d.code, "name": d.name, "level": d.level, "active": d.active} for d in results])
    return render_template("geography/search.html", q=q, results=results, elapsed_ms=elapsed_ms)
