"""Entering the sheets: blind double entry (or single entry and review, as the round chooses), the
correction queue, and amendments after certification (R-CERT-3). When the last sheet of a ballot
becomes final, the ballot is counted (`results.services.count_ballot`) in the same unit of work.

Blind: a clerk's page never shows another clerk's figures; a second entry is compared with the
first on the server, equal → final, different → the correction queue, where the chair of the
election committee or an official sees both line by line and records the final figures with a
note. Two saves of one sheet at once: each names the sheet's version it read; the second finds it
changed and is told (no lost update).
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from ..audit.services import actor_name, record
from ..clock import beijing_today
from ..extensions import db
from ..messages import N_, Problem
from ..transactions import Refusal
from ..polling import issuance
from ..polling import services as polling
from ..polling.models import PollingPlace
from ..results import services as results
from ..rounds.models import CommitteeElection
from ..statistics.figures import refresh as refresh_figures
from . import ballots, sheet
from .models import Ballot, TallyEntry, TallySheet

ENTRY_MODES = ("double", "single")
# The stages in which a ballot's sheets are entered: the first ballot once voting has begun, a
# revote or supplementary ballot while it is pending, a repeated ballot once voting is again.
ENTRY_STAGES = ("voting", "revote_pending", "supplementary_pending")
REVIEWERS = ("election_committee", "township_official", "district_official", "city_admin")


class TallyError(Refusal):
    pass


class SheetChanged(TallyError):
    """Another save reached the sheet first: the caller shows the sheet as it now stands."""


def _refuse(message: str, params: dict | None = None, *, rule: str | None = None, field: str | None = None):
    raise TallyError([Problem(message, params or {}, rule=rule, field=field)])


def entry_mode(election: CommitteeElection) -> str:
    return election.round.policy.get("tally_entry", "double")


@dataclass
class Box:
    """One box of a ballot as the tally pages show it."""

    place: PollingPlace
    sheet: TallySheet | None
    register: int  # ballots the issuance register has for the place and ballot (R-POLL-3)
    electorate: int

    @property
    def status(self) -> str:
        return self.sheet.status if self.sheet else "empty"


def boxes(ballot: Ballot) -> list[Box]:
    """Every box of the ballot, the central venue first, with its sheet and register."""
    places = polling.places(ballot.election)
    sheets = {s.place_id: s for s in db.session.scalars(select(TallySheet).where(TallySheet.ballot_id == ballot.id)
                                                        .options(selectinload(TallySheet.entries)))}
    register = issuance.issued_at([p.id for p in places], ballot.number)
    electorates = polling.place_electorates(ballot.election, places)
    return [Box(p, sheets.get(p.id), register[p.id], electorates.get(p.id, 0)) for p in places]


def box(ballot: Ballot, place_id: int, found: list[Box] | None = None) -> Box | None:
    return next((b for b in (found if found is not None else boxes(ballot)) if b.place.id == place_id), None)


def other_turnouts(ballot: Ballot, place_id: int, found_boxes: list[Box] | None = None) -> list[float]:
    """The turnouts of the ballot's other boxes with known figures (final, or the first entry: a
    warning is about the paper, and the first entry is what there is)."""
    out = []
    for b in found_boxes if found_boxes is not None else boxes(ballot):
        if b.place.id == place_id or b.sheet is None or not b.electorate:
            continue
        figures = b.sheet.figures or next((e.figures for e in b.sheet.entries if not e.superseded), None)
        if figures:
            out.append(figures["found"] / b.electorate)
    return out


def _require_open(ballot: Ballot, today: date) -> None:
    election = ballot.election
    if results.locked(election):
        _refuse(N_("The result is certified: a change is an amendment by an official, with a reason."), rule="R-CERT-3")
    if ballot.status != "open" or election.stage not in ENTRY_STAGES:
        _refuse(N_("Sheets are entered once voting on the ballot has begun, until it is counted."), rule="R-POLL-4")
    if today < ballot.held_on:
        _refuse(N_("Sheets are entered on the day of the ballot (%(day)s) or later."), {"day": ballot.held_on.isoformat()},
                rule="R-POLL-4")


def _checked(ballot: Ballot, found: list[Box], target: Box, figures: dict, notes: dict, *, reviewer: bool) -> dict:
    """The hard checks (refused) and the warnings, each of which needs a note (all of them named at
    once, so that one more save settles them); the notes kept."""
    layout = ballots.layout(ballot)
    problems = sheet.hard_problems(figures, layout, target.register, reviewer=reviewer)
    if problems:
        raise TallyError(problems)
    kept, unexplained = {}, []
    for warning in sheet.warnings(figures, layout, target.electorate, other_turnouts(ballot, target.place.id, found)):
        note = (notes.get(warning.field) or "").strip()
        if note:
            kept[warning.field] = note
        else:
            unexplained.append(warning)
    if unexplained:
        raise TallyError(unexplained + [Problem(N_("Write a note that explains it, then save again."))])
    return kept


def _claim(target: Box, version: int | None) -> TallySheet | None:
    """The sheet at the version the user read, or SheetChanged: an UPDATE that names the version
    lets exactly one of two simultaneous saves through."""
    existing = target.sheet
    if existing is None:
        if version not in (None, 0):
            raise SheetChanged([Problem(N_("The sheet was changed by someone else while you typed: see it as it "
                                           "stands now."))])
        return None
    if version is None:  # a caller that read no version (the demo, the services' own callers): the current
        version = db.session.scalar(select(TallySheet.version).where(TallySheet.id == existing.id))
    done = db.session.execute(update(TallySheet).where(TallySheet.id == existing.id, TallySheet.version == version)
                              .values(version=version + 1).execution_options(synchronize_session=False))
    if done.rowcount != 1:
        db.session.refresh(existing)
        raise SheetChanged([Problem(N_("%(user)s saved this sheet while you typed: see it as it stands now."),
                                    {"user": _last_by(existing)})])
    db.session.refresh(existing)
    return existing


def _last_by(target: TallySheet) -> str:
    return target.entries[-1].username if target.entries else "—"


def _new_sheet(ballot: Ballot, target: Box) -> TallySheet:
    """The first save creates the sheet; a parallel first save of the same box hits the unique key."""
    made = TallySheet(ballot=ballot, place_id=target.place.id, status="entered", notes={}, version=1)
    db.session.add(made)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except Exception as clash:  # IntegrityError: the other clerk's first save won
        raise SheetChanged([Problem(N_("Another clerk saved this sheet first: see it as it stands now."))]) from clash
    return made


def enter(ballot: Ballot, place_id: int, figures: dict, notes: dict, actor=None, *, version: int | None = None,
          today: date | None = None) -> TallySheet:
    """A clerk's entry of a box's sheet (R-POLL-4). Double entry: the first waits, the second is
    compared; single entry: the entry waits for review."""
    today = today or beijing_today()
    _require_open(ballot, today)
    found = boxes(ballot)
    target = box(ballot, place_id, found)
    if target is None:
        _refuse(N_("This ballot has no such box."))
    kept = _checked(ballot, found, target, figures, notes, reviewer=False)
    existing = _claim(target, version)
    who = actor_name(actor)
    if existing is None:
        existing = _new_sheet(ballot, target)
    elif existing.status in ("final", "mismatch"):
        _refuse(N_("This sheet is final or waits in the correction queue; it is no longer entered."))
    else:
        live = [e for e in existing.entries if e.kind == "entry" and not e.superseded]
        if any(e.username == who for e in live):
            _refuse(N_("You entered this sheet already: a second clerk enters it again, without seeing yours."))
        if entry_mode(ballot.election) == "single":
            _refuse(N_("This sheet waits for review by the election committee's chair."))
    entry = TallyEntry(sheet=existing, kind="entry", figures=figures, notes=kept, reason="", username=who)
    db.session.add(entry)
    live = [e for e in existing.entries if e.kind == "entry" and not e.superseded]
    status = existing.status
    if entry_mode(ballot.election) == "double" and len(live) >= 2:
        first = live[0]
        if sheet.differences(first.figures, figures, ballots.layout(ballot)):
            status = "mismatch"
        else:
            status = "final"
            existing.figures = figures
            existing.notes = {**first.notes, **kept}
    existing.status = status
    record(actor, ballot.election.committee_code, "tally.entry", "tally_sheet", existing.id,
           after={"ballot": ballot.number, "place": target.place.name, "entry": len(live), "status": status,
                  "issued": figures["issued"], "found": figures["found"]})
    db.session.flush()
    if status == "final":
        _count_when_complete(ballot, actor, today)
    return existing


def resolve(ballot: Ballot, place_id: int, figures: dict, notes: dict, reason: str, actor=None, *,
            version: int | None = None, today: date | None = None) -> TallySheet:
    """The correction queue: a reviewer records the final figures of a sheet whose entries differ
    (or, with single entry, reviews the one entry), with a note. A box no clerk could enter — it
    held more ballots than were issued, which a clerk's sheet may not say (R-COUNT-2) — is recorded
    by the reviewer directly, with a note; the count then voids the ballot, as the law says."""
    today = today or beijing_today()
    _require_open(ballot, today)
    if getattr(actor, "role", None) not in REVIEWERS:
        _refuse(N_("The election committee's chair or an official resolves a sheet."))
    found = boxes(ballot)
    target = box(ballot, place_id, found)
    if target is None or target.status not in ("mismatch", "entered", "empty"):
        _refuse(N_("This sheet is not waiting for a decision."))
    single = target.status == "entered"
    if single and entry_mode(ballot.election) != "single":
        _refuse(N_("This sheet waits for its second entry by another clerk."))
    reason = (reason or "").strip()
    if not reason and not single:
        _refuse(N_("Write a note on how the figures were settled (the paper sheet checked, the box recounted…)."),
                field="reason")
    kept = _checked(ballot, found, target, figures, notes, reviewer=True)
    existing = _claim(target, version) or _new_sheet(ballot, target)
    for e in existing.entries:
        if e.kind == "entry":
            e.superseded = e.superseded or not single
    kind = "review" if single else "correction"
    db.session.add(TallyEntry(sheet=existing, kind=kind, figures=figures, notes=kept, reason=reason,
                              username=actor_name(actor)))
    existing.status, existing.figures, existing.notes = "final", figures, kept
    changed = []
    for e in existing.entries:
        if e.kind == "entry":
            changed += sheet.differences(e.figures, figures, ballots.layout(ballot))
    record(actor, ballot.election.committee_code, f"tally.{kind}", "tally_sheet", existing.id,
           after={"ballot": ballot.number, "place": target.place.name, "reason": reason,
                  "lines": sorted(set(changed))})
    db.session.flush()
    _count_when_complete(ballot, actor, today)
    return existing


def _count_when_complete(ballot: Ballot, actor, today: date) -> None:
    place_ids = [p.id for p in polling.places(ballot.election)]
    db.session.refresh(ballot, ["sheets"])
    if results.all_final(ballot, place_ids):
        results.count_ballot(ballot, actor, today=today)


def amend(ballot: Ballot, place_id: int, figures: dict, notes: dict, reason: str, actor=None, *,
          today: date | None = None) -> dict:
    """R-CERT-3: a counted ballot's sheet changed by an authorised official with a reason: the
    ballot is recounted and its documents re-issued. An amendment that would change the next step
    (a tie or an open seat where there was none) is refused: that needs the district's annulment
    and a new ballot."""
    today = today or beijing_today()
    if getattr(actor, "role", None) not in results.CERTIFIERS:
        _refuse(N_("A counted result is amended by the township or an official above it."), rule="R-CERT-3")
    election = ballot.election
    if ballot.status != "counted" or ballot.number != ballots.current(election).number:
        _refuse(N_("Only the latest counted ballot is amended."), rule="R-CERT-3")
    reason = (reason or "").strip()
    if not reason:
        _refuse(N_("Give the reason for the amendment."), rule="R-CERT-3", field="reason")
    found = boxes(ballot)
    target = box(ballot, place_id, found)
    if target is None or target.sheet is None:
        _refuse(N_("This ballot has no such box."))
    kept = _checked(ballot, found, target, figures, notes, reviewer=True)
    before = ballot.result
    lines = sheet.differences(target.sheet.figures, figures, ballots.layout(ballot))
    if not lines:
        _refuse(N_("The figures are the same as before: nothing to amend."))
    db.session.add(TallyEntry(sheet=target.sheet, kind="amendment", figures=figures, notes=kept, reason=reason,
                              username=actor_name(actor)))
    target.sheet.figures, target.sheet.notes = figures, kept
    target.sheet.version += 1
    data = results.build_record(ballot)
    after = results.recount_stored(ballot, data)
    if after["next"] != before["next"] or after["status"] != before["status"]:
        _refuse(N_("This amendment changes the outcome from “%(before)s” to “%(after)s”: the district annuls the "
                   "result and orders a new ballot instead."), {"before": before["next"], "after": after["next"]},
                rule="R-CERT-3")
    ballot.record, ballot.result, ballot.amended = data, after, ballot.amended + 1
    record(actor, election.committee_code, "result.amended", "ballot", ballot.id,
           before={"elected": [e["name"] for e in before["elected"]]},
           after={"place": target.place.name, "lines": lines, "reason": reason,
                  "elected": [e["name"] for e in after["elected"]]})
    refresh_figures(election)
    return after


def sheets_waiting(election: CommitteeElection) -> list[TallySheet]:
    """The correction queue of an election's open ballot."""
    current = ballots.current(election)
    if current is None:
        return []
    return list(db.session.scalars(select(TallySheet).where(TallySheet.ballot_id == current.id,
                                                            TallySheet.status.in_(("mismatch", "entered")))))
