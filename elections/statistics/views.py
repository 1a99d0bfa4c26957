"""The statistics pages: one per unit (city, district, township, committee) and round, with its
tables (sortable, static/js/statistics.js), its charts as SVG images and its exports. Drill-down:
each child's row opens its own page; a committee's page opens its count and election day."""
from flask import Blueprint, Response, abort, jsonify, redirect, render_template, url_for
from flask_login import current_user

from .. import access
from ..polling.issuance import rollup
from ..roles import READERS
from ..rounds import services as rounds
from ..view_helpers import breadcrumbs, download, round_or_404, unit_or_404
from . import charts, exports
from .report import report as make_report
from .tables import all_tables

bp = Blueprint("statistics", __name__, url_prefix="/stats")
# A chart is an image: it runs nothing and loads nothing; its own styles are all it needs.
CHART_CSP = "default-src 'none'; style-src 'unsafe-inline'"


@bp.get("/")
@access.roles(READERS)
def home():
    round_ = rounds.current_round() or abort(404)
    return redirect(url_for("statistics.page", round_id=round_.id, code=current_user.unit_code))


def _loaded(round_id: int, code: str):
    return make_report(round_or_404(round_id), unit_or_404(code))


@bp.get("/<int:round_id>/<code>")
@access.roles(READERS, unit_arg="code")
def page(round_id: int, code: str):
    report = _loaded(round_id, code)

    def link(child: str) -> str:
        return url_for("statistics.page", round_id=round_id, code=child)
    return render_template("statistics/unit.html", report=report, unit=report.unit, round=report.round,
                           breadcrumbs=breadcrumbs(report.unit), tables=all_tables(report, link),
                           chart_names=charts.NAMES if report.children else ("ages",), formats=exports.FORMATS)


@bp.get("/<int:round_id>/<code>/charts/<name>.svg")
@access.roles(READERS, unit_arg="code")
def chart(round_id: int, code: str, name: str):
    if name not in charts.NAMES:
        abort(404)
    response = Response(charts.draw(name, _loaded(round_id, code)), mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = CHART_CSP
    return response


@bp.get("/<int:round_id>/<code>/live")
@access.roles(READERS, unit_arg="code")
def live(round_id: int, code: str):
    """Ballots issued so far under the unit, for the page to follow election day every few seconds."""
    rolled = rollup(round_or_404(round_id), unit_or_404(code))
    return jsonify({"voting": rolled.voting, "electorate": rolled.electorate, "issued": rolled.issued,
                    "children": {c: {"electorate": e, "issued": i} for c, _n, _v, e, i in rolled.children}})


@bp.get("/<int:round_id>/<code>/export.<fmt>")
@access.roles(READERS, unit_arg="code")
def export(round_id: int, code: str, fmt: str):
    if fmt not in exports.FORMATS:
        abort(404)
    report = _loaded(round_id, code)
    data = exports.export(report, fmt, [b.name for b in breadcrumbs(report.unit)])
    return download(data, exports.filename(report, fmt), exports.MIMETYPES[fmt], inline=fmt == "pdf")
