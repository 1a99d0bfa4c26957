"""Counting night in the browser: the committee's count page (its boxes, the correction queue, the
result and what follows it), a box's sheet for the clerks, the reviewer's decision on a sheet
whose entries differ, amendments, and the record and announcement downloads."""
import json
from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from .. import access
from ..clock import beijing_today
from ..documents import certificates
from ..messages import N_, Problem
from ..results import documents as announcements
from ..results import services as results
from ..results.counting import count, quorum_min_cast
from ..results.parsing import parse_record
from ..roles import MANAGERS, READERS, Role
from ..transactions import attempt
from ..view_helpers import breadcrumbs, loads_election, printed, problem_texts
from . import ballots, services, sheet
from ..candidates.labels import POST_LABELS
from .labels import STATUS_LABELS

bp = Blueprint("tallies", __name__, url_prefix="/rounds/<int:round_id>/count")

ENTERERS = frozenset({Role.clerk, Role.election_committee})
VIEWERS = READERS | {Role.clerk}


def _result_of(ballot):
    if ballot is None or ballot.status != "counted":
        return None
    return count(parse_record(ballot.record))


def _page(round_, election, *, problems=(), status=200):
    all_ballots = ballots.ballots(election)
    current = all_ballots[-1] if all_ballots else None
    counted = [b for b in all_ballots if b.status == "counted"]
    latest = counted[-1] if counted else None  # its result stays shown while a later ballot is held
    result = _result_of(latest)
    return render_template(
        "tallies/committee.html", round=round_, election=election, unit=election.committee,
        breadcrumbs=breadcrumbs(election.committee), ballots=all_ballots, ballot=current, shown=latest,
        boxes=services.boxes(current) if current else [], result=result, rules=election.rules,
        quorum_min=quorum_min_cast(result.record, election.rules) if result else None,
        members=results.members(election) if result else [], annulments=results.annulments(election),
        certificates=certificates.certificates_of(election),
        can_issue=current_user.role in certificates.ISSUERS,
        entry_mode=services.entry_mode(election), status_labels=STATUS_LABELS,
        can_enter=current_user.role in ENTERERS, can_review=current_user.role in services.REVIEWERS,
        can_certify=current_user.role in results.CERTIFIERS and results.certifiable(election, current),
        can_annul=current_user.role in results.ANNULLERS and result is not None,
        seats_empty_allowed=bool(latest and latest is current and election.stage == "counted"
                                 and latest.seats_left_empty is None
                                 and results.leave_seats_empty_allowed(election, latest)),
        plain=FlaskForm(formdata=None), today=beijing_today(), problems=problem_texts(problems)), status


def _back(round_id: int, code: str, anchor: str = ""):
    return redirect(url_for("tallies.committee", round_id=round_id, code=code) + anchor)


@bp.get("/<code>")
@access.roles(VIEWERS, unit_arg="code")
@loads_election
def committee(round_id: int, code: str, round_, election):
    return _page(round_, election)


# ---- a box's sheet --------------------------------------------------------------------------------

def _ballot_or_404(election, number: int):
    found = next((b for b in ballots.ballots(election) if b.number == number), None)
    return found or abort(404)


def _sheet_page(round_, election, ballot, target, *, mode, values=None, problems=(), status=200, notes=None):
    layout = ballots.layout(ballot)
    found = services.boxes(ballot)
    later = _left_for(current_user, found, target.place.id, services.entry_mode(election))
    entries = [e for e in target.sheet.entries if not e.superseded] if target.sheet else []
    others = services.other_turnouts(ballot, target.place.id, found)
    labels = _line_labels(layout)
    compared = []
    if len(entries) >= 2:
        one, two = sheet.flat(entries[0].figures, layout), sheet.flat(entries[1].figures, layout)
        compared = [(labels.get(key, key.rsplit(".", 1)[-1]), one.get(key), two.get(key), one.get(key) != two.get(key))
                    for key in dict.fromkeys([*one, *two])]
    return render_template(
        "tallies/sheet.html", round=round_, election=election, unit=election.committee,
        breadcrumbs=breadcrumbs(election.committee), ballot=ballot, box=target, layout=layout, mode=mode,
        values=values if values is not None else {}, notes=notes or {}, problems=problem_texts(problems),
        warning_fields=[p.field for p in problems if p.field], next_box=later[0] if later else None,
        entries=entries, compared=compared, status_labels=STATUS_LABELS, form=FlaskForm(formdata=None),
        others=round(sum(others) / len(others), 4) if others else "", lines=sheet.WRITE_IN_LINES), status


