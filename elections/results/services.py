"""Results from the tallies: a ballot's record built from its final sheets (record-format.md),
counted by `counting.count` — the code `flask results recount` runs — and stored with the ballot;
then what follows a result: a revote among the tied (R-COUNT-6), a supplementary election
(R-COUNT-7), a new election after a void ballot (R-COUNT-1/2), the decision to leave seats empty
(R-COUNT-8), certification (R-CERT-3) and annulment (R-COUNT-11).

`counted` is reached only here, by the last sheet of a ballot becoming final; `certified` only by
the township's certification. Services flush; the request or command commits.
"""
from datetime import date, timedelta

from sqlalchemy import select

from ..audit.services import actor_name, record
from ..candidates import services as candidates
from ..clock import beijing_today
from ..documents import certificates
from ..extensions import db
from ..messages import N_, Problem
from ..transactions import Refusal
from ..rounds import services as rounds
from ..rounds import stages
from ..rounds.models import CommitteeElection
from ..rulesets import POSTS
from ..statistics import figures
from ..tallies import ballots as ballot_store
from ..tallies.models import Annulment, Ballot, TallySheet
from . import followups
from .counting import count
from .parsing import RecordError, parse_record
from .record import FORMAT
from .result import result_json

# Who certifies (R-CERT-3: filed with the township or street office) and who amends after it.
CERTIFIERS = ("township_official", "district_official", "city_admin")
ANNULLERS = ("district_official", "city_admin")  # R-COUNT-11: the city or district


class ResultsError(Refusal):
    pass


def _refuse(message: str, params: dict | None = None, *, rule: str | None = None, field: str | None = None):
    raise ResultsError([Problem(message, params or {}, rule=rule, field=field)])


# ---- the record of a ballot ----------------------------------------------------------------------

def _sum_sheets(sheets: list[TallySheet], ballot: Ballot) -> tuple[dict, dict[str, str]]:
    """The record's tally: the sheets added up by line; and the genders the clerks gave write-ins."""
    tally = {"issued": 0, "cast": 0, "invalid": 0, "posts": {}}
    genders: dict[str, str] = {}
    for p in ballot.posts:
        if p["seats"] <= 0:
            continue
        post = p["post"]
        votes = {c["id"]: 0 for c in ballot.candidates if c["post"] == post}
        write_ins: dict[str, int] = {}
        invalid = 0
        for sheet in sheets:
            figures = sheet.figures["posts"][post]
            for cid, n in figures["votes"].items():
                votes[cid] = votes.get(cid, 0) + n
            for w in figures["write_ins"]:
                write_ins[w["name"]] = write_ins.get(w["name"], 0) + w["votes"]
                if w["gender"]:
                    genders[w["name"]] = w["gender"]
            invalid += figures["invalid"]
        tally["posts"][post] = {"votes": votes, "write_ins": {k: write_ins[k] for k in sorted(write_ins)},
                                "invalid": invalid}
    for sheet in sheets:
        tally["issued"] += sheet.figures["issued"]
        tally["cast"] += sheet.figures["found"]
        tally["invalid"] += sheet.figures["invalid"]
    return tally, genders


def _relatives(election: CommitteeElection, ballot: Ballot) -> list[list[str]]:
    """R26-RELATIVES: pairs of near relatives among this ballot's candidates and those elected
    before it, from the roll's links and the candidates' declarations (`candidates.related_nominees`)."""
    if not election.rules.relatives_barred:
        return []
    first = ballot_store.ballots(election)[0]
    by_name = {c["name"]: c["id"] for c in first.candidates}
    people = {c["name"] for c in ballot.candidates} | {p["name"] for p in ballot.elected_before}
    nominee_ids = {int(by_name[name][1:]): name for name in people if name in by_name}
    if len(nominee_ids) < 2:
        return []
    found = candidates.nominees(election)
    pairs = candidates.related_nominees(election, [p for p in found if p.id in nominee_ids])
    return sorted(sorted(nominee_ids[i] for i in pair) for pair in pairs)


