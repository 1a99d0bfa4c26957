"""Issuing ballots on election day (R-POLL-3) and the turnout it makes (R-MODE-3).

An issue is one row of the register, unique per elector and ballot in the database, so a second
issue anywhere fails however the requests interleave; the client's key makes a retried request
return the issue it already made. With the row, in the same transaction, the counts of the place
and of the committee election go up by one: the turnout pages read those counts, and the
township, district and city pages add them up over `committee_elections`, never the register.
The first issue on election day moves the election to `voting`.
"""
from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from ..audit.services import actor_name
from ..clock import beijing_today
from ..extensions import db
from ..geography.models import Division
from ..messages import N_, Problem
from ..rolls import services as rolls
from ..rolls.models import Household, Voter
from ..rounds import services as rounds
from ..rounds.models import CommitteeElection, Round
from . import law, services
from .models import BallotIssue, PollingPlace, Proxy, StaffAssignment

# The stages in which ballots may be issued: the list is published (R-CAND-5) and the count not done.
ISSUING_STAGES = ("candidates_published", "voting", "new_election_pending")
SEARCH_LIMIT = 20


class IssueRefused(Exception):
    """Not issued: `status` is the API's answer (409 issued already, 422 not on this list or not
    allowed), `problem` says why, `extra` carries the first issue's place and time for a 409."""

    def __init__(self, status: int, problem: Problem, extra: dict | None = None):
        super().__init__(problem.message)
        self.status, self.problem, self.extra = status, problem, extra or {}


@dataclass(frozen=True)
class Issued:
    id: int
    answer: dict  # what the API answers: the issue's id, card, name, place (and its id), time, proxy or not
    created: bool  # False: the same key again, answered with the first issue


def places_for(user) -> list[PollingPlace]:
    """The places an issuer's account may issue at: where it is assigned as issuer, in open rounds."""
    return list(db.session.scalars(
        select(PollingPlace).join(StaffAssignment, StaffAssignment.place_id == PollingPlace.id)
        .join(CommitteeElection, CommitteeElection.id == PollingPlace.election_id)
        .join(Round, Round.id == CommitteeElection.round_id)
        .where(StaffAssignment.user_id == user.id, StaffAssignment.role == "issuer", Round.status == "open")
        .order_by(PollingPlace.id).distinct()))


def may_issue_at(user, target: PollingPlace) -> bool:
    return db.session.scalar(select(StaffAssignment.id).where(
        StaffAssignment.place_id == target.id, StaffAssignment.user_id == user.id,
        StaffAssignment.role == "issuer").limit(1)) is not None


def card_number(card: str) -> int | None:
    """The voter-card number as printed (zero-padded) or typed without its zeros."""
    card = (card or "").strip()
    return int(card) if card.isdigit() and len(card) <= 9 else None


def _stations(election_id: int) -> list[PollingPlace]:
    return list(db.session.scalars(select(PollingPlace).where(PollingPlace.election_id == election_id,
                                                              PollingPlace.kind == "station")))


def _first(election: CommitteeElection, voter_ids: list[int], ballot: int = 1) -> dict[int, dict]:
    rows = db.session.execute(select(BallotIssue.voter_id, PollingPlace.name, BallotIssue.at)
                              .join(PollingPlace, PollingPlace.id == BallotIssue.place_id)
                              .where(BallotIssue.election_id == election.id, BallotIssue.ballot == ballot,
                                     BallotIssue.voter_id.in_(voter_ids))).all()
    return {voter_id: {"place": name, "at": _iso(at)} for voter_id, name, at in rows}


def _iso(at: datetime) -> str:
    return (at if at.tzinfo else at.replace(tzinfo=timezone.utc)).astimezone(timezone.utc).isoformat(
        timespec="seconds").replace("+00:00", "Z")


def search(target: PollingPlace, q: str) -> list[dict]:
    """Electors on the place's list, and holders of proxies, by name (any part) or card number."""
    election = target.election
    q = (q or "").strip()
    if not q:
        return []
    width = 4
    number = card_number(q)
    match = Voter.number == number if number is not None else Voter.name.contains(q, autoescape=True)
    holders = select(Proxy.holder_id).where(Proxy.election_id == election.id, Proxy.withdrawn_on.is_(None))
    where = [Voter.election_id == election.id, Voter.status == "registered", match,
             or_(services.elector_condition(election), Voter.id.in_(holders))]
    condition = services.list_condition(target, _stations(election.id))
    if condition is not None:
        where.append(condition)
    found = db.session.execute(select(Voter, Household.number).join(Household, Household.id == Voter.household_id)
                               .where(*where).order_by(Voter.number).limit(SEARCH_LIMIT)).all()
    electors = {v.id for v in db.session.scalars(select(Voter).where(
        services.elector_condition(election), Voter.id.in_([v.id for v, _ in found])))}
    held = db.session.scalars(select(Proxy).where(Proxy.holder_id.in_([v.id for v, _ in found]),
                                                  Proxy.withdrawn_on.is_(None)).order_by(Proxy.id)).all()
    issued = _first(election, [v.id for v, _ in found] + [p.principal_id for p in held])
    width = max(width, len(str(db.session.scalar(select(func.max(Voter.number)).where(
        Voter.election_id == election.id)) or 0)))
    result = []
    for voter, household in found:
        result.append({
            "card": str(voter.number).zfill(width), "name": voter.name, "household": household,
            "elector": voter.id in electors,
            "proxies": [{"card": str(p.principal.number).zfill(width), "name": p.principal.name,
                         "issued": issued.get(p.principal_id)} for p in held if p.holder_id == voter.id],
            "issued": issued.get(voter.id)})
    return result


