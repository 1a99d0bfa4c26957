"""The issuers' tablet screen and the JSON API it talks to (docs/api.md).

Session-authenticated like every page, with the CSRF token of `<meta name="csrf-token">` sent as
`X-CSRFToken` on each POST (Flask-WTF's convention). An issuer reaches only the places they are
assigned to; a place of someone else's is "not found". Errors answer JSON here, never a page.
"""
from flask import Blueprint, abort, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import select

from .. import access
from ..clock import beijing_today
from ..extensions import db
from ..roles import READERS, Role
from ..rounds.models import CommitteeElection, Round
from ..transactions import declare_write, reads_first, rollback
from . import issuance
from .labels import PLACE_KIND_LABELS
from .models import PollingPlace

bp = Blueprint("issuance", __name__)
ISSUERS = {Role.issuer}


def _error(status: int, message: str, **extra):
    return jsonify({"error": message, **extra}), status


@bp.errorhandler(400)
def _bad_request(error):
    return _error(400, _("The request could not be read."))


@bp.errorhandler(CSRFError)
def _csrf(error):
    return _error(400, _("The page has expired: reload it and try again. Nothing was issued."))


@bp.errorhandler(401)
def _unauthenticated(error):
    return _error(401, _("You are logged out: log in again. Nothing was issued."))


@bp.errorhandler(403)
def _forbidden(error):
    return _error(403, _("This account may not issue ballots here."))


@bp.errorhandler(404)
def _not_found(error):
    return _error(404, _("This place is not one of yours."))


def _my_place(place_id: int) -> PollingPlace:
    return issuance.place_of(current_user, place_id) or abort(404)


def _places_json(places: list[PollingPlace]) -> list[dict]:
    issued = issuance.issued_at([p.id for p in places])
    return [{"id": p.id, "name": p.name, "kind": p.kind, "election": p.election.committee_code,
             "kind_label": str(PLACE_KIND_LABELS[p.kind]), "issued": issued[p.id]} for p in places]


@bp.get("/issue")
@access.roles(ISSUERS)
def tablet():
    """The issuance screen: large targets, instant search, readable at arm's length."""
    places = issuance.places_for(current_user)
    return render_template("polling/tablet.html", places=_places_json(places),
                           committee=current_user.unit.name)


@bp.get("/api/issuance/places")
@access.roles(ISSUERS)
def places():
    return jsonify(_places_json(issuance.places_for(current_user)))


@bp.get("/api/issuance/places/<int:place_id>/voters")
@access.roles(ISSUERS)
def voters(place_id: int):
    return jsonify(issuance.search(_my_place(place_id), request.args.get("q", "")))


@bp.post("/api/issuance/places/<int:place_id>/issue")
@reads_first
@access.roles(ISSUERS)
def issue(place_id: int):
    target = issuance.desk_of(current_user, place_id) or abort(404)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("card"), str) or not isinstance(body.get("key"), str) \
            or not isinstance(body.get("holder", ""), str):
        return _error(400, _('Send {"card": "<voter-card number>", "key": "<client uuid>"} as JSON.'))
    try:
        checked = issuance.check(target, body["card"], body["key"], holder_card=body.get("holder"))
        if not isinstance(checked, issuance.Issued):
            username = current_user.username
            declare_write()  # the checks read; only the issue itself takes the write lock
            try:
                checked = issuance.record_issue(checked, current_user, issued_by=username, alone=True)
            except issuance.Clash as clash:  # a parallel request was first: nothing of this one stays
                rollback()
                checked = issuance.settle(clash.plan)
    except issuance.IssueRefused as refusal:
        return _error(refusal.status, refusal.problem.text(_), rule=refusal.problem.rule,
                      **refusal.extra)
    return jsonify(checked.answer), 201 if checked.created else 200


@bp.get("/api/issuance/elections/<code>/turnout")
@access.roles(READERS | ISSUERS, unit_arg="code")
def turnout(code: str):
    """The committee's live turnout in its open round: the one voting today, else the latest."""
    found = db.session.scalars(select(CommitteeElection).join(Round, Round.id == CommitteeElection.round_id).where(
        CommitteeElection.committee_code == code, Round.status == "open")
        .order_by((CommitteeElection.election_day == beijing_today()).desc(), Round.id.desc()).limit(1)).first()
    if found is None:
        abort(404)
    return jsonify(issuance.turnout(found))
