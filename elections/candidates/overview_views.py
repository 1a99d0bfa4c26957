"""The overview of nomination and vetting for a city, district or township (issue 5, part 6).

Read-only: nominees per stage of vetting, barred nominees by criterion, committees without a
woman candidate (R-SIZE-3), committees whose list is not published yet (R-CAND-5) and a row per
child unit. Names of barred nominees are personal data: only officials see them, observers
see the counts.
"""
from flask import Blueprint, abort, render_template
from flask_babel import force_locale
from flask_login import current_user

from .. import access
from ..clock import beijing_today
from ..roles import OFFICIALS, READERS
from ..view_helpers import XLSX, breadcrumbs, download, personal_file, round_or_404, unit_or_404
from ..workbooks import xlsx
from .labels import VETTING_STAGE_LABELS
from .overview import SHOWN, VETTING_STAGES, overview as build
from .overview_tables import tables

bp = Blueprint("candidate_overview", __name__, url_prefix="/rounds/<int:round_id>/candidates-overview")


@bp.get("/<unit_code>")
@access.roles(READERS, unit_arg="unit_code")
def overview(round_id: int, unit_code: str):
    round_ = round_or_404(round_id)
    unit = unit_or_404(unit_code)
    if unit.level == "committee":
        abort(404)
    return render_template(
        "candidates/overview.html", round=round_, unit=unit, o=build(round_, unit, beijing_today()),
        breadcrumbs=breadcrumbs(unit),
        show_names=current_user.role in OFFICIALS, vetting_stages=VETTING_STAGES,
        vetting_stage_labels=VETTING_STAGE_LABELS, shown=SHOWN)


@bp.get("/<unit_code>.xlsx")
@access.roles(READERS, unit_arg="unit_code")
def export(round_id: int, unit_code: str):
    """The overview's tables as XLSX; with the barred nominees' names (officials only) it is an
    export of personal data, and audited."""
    round_ = round_or_404(round_id)
    unit = unit_or_404(unit_code)
    if unit.level == "committee":
        abort(404)
    names = current_user.role in OFFICIALS
    with force_locale("zh"):
        data = xlsx(tables(build(round_, unit, beijing_today()), names=names))
    filename = f"提名与资格审查-{unit.name}.xlsx"
    if names:
        return personal_file(data, filename, XLSX, unit_code=unit_code, action="candidates.overview.export",
                             obj_type="unit", obj_id=unit_code, after={"round": round_.id})
    return download(data, filename, XLSX)