def _not_on_list(reason: str, params: dict | None = None, rule: str | None = None):
    raise IssueRefused(422, Problem(reason, params or {}, rule=rule))


@dataclass(frozen=True)
class Plan:
    """An issue checked and not yet written: plain values, which outlive the read transaction."""

    election_id: int
    place_id: int
    place_name: str
    voter_id: int
    number: int
    name: str
    proxy_id: int | None
    key: str
    stage: str
    today: date


def check(target: PollingPlace, card: str, key: str, *, holder_card: str | None = None,
          today: date | None = None) -> Plan | Issued:
    """Everything an issue needs to know, read and checked (R-POLL-1…3, R-MODE-3): the plan of the
    issue, or the issue this key made before (a retried request). Raises IssueRefused. Writes nothing."""
    election = target.election
    key = (key or "").strip()
    if not 8 <= len(key) <= 64:
        _not_on_list(N_("Each issue needs the client's key (8 to 64 characters)."))
    number = card_number(card)
    again = _by_key(key)
    if again is not None:
        if again.answer["place_id"] != target.id or again.answer["card"] != number:
            _not_on_list(N_("This key was used for another issue."))
        return again
    today = today or beijing_today()
    problem = law.issue_problem(stage_open=election.stage in ISSUING_STAGES and election.round.is_open,
                                today=today, election_day=election.election_day)
    if problem is not None:
        raise IssueRefused(422, problem)
    if target.kind != "central":
        for problem in law.staffing_problems(target.kind, [s.role for s in target.staff]):
            raise IssueRefused(422, problem)
    voter = db.session.scalar(select(Voter).where(Voter.election_id == election.id, Voter.number == number)) \
        if number is not None else None
    if voter is None or voter.status != "registered":
        _not_on_list(N_("No registered voter of this committee has the card number %(card)s."),
                     {"card": (card or "").strip() or "—"}, rule="R-ROLL-5")
    if not services.is_elector(election, voter):
        _not_on_list(N_("%(name)s is not an elector in this election's mode."), {"name": voter.name}, rule="R-MODE-3")
    # Issued already, anywhere: said first, with where and when (R-POLL-3).
    first = _first(election, [voter.id]).get(voter.id)
    if first is not None:
        _issued_already(voter.name, first)
    proxy = None
    if holder_card is not None:
        holder_number = card_number(holder_card)
        proxy = db.session.scalar(select(Proxy).join(Voter, Voter.id == Proxy.holder_id).where(
            Proxy.principal_id == voter.id, Proxy.withdrawn_on.is_(None), Voter.number == holder_number))
        if proxy is None:
            _not_on_list(N_("%(name)s gave no standing proxy to this holder."), {"name": voter.name}, rule="R-POLL-2")
        if election.mode in election.rules.proxy_barred_modes:
            _not_on_list(N_("There is no proxy voting in the mode %(mode)s under rule set %(ruleset)s."),
                         {"mode": election.mode, "ruleset": election.rules.name}, rule="R26-POLL")
        present = proxy.holder
    else:
        present = voter
    group_id = db.session.scalar(select(Household.group_id).where(Household.id == present.household_id))
    if not services.on_list(target, _stations(election.id), present, group_id):
        _not_on_list(N_("%(name)s is not on the list of %(place)s."), {"name": present.name, "place": target.name},
                     rule="R-POLL-3")
    return Plan(election_id=election.id, place_id=target.id, place_name=target.name, voter_id=voter.id,
                number=voter.number, name=voter.name, proxy_id=proxy.id if proxy else None, key=key,
                stage=election.stage, today=today)


