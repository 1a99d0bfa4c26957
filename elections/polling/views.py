"""The committee's election-day page: its places and whom each serves, their staff and issuers'
accounts, the written proxies, the ballot paper and the printed notices, and the live turnout.
The law is in `law`, the changes in `services`, the issue and the turnout in `issuance`."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from .. import access
from ..roles import MANAGERS, READERS
from ..transactions import attempt
from ..view_helpers import breadcrumbs, child_or_404, loads_election, printed, problem_texts
from ..candidates import services as candidates
from . import documents, issuance, services
from .forms import PlaceForm, ProxyForm, StaffForm
from .labels import PLACE_KIND_LABELS, STAFF_ROLE_LABELS
from .models import Proxy, StaffAssignment

bp = Blueprint("polling", __name__, url_prefix="/rounds/<int:round_id>/polling")


def _page(round_, election, *, forms=None, problems=(), new_account=None, status=200):
    forms = forms or {}
    found = services.places(election)
    figures = issuance.turnout(election, found)
    electorates = {p["id"]: p["electorate"] for p in figures["places"]}
    reserve = services.reserve_percent(election)
    return render_template(
        "polling/committee.html", round=round_, election=election, unit=election.committee,
        breadcrumbs=breadcrumbs(election.committee), places=found, electorates=electorates,
        print_counts=services.print_counts(election, electorates),
        reserve=reserve, readiness=problem_texts(services.readiness(election, found)),
        turnout=figures, proxies=services.proxies(election),
        issued={p["id"]: p["issued"] for p in figures["places"]},
        has_list=bool(candidates.published_candidates(election)),
        place_form=forms.get("place") or PlaceForm(formdata=None),
        staff_form=forms.get("staff") or StaffForm(formdata=None),
        proxy_form=forms.get("proxy") or ProxyForm(formdata=None), form_for=forms.get("staff_place"),
        plain=FlaskForm(formdata=None), problems=problem_texts(problems), new_account=new_account,
        kind_labels_place=PLACE_KIND_LABELS, staff_labels=STAFF_ROLE_LABELS, ballot_kind=documents.ELECTOR_TEXT,
        rules=election.rules), status


def _back(round_id: int, code: str, anchor: str):
    return redirect(url_for("polling.committee", round_id=round_id, code=code) + anchor)


@bp.get("/<code>")
@access.roles(READERS, unit_arg="code")
@loads_election
def committee(round_id: int, code: str, round_, election):
    return _page(round_, election)


@bp.post("/<code>/places")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def add_place(round_id: int, code: str, round_, election):
    form = PlaceForm()
    if not form.validate():
        return _page(round_, election, forms={"place": form}, status=422)
    groups, households, voters = form.lists()
    data = services.PlaceInput(kind=form.kind.data, name=form.name.data, address=form.address.data or "",
                               opens=form.opens.data, closes=form.closes.data, groups=groups,
                               households=households, voters=voters)
    try:
        attempt(services.add_place, election, data, current_user)
    except services.PollingError as error:
        return _page(round_, election, forms={"place": form}, problems=error.problems, status=422)
    flash(_("The place %(name)s is set up.", name=data.name.strip()), "success")
    return _back(round_id, code, "#places")


@bp.post("/<code>/places/<int:place_id>/remove")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def remove_place(round_id: int, code: str, place_id: int, round_, election):
    target = services.place(election, place_id) or abort(404)
    if not FlaskForm().validate():
        return _page(round_, election, status=422)
    try:
        attempt(services.remove_place, target, current_user)
    except services.PollingError as error:
        return _page(round_, election, problems=error.problems, status=422)
    flash(_("The place is removed."), "success")
    return _back(round_id, code, "#places")


@bp.post("/<code>/places/<int:place_id>/staff")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def assign_staff(round_id: int, code: str, place_id: int, round_, election):
    target = services.place(election, place_id) or abort(404)
    form = StaffForm()
    if not form.validate():
        return _page(round_, election, forms={"staff": form, "staff_place": place_id}, status=422)
    try:
        attempt(services.assign_staff, target, form.who.data, form.role.data, current_user)
    except services.PollingError as error:
        return _page(round_, election, forms={"staff": form, "staff_place": place_id}, problems=error.problems,
                     status=422)
    flash(_("The staff member is assigned."), "success")
    return _back(round_id, code, f"#place-{place_id}")


@bp.post("/<code>/staff/<int:assignment_id>/remove")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def unassign_staff(round_id: int, code: str, assignment_id: int, round_, election):
    assignment = child_or_404(election, StaffAssignment, assignment_id)
    if not FlaskForm().validate():
        return _page(round_, election, status=422)
    try:
        attempt(services.unassign_staff, assignment, current_user)
    except services.PollingError as error:
        return _page(round_, election, problems=error.problems, status=422)
    flash(_("The staff member is no longer assigned."), "success")
    return _back(round_id, code, f"#place-{assignment.place_id}")


@bp.post("/<code>/staff/<int:assignment_id>/account")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def issuer_account(round_id: int, code: str, assignment_id: int, round_, election):
    """The issuer's account; its password is on this response only, never stored or sent again."""
    assignment = child_or_404(election, StaffAssignment, assignment_id)
    if not FlaskForm().validate():
        return _page(round_, election, status=422)
    try:
        user, password = attempt(services.create_issuer_account, assignment, current_user)
    except services.PollingError as error:
        return _page(round_, election, problems=error.problems, status=422)
    return _page(round_, election, new_account={"username": user.username, "password": password,
                                                "name": assignment.voter.name})


