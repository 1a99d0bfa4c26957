"""The overview of nomination and vetting for a city, district or township (issue 5, part 6).

Read-only: nominees per stage of vetting, barred nominees by criterion, committees without a
woman candidate (R-SIZE-3), committees whose list is not published yet (R-CAND-5) and a row per
child unit. Names of barred nominees are personal data: only officials see them, observers
see the counts.
"""
from flask import Blueprint, abort, render_template
from flask_login import current_user

from .. import access
from ..clock import beijing_today
from ..geography import services as geo
from ..geography.codes import within
from ..roles import OFFICIALS, READERS
from ..rounds import services as rounds
from .labels import VETTING_STAGE_LABELS
from .overview import SHOWN, VETTING_STAGES, overview as build

bp = Blueprint("candidate_overview", __name__, url_prefix="/rounds/<int:round_id>/candidates-overview")


@bp.get("/<unit_code>")
@access.roles(READERS, unit_arg="unit_code")
def overview(round_id: int, unit_code: str):
    round_ = rounds.get_round(round_id) or abort(404)
    unit = geo.get_unit(unit_code) or abort(404)
    if unit.level == "committee":
        abort(404)
    return render_template(
        "candidates/overview.html", round=round_, unit=unit, o=build(round_, unit, beijing_today()),
        breadcrumbs=[b for b in geo.breadcrumbs(unit) if within(current_user.unit_code, b.code)],
        show_names=current_user.role in OFFICIALS, vetting_stages=VETTING_STAGES,
        vetting_stage_labels=VETTING_STAGE_LABELS, shown=SHOWN)