def build_record(ballot: Ballot) -> dict:
    """The ballot's election record from its final sheets, key for key as record-format.md has it."""
    election = ballot.election
    round_ = election.round
    sheets = [s for s in ballot.sheets if s.status == "final"]
    tally, genders = _sum_sheets(sheets, ballot)
    data = {
        "format": FORMAT,
        "committee": {"code": election.committee_code, "name": election.committee.name, "kind": election.kind},
        "round": {"name": round_.name, "ruleset": election.rules.name, "election_day": ballot.held_on.isoformat()},
        "ballot": ballot.kind,
        **({"revote_of": ballot.revote_of} if ballot.kind == "revote" else {}),
        "mode": election.mode,
        "electorate": election.electorate,
        "policy": {key: round_.policy[key] for key in ("cascade", "women_rule", "min_women") if key in round_.policy},
        "posts": [{"post": p["post"], "seats": p["seats"]} for p in ballot.posts if p["seats"] > 0],
        "candidates": [dict(c) for c in ballot.candidates],
        "tally": tally,
    }
    if ballot.kind != "first":
        data["elected_before"] = [dict(p) for p in ballot.elected_before]
    if genders:
        data["write_in_genders"] = {k: genders[k] for k in sorted(genders)}
    pairs = _relatives(election, ballot)
    if pairs:
        data["relatives"] = pairs
    return data


def all_final(ballot: Ballot, place_ids: list[int]) -> bool:
    final = {s.place_id for s in ballot.sheets if s.status == "final"}
    return bool(place_ids) and set(place_ids) <= final


def recount_stored(ballot: Ballot, data: dict) -> dict:
    """The result JSON of a record, as `flask results recount` would print it."""
    try:
        return result_json(count(parse_record(data)))
    except RecordError as error:
        raise ResultsError([Problem(N_("The count cannot be made: %(problem)s"), {"problem": str(p)}, rule="R-COUNT-10")
                            for p in error.problems]) from error


def count_ballot(ballot: Ballot, actor=None, *, today: date | None = None) -> dict:
    """Count the ballot from its sheets and store record and result; the election reaches `counted`.
    A record the law cannot count (a write-in near the threshold without a gender, R-COUNT-9) is
    refused, naming the field, and nothing is stored."""
    today = today or beijing_today()
    data = build_record(ballot)
    result = recount_stored(ballot, data)
    ballot.record, ballot.result, ballot.status, ballot.counted_on = data, result, "counted", today
    election = ballot.election
    if election.stage != "counted":
        rounds.move_stage(election, "counted", actor, today=today)
    else:
        figures.refresh(election)
    record(actor, election.committee_code, "result.counted", "ballot", ballot.id,
           after={"ballot": ballot.number, "kind": ballot.kind, "status": result["status"], "next": result["next"],
                  "elected": [e["name"] for e in result["elected"]]})
    db.session.flush()
    return result


# ---- who holds a seat ----------------------------------------------------------------------------

def annulments(election: CommitteeElection) -> list[Annulment]:
    return list(db.session.scalars(select(Annulment).where(Annulment.election_id == election.id)
                                   .order_by(Annulment.id)))


def members(election: CommitteeElection, counted: list[Ballot] | None = None) -> list[dict]:
    """Who holds a seat after the counted ballots: each ballot's elected, less those a later ballot
    took the seat from (moved up, R-COUNT-5; near relatives, R26-RELATIVES) and those annulled
    (R-COUNT-11). Each ballot's stored record is recounted for the people its vacancies name,
    which the result JSON does not carry."""
    counted = [b for b in (counted if counted is not None else ballot_store.ballots(election)) if b.status == "counted"]
    held: list[dict] = []
    for ballot in counted:
        genders = {c["name"]: c["gender"] for c in ballot.record["candidates"]}
        genders.update(ballot.record.get("write_in_genders", {}))
        genders.update({p["name"]: p["gender"] for p in ballot.record.get("elected_before", [])})
        result = count(parse_record(ballot.record))
        vacated = {name for v in result.vacancies for name in v.people}
        names = {e.name for e in result.elected}
        held = [m for m in held if m["name"] not in names and m["name"] not in vacated]
        held += [{"post": e.post, "name": e.name, "gender": genders.get(e.name, ""), "votes": e.votes,
                  "ballot": ballot.number} for e in result.elected]
    gone = {(a.post, a.name) for a in annulments(election)}
    return [m for m in held if (m["post"], m["name"]) not in gone]


def open_seats(election: CommitteeElection, counted: list[Ballot]) -> dict[str, int]:
    held = members(election, counted)
    return {post: max(0, (getattr(election, f"seats_{post}") or 0) - sum(m["post"] == post for m in held))
            for post in POSTS}


