from itertools import groupby

from flask import Blueprint, Response
from flask_login import current_user

from .. import access
from ..geography import services as geo
from ..roles import READERS
from ..view_helpers import unit_or_404
from .pdf import render_pdf

bp = Blueprint("documents", __name__, url_prefix="/documents")


def pdf_response(data: bytes, filename: str) -> Response:
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f"inline; filename*=UTF-8''{filename}"
    return response


def unit_list_context(unit) -> dict:
    """Committees grouped by district and township, in code order (the order of official lists)."""
    rows = [{"code": c.code, "name": c.name, "kind": c.kind, "urban_rural_code": c.urban_rural_code,
             "township": t_name, "district": d_name} for c, t_name, d_name in geo.committees_under(unit)]
    districts = []
    for district, in_district in groupby(rows, key=lambda r: r["district"]):
        townships = [{"name": name, "committees": list(group)}
                     for name, group in groupby(in_district, key=lambda r: r["township"])]
        districts.append({"name": district, "townships": townships,
                          "count": sum(len(t["committees"]) for t in townships)})
    return {
        "unit": {"code": unit.code, "name": unit.name, "level": unit.level},
        "breadcrumbs": [b.name for b in geo.breadcrumbs(unit)],
        "committees": rows,
        "districts": districts,
    }


@bp.get("/units/<code>.pdf")
@access.roles(READERS, unit_arg="code")
def unit_list(code: str):
    """A unit and every active committee below it, with codes: the first printed document."""
    unit = unit_or_404(code)
    context = unit_list_context(unit)
    context["printed_by"] = current_user.username
    return pdf_response(render_pdf("print/unit_list.html", context, number=f"UL-{code}"), f"{code}.pdf")