def record_issue(plan: Plan, actor=None, *, issued_by: str | None = None, now: datetime | None = None) -> Issued:
    """Write a checked issue: its row, and the counts of its place and election, in as few statements
    as can be (on SQLite they hold the database's one write lock). The database's unique keys
    decide between parallel requests: the loser is answered as a retry (same key) or a 409."""
    at = now or datetime.now(timezone.utc)
    made = BallotIssue(election_id=plan.election_id, ballot=1, place_id=plan.place_id, voter_id=plan.voter_id,
                       proxy_id=plan.proxy_id, key=plan.key, at=at, issued_by=issued_by or actor_name(actor))
    try:
        with db.session.begin_nested():
            db.session.add(made)
    except IntegrityError:  # a parallel request issued to this person, or sent this key, first
        again = _by_key(plan.key)
        if again is not None:
            return again
        election = db.session.get(CommitteeElection, plan.election_id)
        _issued_already(plan.name, _first(election, [plan.voter_id]).get(plan.voter_id) or {})
    db.session.execute(update(PollingPlace).where(PollingPlace.id == plan.place_id)
                       .values(issued=PollingPlace.issued + 1))
    db.session.execute(update(CommitteeElection).where(CommitteeElection.id == plan.election_id)
                       .values(issued=CommitteeElection.issued + 1))
    if plan.stage != "voting":
        _start_voting(db.session.get(CommitteeElection, plan.election_id), actor, plan.today)
    return Issued(made.id, {"id": made.id, "card": plan.number, "name": plan.name, "place": plan.place_name,
                            "place_id": plan.place_id, "at": _iso(at), "proxy": plan.proxy_id is not None}, True)


def issue(target: PollingPlace, card: str, key: str, actor=None, *, holder_card: str | None = None,
          today: date | None = None, now: datetime | None = None) -> Issued:
    """Check and write in one go (the demo, the tests); the API checks in a read transaction first."""
    checked = check(target, card, key, holder_card=holder_card, today=today)
    return checked if isinstance(checked, Issued) else record_issue(checked, actor, now=now)


def _by_key(key: str) -> Issued | None:
    row = db.session.execute(select(BallotIssue.id, BallotIssue.place_id, BallotIssue.at, BallotIssue.proxy_id,
                                    Voter.number, Voter.name, PollingPlace.name)
                             .join(Voter, Voter.id == BallotIssue.voter_id)
                             .join(PollingPlace, PollingPlace.id == BallotIssue.place_id)
                             .where(BallotIssue.key == key)).first()
    if row is None:
        return None
    issue_id, place_id, at, proxy_id, number, name, place_name = row
    return Issued(issue_id, {"id": issue_id, "card": number, "name": name, "place": place_name, "place_id": place_id,
                             "at": _iso(at), "proxy": proxy_id is not None}, False)


def _issued_already(name: str, first: dict):
    raise IssueRefused(409, Problem(N_("%(name)s's ballot was issued already, at %(place)s at %(at)s."),
                                    {"name": name, "place": first.get("place", ""), "at": first.get("at", "")},
                                    rule="R-POLL-3"), first)


def _start_voting(election: CommitteeElection, actor, today) -> None:
    """The first ballot of election day: the election is voting, its electorate fixed (R-MODE-3).
    Read again after the count's UPDATE, which waits for a parallel first issue to commit."""
    db.session.refresh(election)
    if election.stage == "voting":
        return
    election.electorate = rolls.electorate(election, rolls.counts(election))
    rounds.move_stage(election, "voting", actor, today=today)


# ---- turnout -------------------------------------------------------------------------------------

def electorate_of(election: CommitteeElection) -> int:
    """R-MODE-3: fixed when voting began; before, as the roll stands."""
    if election.electorate is not None:
        return election.electorate
    return rolls.electorate(election, rolls.counts(election))


def turnout(election: CommitteeElection) -> dict:
    """The committee's live turnout: ballots issued per place against the electorate of the mode."""
    found = services.places(election)
    electorates = services.place_electorates(election, found)
    db.session.refresh(election, ["issued"])
    return {"electorate": electorate_of(election), "issued": election.issued,
            "places": [{"id": p.id, "name": p.name, "kind": p.kind, "issued": p.issued,
                        "electorate": electorates[p.id]} for p in found]}


@dataclass
class Rollup:
    """Turnout under a unit, by child unit: elections voting or past it, their electorate and ballots
    issued, from the maintained counts."""

    electorate: int = 0
    issued: int = 0
    voting: int = 0  # elections that have begun voting
    children: list = None  # (code, name, voting, electorate, issued)


def rollup(round_: Round, unit: Division) -> Rollup:
    """One grouped query over `committee_elections` (no scan of the register), whatever the size."""
    e = CommitteeElection
    child = {"city": e.district_code, "district": e.township_code, "township": e.committee_code}.get(unit.level)
    scope = {"district": e.district_code, "township": e.township_code, "committee": e.committee_code}.get(unit.level)
    where = [e.round_id == round_.id, e.electorate.is_not(None)]
    if scope is not None:
        where.append(scope == unit.code)
    column = child if child is not None else e.committee_code
    rows = db.session.execute(select(column, Division.name, func.count(), func.sum(e.electorate), func.sum(e.issued))
                              .join(Division, Division.code == column).where(*where)
                              .group_by(column, Division.name).order_by(column)).all()
    result = Rollup(children=[])
    for code, name, voting, electorate, issued in rows:
        result.children.append((code, name, voting, electorate or 0, issued or 0))
        result.voting += voting
        result.electorate += electorate or 0
        result.issued += issued or 0
    return result


def share(issued: int, electorate: int) -> float | None:
    return issued / electorate if electorate else None