def _line_labels(layout) -> dict[str, str]:
    """What each line of a sheet is called, for the reviewer's side-by-side view."""
    labels = {"issued": _("Ballots issued"), "found": _("Ballots found in the box"),
              "invalid": _("Ballots invalid as a whole"), "proxy": _("Ballots issued to proxy holders"),
              "mobile": _("Ballots from the mobile box"), "written": _("Ballots written by the ballot writer")}
    for post, _seats, people in layout.posts:
        post_name = POST_LABELS[post]
        labels[f"{post}.invalid"] = _("%(post)s: ballots invalid for the post", post=post_name)
        for cid, name in people:
            labels[f"{post}.{cid}"] = f"{post_name}: {name}"
    return labels


def _left_for(user, found, place_id: int, mode: str) -> list:
    """The boxes this clerk may still enter after this one ("next box"): empty ones, and with double
    entry those another clerk entered once."""
    def mine(box):
        return box.sheet is not None and any(e.username == user.username and not e.superseded
                                             for e in box.sheet.entries)
    return [b for b in found if b.place.id != place_id and not mine(b)
            and (b.status == "empty" or (b.status == "entered" and mode == "double"))]


def _box_or_404(ballot, place_id: int):
    return services.box(ballot, place_id) or abort(404)


@bp.get("/<code>/ballots/<int:number>/boxes/<int:place_id>")
@access.roles(VIEWERS, unit_arg="code")
@loads_election
def box(round_id: int, code: str, number: int, place_id: int, round_, election):
    ballot = _ballot_or_404(election, number)
    target = _box_or_404(ballot, place_id)
    mode = request.args.get("mode", "enter")
    values = {"issued": str(target.register)}  # prefilled from the register, and checked against it (R-POLL-3)
    if mode == "resolve" and target.sheet and target.sheet.status in ("mismatch", "entered"):
        entries = [e for e in target.sheet.entries if not e.superseded]
        layout = ballots.layout(ballot)
        if target.sheet.status == "mismatch" and len(entries) >= 2:
            agreed = set(sheet.flat(entries[0].figures, layout)) - set(sheet.differences(entries[0].figures,
                                                                                          entries[1].figures, layout))
            values = sheet.form_values(entries[0].figures, layout, agreed)
        elif entries:
            values = sheet.form_values(entries[0].figures, layout)
    elif mode == "amend" and target.sheet and target.sheet.figures:
        values = sheet.form_values(target.sheet.figures, ballots.layout(ballot))
    elif mode not in ("enter", "resolve", "amend"):
        abort(404)
    return _sheet_page(round_, election, ballot, target, mode=mode, values=values)


def _notes() -> dict:
    return {key[5:]: value for key, value in request.form.items() if key.startswith("note:")}


def _version() -> int | None:
    text = request.form.get("version", "")
    return int(text) if text.isdigit() else None


@bp.post("/<code>/ballots/<int:number>/boxes/<int:place_id>")
@access.roles(VIEWERS, unit_arg="code")
@loads_election
def save_box(round_id: int, code: str, number: int, place_id: int, round_, election):
    """A clerk's entry (`mode=enter`), a reviewer's decision (`resolve`) or an amendment (`amend`)."""
    ballot = _ballot_or_404(election, number)
    target = _box_or_404(ballot, place_id)
    mode = request.form.get("mode", "enter")
    allowed = {"enter": ENTERERS, "resolve": services.REVIEWERS, "amend": results.CERTIFIERS}.get(mode)
    if allowed is None or current_user.role not in allowed:
        abort(403)
    values = request.form.to_dict()
    if not FlaskForm().validate():
        return _sheet_page(round_, election, ballot, target, mode=mode, values=values, status=400)
    reading = sheet.read(request.form, ballots.layout(ballot))
    if reading.problems:
        return _sheet_page(round_, election, ballot, target, mode=mode, values=values, problems=reading.problems,
                           status=422)
    reason = request.form.get("reason", "")
    try:
        if mode == "enter":
            saved = attempt(services.enter, ballot, place_id, reading.figures, _notes(), current_user,
                            version=_version())
        elif mode == "resolve":
            saved = attempt(services.resolve, ballot, place_id, reading.figures, _notes(), reason, current_user,
                            version=_version())
        else:
            attempt(services.amend, ballot, place_id, reading.figures, _notes(), reason, current_user)
            saved = None
    except services.SheetChanged as changed:
        target = _box_or_404(ballot, place_id)  # as it stands now
        return _sheet_page(round_, election, ballot, target, mode=mode, values=values, problems=changed.problems,
                           status=409)
    except (services.TallyError, results.ResultsError) as error:
        target = _box_or_404(ballot, place_id)
        return _sheet_page(round_, election, ballot, target, mode=mode, values=values, problems=error.problems,
                           status=422)
    if mode == "amend":
        flash(_("The sheet is amended and the ballot recounted; the announcement is re-issued."), "success")
        return _back(round_id, code, "#result")
    flash({"final": _("The sheet of %(place)s is final.", place=target.place.name),
           "mismatch": _("The two entries of %(place)s differ: the sheet goes to the correction queue.",
                         place=target.place.name),
           "entered": _("The sheet of %(place)s is saved; a second clerk enters it again.", place=target.place.name)}
          [saved.status], "success")
    if request.form.get("next") and mode == "enter":
        later = _left_for(current_user, services.boxes(ballot), place_id, services.entry_mode(election))
        if later:
            return redirect(url_for("tallies.box", round_id=round_id, code=code, number=number,
                                    place_id=later[0].place.id))
    return _back(round_id, code, "#boxes")


