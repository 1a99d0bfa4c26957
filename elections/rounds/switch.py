"""Which round a page is about, and the other open rounds to switch to: the round bar of base.html.

A page is about a round when its URL names one (`/rounds/<id>/…`) or, for a unit's progress page,
when its `round` argument does (else the current round). The switch opens the same page of the
other round where the page is a round's view of a unit, and the other round's own page otherwise
(an object such as a voter belongs to one round only).
"""
from flask import request, url_for
from sqlalchemy import select

from ..extensions import db
from . import services
from .models import Round

# The URL arguments of a page that another round has too.
SAME_PAGE_ARGS = {"round_id", "code", "unit_code"}


def round_bar() -> dict | None:
    args = request.view_args or {}
    if "round_id" in args:
        current = services.get_round(args["round_id"])
    elif request.endpoint == "dashboard.unit":
        current = services.get_round(request.args.get("round", type=int)) or services.current_round()
    else:
        return None
    if current is None:
        return None
    others = db.session.scalars(select(Round).where(Round.status == "open", Round.id != current.id)
                                .order_by(Round.first_day, Round.id)).all()

    def link(other: Round) -> str:
        if request.method != "GET":
            return url_for("rounds.show", round_id=other.id)
        if request.endpoint == "dashboard.unit":
            return url_for("dashboard.unit", code=args["code"], round=other.id)
        if set(args) <= SAME_PAGE_ARGS:
            return url_for(request.endpoint, **{**args, "round_id": other.id})
        return url_for("rounds.show", round_id=other.id)

    return {"round": current, "others": [(other, link(other)) for other in others]}