# ---- what follows a result -----------------------------------------------------------------------

def _latest_counted(election: CommitteeElection) -> Ballot:
    latest = ballot_store.current(election)
    if latest is None or latest.status != "counted":
        _refuse(N_("No ballot of this election has been counted yet."))
    if election.stage not in ("counted",):
        _refuse(N_("The next ballot is already prepared."))
    return latest


def _prepare(election: CommitteeElection, stage: str, ballot: Ballot, actor, today: date) -> Ballot:
    db.session.add(ballot)
    election.issued = 0  # the turnout pages follow the ballot being issued
    rounds.move_stage(election, stage, actor, today=today)
    record(actor, election.committee_code, "result.next_ballot", "committee_election", election.id,
           after={"kind": ballot.kind, "number": ballot.number, "held_on": ballot.held_on.isoformat(),
                  "candidates": [c["name"] for c in ballot.candidates]})
    db.session.flush()
    return ballot


def _check_day(day: date | None, today: date) -> None:
    if day is None or day < today:
        _refuse(N_("Choose the day of the ballot, today or later."), field="held_on")


def prepare_revote(election: CommitteeElection, day: date, actor=None, *, today: date | None = None) -> Ballot:
    """R-COUNT-6: a further vote among the tied, with the threshold of the ballot they tied in."""
    today = today or beijing_today()
    latest = _latest_counted(election)
    if latest.result["next"] != "revote_tied":
        _refuse(N_("This result has no tie to vote again on."), rule="R-COUNT-6")
    _check_day(day, today)
    held = members(election)
    plan = followups.revote(latest.record, latest.result, held)
    ballot = Ballot(election=election, number=latest.number + 1, kind="revote", revote_of=plan.revote_of,
                    held_on=day, posts=plan.posts, candidates=plan.candidates, elected_before=plan.elected_before,
                    prepared_by=actor_name(actor))
    return _prepare(election, "revote_pending", ballot, actor, today)


def prepare_supplementary(election: CommitteeElection, day: date, margin: int, actor=None, *,
                          today: date | None = None) -> Ballot:
    """R-COUNT-7: the seats left open, within 15 days of the first count, among the non-elected of
    the first ballot in order of votes, seats + `margin` (1 or 2) of them; women only for a
    women's seat (R-COUNT-9)."""
    today = today or beijing_today()
    latest = _latest_counted(election)
    if latest.result["next"] != "supplementary_election":
        _refuse(N_("This result leaves no seat for a supplementary election."), rule="R-COUNT-7")
    if margin not in (1, 2):
        _refuse(N_("A supplementary election has one or two candidates more than its seats."), rule="R-COUNT-7",
                field="margin")
    first_counted = election.first_counted_on or latest.counted_on
    _check_day(day, today)
    deadline = first_counted + timedelta(days=election.rules.supplementary_within_days)
    if day > deadline:
        _refuse(N_("The supplementary election must be held within %(days)s days of the first ballot, by "
                   "%(deadline)s."), {"days": election.rules.supplementary_within_days, "deadline": deadline.isoformat()},
                rule="R-COUNT-7", field="held_on")
    counted = [b for b in ballot_store.ballots(election) if b.status == "counted"]
    first = next(b for b in counted if b.kind == "first" and b.result["status"] != "void")
    held = members(election, counted)
    plan = followups.supplementary(first.result, first.record, latest.result, held, margin)
    if not plan.candidates:
        _refuse(N_("Nobody of the first ballot is left to stand in a supplementary election."), rule="R-COUNT-7")
    ballot = Ballot(election=election, number=latest.number + 1, kind="supplementary", held_on=day,
                    posts=plan.posts, candidates=plan.candidates, elected_before=plan.elected_before,
                    prepared_by=actor_name(actor))
    return _prepare(election, "supplementary_pending", ballot, actor, today)


