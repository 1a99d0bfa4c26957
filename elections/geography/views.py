import time

from flask import Blueprint, jsonify, render_template, request
from flask_login import current_user

from .. import access
from ..roles import READERS
from . import services

bp = Blueprint("geography", __name__, url_prefix="/geo")


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
