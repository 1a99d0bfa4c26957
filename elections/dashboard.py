"""The unit dashboard, where every official lands: a unit of the tree, its children, and the
current round's progress below it. It lives outside `geography`, which knows the tree and nothing
of elections."""
from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_login import current_user

from . import access
from .clock import beijing_today
from .geography import services as geo
from .geography.codes import CITY_CODE
from .roles import READERS
from .rounds import services as rounds
from .polling.issuance import rollup
from .rounds.progress import progress
from .rounds.progress_tables import tables as progress_tables
from .view_helpers import XLSX, breadcrumbs, download, unit_or_404
from .workbooks import xlsx

bp = Blueprint("dashboard", __name__, url_prefix="/geo")


@bp.get("/")
@access.roles(READERS)
def city():
    if current_user.unit_code != CITY_CODE:
        return redirect(url_for("dashboard.unit", code=current_user.unit_code))
    return unit(code=CITY_CODE)


@bp.get("/<code>")
@access.roles(READERS, unit_arg="code")
def unit(code: str):
    division = unit_or_404(code)
    round_ = rounds.get_round(request.args.get("round", type=int)) or rounds.current_round()
    return render_template(
        "dashboard/unit.html",
        unit=division,
        breadcrumbs=breadcrumbs(division),
        children=geo.children(division, include_inactive=True),
        counts=geo.child_counts(division),
        progress=progress(round_, division, beijing_today()) if round_ else None,
        turnout=rollup(round_, division) if round_ else None,
    )


@bp.get("/<code>/progress.xlsx")
@access.roles(READERS, unit_arg="code")
def progress_export(code: str):
    """The progress tables of the unit page as XLSX, in Chinese as districts file them."""
    division = unit_or_404(code)
    round_ = rounds.get_round(request.args.get("round", type=int)) or rounds.current_round() or abort(404)
    names = {c.code: c.name for c in geo.children(division, include_inactive=True)}
    with force_locale("zh"):
        data = xlsx(progress_tables(progress(round_, division, beijing_today()), names))
    return download(data, f"进度-{division.name}.xlsx", XLSX)