# ---- what follows a result ----------------------------------------------------------------------

def _act(round_, election, operation, *args, done: str, anchor: str):
    """A result action of the count page: run it for the user, and show the page again with its
    refusal, or go back to the page saying it is done."""
    if not FlaskForm().validate():
        return _page(round_, election, status=400)
    try:
        attempt(operation, election, *args, current_user)
    except results.ResultsError as error:
        return _page(round_, election, problems=error.problems, status=422)
    flash(done, "success")
    return _back(round_.id, election.committee_code, anchor)


def _day() -> date | None:
    try:
        return date.fromisoformat(request.form.get("held_on", ""))
    except ValueError:
        return None


@bp.post("/<code>/next")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def next_ballot(round_id: int, code: str, round_, election):
    """Prepare the ballot the result calls for: a revote, a supplementary or a new election."""
    if not FlaskForm().validate():
        return _page(round_, election, status=400)
    what = request.form.get("what")
    try:
        if what == "revote":
            made = attempt(results.prepare_revote, election, _day(), current_user)
        elif what == "supplementary":
            margin = request.form.get("margin", "")
            made = attempt(results.prepare_supplementary, election, _day(), int(margin) if margin.isdigit() else 0,
                           current_user)
        elif what == "new_election":
            made = attempt(results.prepare_new_election, election, _day(), current_user)
        else:
            raise results.ResultsError([Problem(N_("Choose the ballot to prepare."))])
    except results.ResultsError as error:
        return _page(round_, election, problems=error.problems, status=422)
    flash(_("Ballot %(n)d is prepared for %(day)s: print its ballot paper and issue it on the day.", n=made.number,
            day=made.held_on.isoformat()), "success")
    return _back(round_id, code)


@bp.post("/<code>/seats-left-empty")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def seats_left_empty(round_id: int, code: str, round_, election):
    return _act(round_, election, results.leave_seats_empty, request.form.get("note", ""),
                done=_("The decision to leave the remaining seats empty is recorded."), anchor="#result")


@bp.post("/<code>/certify")
@access.roles(results.CERTIFIERS, unit_arg="code")
@loads_election
def certify(round_id: int, code: str, round_, election):
    return _act(round_, election, results.certify, done=_("The result is certified and locked."), anchor="#result")


@bp.post("/<code>/annul")
@access.roles(results.ANNULLERS, unit_arg="code")
@loads_election
def annul(round_id: int, code: str, round_, election):
    post, _sep, name = request.form.get("who", "").partition(":")
    return _act(round_, election, results.annul, post, name, request.form.get("reason", ""),
                done=_("The result of %(name)s is annulled; the seat is vacant for a by-election.", name=name),
                anchor="#members")


# ---- records and announcements ------------------------------------------------------------------

@bp.get("/<code>/ballots/<int:number>/record.json")
@access.roles(READERS, unit_arg="code")
@loads_election
def record_file(round_id: int, code: str, number: int, round_, election):
    """The ballot's election record (record-format.md), the input of `flask results recount`."""
    ballot = _ballot_or_404(election, number)
    if ballot.record is None:
        abort(404)
    response = Response(json.dumps(ballot.record, ensure_ascii=False, indent=2), mimetype="application/json")
    response.headers["Content-Disposition"] = f"attachment; filename={code}-ballot{number}.json"
    return response


@bp.get("/<code>/ballots/<int:number>/announcement.pdf")
@access.roles(READERS, unit_arg="code")
@loads_election
def announcement(round_id: int, code: str, number: int, round_, election):
    """选举结果公告 (R-CERT-1), from the stored result; re-issued after an amendment."""
    ballot = _ballot_or_404(election, number)
    if ballot.result is None:
        abort(404)
    return printed(announcements.announcement_pdf(ballot), f"{code}-announcement-{number}.pdf",
                   unit_code=code, action="result.announcement", obj_type="ballot", obj_id=ballot.id,
                   after={"ballot": number})