def prepare_new_election(election: CommitteeElection, day: date, actor=None, *, today: date | None = None) -> Ballot:
    """R-COUNT-1/2: a void ballot is held again with the same roll and list (the same candidates,
    seats and those elected before); the election goes back to wait for voting."""
    today = today or beijing_today()
    latest = _latest_counted(election)
    if latest.result["next"] != "new_election":
        _refuse(N_("Only a void ballot is held again."), rule="R-COUNT-1")
    _check_day(day, today)
    ballot = Ballot(election=election, number=latest.number + 1, kind=latest.kind, revote_of=latest.revote_of,
                    held_on=day, posts=latest.posts, candidates=latest.candidates,
                    elected_before=latest.elected_before, prepared_by=actor_name(actor))
    return _prepare(election, "new_election_pending", ballot, actor, today)


def leave_seats_empty_allowed(election: CommitteeElection, latest: Ballot) -> bool:
    """R-COUNT-8: after a supplementary election, with more than 3 members elected, the director
    among them."""
    held = members(election)
    return (latest.kind == "supplementary" and latest.result["status"] == "incomplete"
            and len(held) > 3 and any(m["post"] == "director" for m in held))


def leave_seats_empty(election: CommitteeElection, note: str, actor=None, *, today: date | None = None) -> None:
    """R-COUNT-8: the assembly's decision to leave the remaining seats empty, recorded."""
    today = today or beijing_today()
    latest = _latest_counted(election)
    note = (note or "").strip()
    if not leave_seats_empty_allowed(election, latest):
        _refuse(N_("Seats may be left empty only after a supplementary election that elected more than 3 members, "
                   "the director among them."), rule="R-COUNT-8")
    if not note:
        _refuse(N_("Say which meeting decided it and when."), field="note")
    latest.seats_left_empty = {"on": today.isoformat(), "by": actor_name(actor), "note": note}
    record(actor, election.committee_code, "result.seats_left_empty", "ballot", latest.id, after={"note": note})
    db.session.flush()


def certifiable(election: CommitteeElection, latest: Ballot | None) -> bool:
    return (election.stage == "counted" and latest is not None and latest.status == "counted"
            and (latest.result["next"] == "none" or latest.seats_left_empty is not None))


def certify(election: CommitteeElection, actor=None, *, today: date | None = None) -> None:
    """R-CERT-3: the township files the result; its tallies and results lock, and each member
    receives a certificate of election (R-CERT-2)."""
    today = today or beijing_today()
    latest = ballot_store.current(election)
    if getattr(actor, "role", None) not in CERTIFIERS:
        _refuse(N_("The result is certified by the township or street office."), rule="R-CERT-3")
    if not certifiable(election, latest):
        _refuse(N_("Only a final result is certified: every seat filled, or the decision to leave seats empty "
                   "recorded."), rule="R-CERT-3")
    rounds.move_stage(election, "certified", actor, today=today)
    held = members(election)
    record(actor, election.committee_code, "result.certified", "committee_election", election.id,
           after={"ballot": latest.number, "members": [m["name"] for m in held]})
    certificates.issue(election, held, actor, today=today)  # R-CERT-2
    db.session.flush()


def annul(election: CommitteeElection, post: str, name: str, reason: str, actor=None, *,
          today: date | None = None) -> Annulment:
    """R-COUNT-11: a win obtained by violence, threats, deception, bribery, forged ballots or false
    counts is void; the seat is vacant for a by-election."""
    today = today or beijing_today()
    if getattr(actor, "role", None) not in ANNULLERS:
        _refuse(N_("Only the city or the district annuls a result."), rule="R-COUNT-11")
    reason = (reason or "").strip()
    holder = next((m for m in members(election) if m["post"] == post and m["name"] == name), None)
    if holder is None:
        _refuse(N_("%(name)s does not hold this seat."), {"name": name}, field="who")
    if not reason:
        _refuse(N_("Give the reason for the annulment."), rule="R-COUNT-11", field="reason")
    ballot = next(b for b in ballot_store.ballots(election) if b.number == holder["ballot"])
    annulment = Annulment(election_id=election.id, ballot_id=ballot.id, post=post, name=name, reason=reason,
                          on_date=today, by=actor_name(actor))
    db.session.add(annulment)
    certificates.end_for_annulment(election, post, name, reason, today=today)
    record(actor, election.committee_code, "result.annulled", "committee_election", election.id,
           after={"post": post, "name": name, "reason": reason})
    figures.refresh(election)
    return annulment


def locked(election: CommitteeElection) -> bool:
    """R-CERT-3: certified results and their tallies change only by amendment."""
    return stages.reached(election.stage, "certified")