@bp.post("/<code>/proxies")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def record_proxy(round_id: int, code: str, round_, election):
    form = ProxyForm()
    if not form.validate():
        return _page(round_, election, forms={"proxy": form}, status=422)
    try:
        attempt(services.record_proxy, election, form.principal.data, form.holder.data, form.signed_on.data,
                form.reason.data or "", current_user)
    except services.PollingError as error:
        return _page(round_, election, forms={"proxy": form}, problems=error.problems, status=422)
    flash(_("The proxy is recorded."), "success")
    return _back(round_id, code, "#proxies")


@bp.post("/<code>/proxies/<int:proxy_id>/withdraw")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def withdraw_proxy(round_id: int, code: str, proxy_id: int, round_, election):
    proxy = child_or_404(election, Proxy, proxy_id)
    if not FlaskForm().validate():
        return _page(round_, election, status=422)
    try:
        attempt(services.withdraw_proxy, proxy, current_user)
    except services.PollingError as error:
        return _page(round_, election, problems=error.problems, status=422)
    flash(_("The proxy is withdrawn."), "success")
    return _back(round_id, code, "#proxies")


# ---- printed -------------------------------------------------------------------------------------

def _printed(data: bytes, filename: str, code: str, what: str, **after):
    return printed(data, filename, unit_code=code, action="polling.print", obj_type="round",
                   obj_id=str(after.pop("round_id")), after={"what": what, **after})


@bp.get("/<code>/places.pdf")
@access.roles(READERS, unit_arg="code")
@loads_election
def places_pdf(round_id: int, code: str, round_, election):
    return _printed(documents.places_notice_pdf(election), f"places-{code}.pdf", code, "places", round_id=round_id)


@bp.get("/<code>/places/<int:place_id>/voters.pdf")
@access.roles(READERS, unit_arg="code")
@loads_election
def place_voters_pdf(round_id: int, code: str, place_id: int, round_, election):
    target = services.place(election, place_id) or abort(404)
    if target.kind == "central":
        abort(404)
    return _printed(documents.mobile_list_pdf(target), f"place-{code}-{place_id}.pdf", code, "place_voters",
                    round_id=round_id, place=target.name)


@bp.get("/<code>/proxies.pdf")
@access.roles(READERS, unit_arg="code")
@loads_election
def proxies_pdf(round_id: int, code: str, round_, election):
    return _printed(documents.proxies_pdf(election), f"proxies-{code}.pdf", code, "proxies", round_id=round_id)


@bp.get("/<code>/<any(specimen, ballot):what>.pdf")
@access.roles(READERS, unit_arg="code")
@loads_election
def ballot_pdf(round_id: int, code: str, what: str, round_, election):
    try:
        data = documents.ballot_pdf(election, specimen=what == "specimen")
    except documents.NoCandidateList:
        abort(404)
    return _printed(data, f"{what}-{code}.pdf", code, what, round_id=round_id)

