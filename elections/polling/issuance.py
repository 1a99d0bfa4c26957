"""Issuing ballots on election day (R-POLL-3) and the turnout it makes (R-MODE-3).

An issue is one row of the register, unique per elector and ballot in the database, so a second
issue anywhere fails however the requests interleave; the client's key makes a retried request
return the issue it already made. With the row, in the same transaction, the counts of the place
and of the committee election go up by one: the turnout pages read those counts, and the
township, district and city pages add them up over `committee_elections`, never the register.
The first issue on election day moves the election to `voting`.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from sqlalchemy import String, and_, cast, func, insert, literal, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from ..audit.services import actor_name, record
from ..clock import BEIJING, beijing_today
from ..extensions import db
from ..geography.models import Division
from ..messages import N_, Problem
from ..rolls import services as rolls
from ..rolls.models import Household, Voter
from ..rounds import services as rounds
from ..rounds.models import CommitteeElection, Round
from ..rulesets import RULESETS, ruleset_for
from . import law, services
from ..tallies import ballots as tally_ballots
from ..tallies.models import Ballot as TallyBallot
from .models import BallotIssue, PollingPlace, Proxy, StaffAssignment
from ..transactions import Refusal

# The stages in which ballots may be issued: the list is published (R-CAND-5) and the count not done.
# The first ballot from the published list; a revote, a supplementary or a repeated ballot once
# it is prepared (results.services), on its own day.
ISSUING_STAGES = ("candidates_published", "voting", "new_election_pending", "revote_pending", "supplementary_pending")
SEARCH_LIMIT = 20


class RegisterRefused(Refusal):
    pass


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
    mine = select(StaffAssignment.place_id).where(StaffAssignment.user_id == user.id, StaffAssignment.role == "issuer")
    return list(db.session.scalars(
        select(PollingPlace).join(CommitteeElection, CommitteeElection.id == PollingPlace.election_id)
        .join(Round, Round.id == CommitteeElection.round_id)
        .where(PollingPlace.id.in_(mine), Round.status == "open").order_by(PollingPlace.id)))


def place_of(user, place_id: int) -> PollingPlace | None:
    """The place, if this account issues there; else None."""
    return db.session.get(PollingPlace, place_id) if desk_of(user, place_id) is not None else None


@dataclass(frozen=True)
class Ballot:
    """What an issue reads of a committee election: plain values, read in the same query as its place."""

    id: int
    mode: str
    stage: str
    election_day: date | None
    committee_code: str
    round_open: bool
    ruleset: str
    number: int = 1  # the ballot being issued: 1 until the first is opened by its first issue
    held_on: date | None = None  # its day (tallies.models.Ballot), once it exists

    @property
    def day(self) -> date | None:
        return self.held_on or self.election_day

    @property
    def rules(self):
        return ruleset_for(self.election_day) if self.election_day else RULESETS[self.ruleset]


@dataclass(frozen=True)
class Desk:
    """A place as an issue reads it: its list (`kind`, `serves`), its scrutineers (R-POLL-1), its election."""

    id: int
    name: str
    kind: str
    serves: dict
    scrutineers: int
    stations: int  # of its election: the central venue serves those no station serves
    election: Ballot


def _core():
    """The session's connection, for the statements of the issue path: Core statements there skip
    the ORM's execution layer, a good part of each statement's cost (the session's transaction
    is the same)."""
    return db.session.connection()


def desk_of(user, place_id: int) -> Desk | None:
    """The place and its election in one query of plain columns, if `user` issues there (None: any
    place, for the services' own callers); else None. The API reads this on every issue."""
    if not 0 < place_id < 2**63:
        return None
    scrutineers = select(func.count(StaffAssignment.id)).where(
        StaffAssignment.place_id == PollingPlace.id, StaffAssignment.role.in_(law.SCRUTINEERS)).scalar_subquery()
    other = aliased(PollingPlace)
    stations = select(func.count(other.id)).where(other.election_id == PollingPlace.election_id,
                                                  other.kind == "station").scalar_subquery()
    latest = (select(TallyBallot.number, TallyBallot.held_on).where(TallyBallot.election_id == PollingPlace.election_id)
              .order_by(TallyBallot.number.desc()).limit(1))
    query = (select(PollingPlace.id, PollingPlace.name, PollingPlace.kind, PollingPlace.serves, scrutineers, stations,
                    CommitteeElection.id, CommitteeElection.mode, CommitteeElection.stage,
                    CommitteeElection.election_day, CommitteeElection.committee_code, Round.status, Round.ruleset,
                    latest.with_only_columns(TallyBallot.number).scalar_subquery(),
                    latest.with_only_columns(TallyBallot.held_on).scalar_subquery())
             .join(CommitteeElection, CommitteeElection.id == PollingPlace.election_id)
             .join(Round, Round.id == CommitteeElection.round_id).where(PollingPlace.id == place_id))
    if user is not None:
        query = query.where(select(StaffAssignment.id).where(
            StaffAssignment.place_id == PollingPlace.id, StaffAssignment.user_id == user.id,
            StaffAssignment.role == "issuer").exists())
    row = _core().execute(query).first()
    if row is None:
        return None
    (place_id, name, kind, serves, count, stations, election_id, mode, stage, day, code, status, ruleset,
     number, held_on) = row
    return Desk(place_id, name, kind, serves or {}, count or 0, stations or 0,
                Ballot(election_id, mode, stage, day, code, status == "open", ruleset, number or 1, held_on))


def card_number(card: str) -> int | None:
    """The voter-card number as printed (zero-padded) or typed without its zeros."""
    card = (card or "").strip()
    return int(card) if card.isdigit() and len(card) <= 9 else None


def _stations(election_id: int) -> list[PollingPlace]:
    return list(db.session.scalars(select(PollingPlace).where(PollingPlace.election_id == election_id,
                                                              PollingPlace.kind == "station")))


def _station_serves(election_id: int) -> list[dict]:
    """Whom the election's stations serve: those the central venue does not."""
    return list(_core().scalars(select(PollingPlace.serves).where(PollingPlace.election_id == election_id,
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
    issued = _first(election, [v.id for v, _ in found] + [p.principal_id for p in held], current_number(election))
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
    ballot: int = 1


def check(target: Desk, card: str, key: str, *, holder_card: str | None = None,
          today: date | None = None) -> Plan | Issued:
    """Everything an issue needs to know, read and checked (R-POLL-1…3, R-MODE-3): the plan of the
    issue, or the issue this key made before (a retried request). Raises IssueRefused. Writes nothing."""
    election = target.election
    key = (key or "").strip()
    if not 8 <= len(key) <= 64:
        _not_on_list(N_("Each issue needs the client's key (8 to 64 characters)."))
    number = card_number(card)
    today = today or beijing_today()
    problem = law.issue_problem(stage_open=election.stage in ISSUING_STAGES and election.round_open,
                                today=today, election_day=election.day)
    if problem is not None:
        raise IssueRefused(422, problem)
    for problem in law.staffing_problems(target.kind, target.scrutineers):
        raise IssueRefused(422, problem)
    # The person, their group, and their first issue if any, in one query: a retried request finds
    # its own key there and is answered with the issue it made.
    row = _core().execute(
        select(Voter.id, Voter.election_id, Voter.number, Voter.name, Voter.status, Voter.household_id,
               Voter.household_representative, Household.group_id, PollingPlace.name.label("first_place"),
               BallotIssue.at.label("first_at"), BallotIssue.key.label("first_key"), BallotIssue.id.label("first_id"),
               BallotIssue.place_id.label("first_place_id"), BallotIssue.proxy_id.label("first_proxy"))
        .join(Household, Household.id == Voter.household_id)
        .outerjoin(BallotIssue, and_(BallotIssue.election_id == election.id, BallotIssue.ballot == election.number,
                                     BallotIssue.voter_id == Voter.id))
        .outerjoin(PollingPlace, PollingPlace.id == BallotIssue.place_id)
        .where(Voter.election_id == election.id, Voter.number == number)).first() if number is not None else None
    if row is None or row.status != "registered":
        _not_on_list(N_("No registered voter of this committee has the card number %(card)s."),
                     {"card": (card or "").strip() or "—"}, rule="R-ROLL-5")
    voter = row  # the person's columns, by name
    group_id, first_place, first_at, first_key, first_id, first_place_id, first_proxy = (
        row.group_id, row.first_place, row.first_at, row.first_key, row.first_id, row.first_place_id, row.first_proxy)
    if first_key == key:
        if first_place_id != target.id:
            _not_on_list(N_("This key was used for another issue."))
        return Issued(first_id, {"id": first_id, "card": voter.number, "name": voter.name, "place": first_place,
                                 "place_id": first_place_id, "at": _iso(first_at), "proxy": first_proxy is not None},
                      False)
    if not services.is_elector(election, voter):
        _not_on_list(N_("%(name)s is not an elector in this election's mode."), {"name": voter.name}, rule="R-MODE-3")
    if first_at is not None:  # issued already, anywhere: said first, with where and when (R-POLL-3)
        _issued_already(voter.name, {"place": first_place, "at": _iso(first_at)})
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
        group_id = db.session.scalar(select(Household.group_id).where(Household.id == present.household_id))
    else:
        present = voter
    stations = _station_serves(election.id) if target.kind == "central" and target.stations else []
    if not services.on_list(target, stations, present, group_id):
        _not_on_list(N_("%(name)s is not on the list of %(place)s."), {"name": present.name, "place": target.name},
                     rule="R-POLL-3")
    return Plan(election_id=election.id, place_id=target.id, place_name=target.name, voter_id=voter.id,
                number=voter.number, name=voter.name, proxy_id=proxy.id if proxy else None, key=key,
                stage=election.stage, today=today, ballot=election.number)


def record_issue(plan: Plan, actor=None, *, issued_by: str | None = None, now: datetime | None = None,
                 alone: bool = False) -> Issued:
    """Write a checked issue: its row and its election's count, in as few statements
    as can be (on SQLite they hold the database's one write lock). The database's unique keys
    decide between parallel requests: the loser is answered as a retry (same key) or a 409.
    `alone`: the transaction holds nothing else (the API's), so no savepoint (two statements more on
    every issue) guards the INSERT: a clash raises `Clash`, and the caller rolls back and `settle`s."""
    at = now or datetime.now(timezone.utc)
    row = insert(BallotIssue).values(election_id=plan.election_id, ballot=plan.ballot, place_id=plan.place_id,
                                     voter_id=plan.voter_id, proxy_id=plan.proxy_id, key=plan.key, at=at,
                                     issued_by=issued_by or actor_name(actor)).returning(BallotIssue.id)
    try:
        if alone:
            made = _core().scalar(row)
        else:
            with db.session.begin_nested():
                made = _core().scalar(row)
    except IntegrityError as clash:  # a parallel request issued to this person, or sent this key, first
        if alone:
            raise Clash(plan) from clash
        return settle(plan)
    _core().execute(update(CommitteeElection).where(CommitteeElection.id == plan.election_id)
                       .values(issued=CommitteeElection.issued + 1))
    if plan.stage in ("candidates_published", "new_election_pending"):
        _start_voting(db.session.get(CommitteeElection, plan.election_id), actor, plan.today)
    return Issued(made, {"id": made, "card": plan.number, "name": plan.name, "place": plan.place_name,
                            "place_id": plan.place_id, "at": _iso(at), "proxy": plan.proxy_id is not None}, True)


def record_register(target: PollingPlace, numbers: list[int], day: date, actor=None) -> int:
    """A place's paper register entered after its day (a place without a tablet): the roll numbers
    of everyone who signed for a ballot there. One INSERT … SELECT takes every number that is an
    elector the place issues to and has no ballot of this ballot yet (R-MODE-3, R-POLL-3); a number
    that is not is refused, and with it the whole register (nothing half-written). The first
    ballots of the day start the voting as a tablet's first issue does."""
    election = target.election
    ballot = current_number(election)
    if election.stage in ("candidates_published", "new_election_pending"):
        _start_voting(election, actor, day)
        ballot = current_number(election)
    condition = services.list_condition(target, services.places(election))
    at = datetime.combine(day, time(12), BEIJING).astimezone(timezone.utc)
    taken = select(BallotIssue.voter_id).where(BallotIssue.election_id == election.id, BallotIssue.ballot == ballot)
    made = 0
    for start in range(0, len(numbers), 500):
        chunk = numbers[start:start + 500]
        rows = select(literal(election.id), literal(ballot), literal(target.id), Voter.id,
                      literal(f"register-{target.id}-{ballot}-") + cast(Voter.number, String), literal(at),
                      literal(actor_name(actor))).where(
            services.elector_condition(election), Voter.number.in_(chunk), Voter.id.not_in(taken),
            *([condition] if condition is not None else []))
        made += len(db.session.execute(insert(BallotIssue).from_select(
            ["election_id", "ballot", "place_id", "voter_id", "key", "at", "issued_by"], rows)
            .returning(BallotIssue.id)).all())  # counted from the rows: PostgreSQL's rowcount here is -1
    if made != len(set(numbers)):
        raise RegisterRefused([Problem(N_("%(count)d numbers of the register are not electors of this place, or "
                                          "had a ballot already."), {"count": len(set(numbers)) - made},
                                       rule="R-POLL-3")])
    db.session.execute(update(CommitteeElection).where(CommitteeElection.id == election.id)
                       .values(issued=CommitteeElection.issued + made))
    db.session.expire(election, ["issued"])
    record(actor, election.committee_code, "polling.register", "polling_place", target.id,
           after={"ballot": ballot, "issued": made})
    db.session.flush()
    return made


class Clash(Exception):
    """A parallel request wrote this issue's person or key first; the transaction must be rolled back."""

    def __init__(self, plan: Plan):
        super().__init__(plan.key)
        self.plan = plan


def settle(plan: Plan) -> Issued:
    """After a clash: the issue this key made (a retry), or a refusal saying where the person's was."""
    again = _by_key(plan.key)
    if again is not None:
        if again.answer["card"] != plan.number or again.answer["place_id"] != plan.place_id:
            _not_on_list(N_("This key was used for another issue."))
        return again
    election = db.session.get(CommitteeElection, plan.election_id)
    _issued_already(plan.name, _first(election, [plan.voter_id], plan.ballot).get(plan.voter_id) or {})


def issue(target: PollingPlace, card: str, key: str, actor=None, *, holder_card: str | None = None,
          today: date | None = None, now: datetime | None = None) -> Issued:
    """Check and write in one go (the demo, the tests); the API checks in a read transaction first."""
    checked = check(desk_of(None, target.id), card, key, holder_card=holder_card, today=today)
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
    if election.stage == "candidates_published":  # the first ballot: a repeated one keeps it (R-COUNT-1)
        election.electorate = rolls.electorate(election, rolls.counts(election))
        tally_ballots.open_first_ballot(election, today, actor)
    rounds.move_stage(election, "voting", actor, today=today)


# ---- turnout -------------------------------------------------------------------------------------

def electorate_of(election: CommitteeElection) -> int:
    """R-MODE-3: fixed when voting began; before, as the roll stands."""
    if election.electorate is not None:
        return election.electorate
    return rolls.electorate(election, rolls.counts(election))


def current_number(election: CommitteeElection) -> int:
    """The ballot being issued or last issued: 1 until a later one is prepared."""
    return db.session.scalar(select(func.max(TallyBallot.number)).where(TallyBallot.election_id == election.id)) or 1


def issued_at(place_ids: list[int], ballot: int | None = None) -> dict[int, int]:
    """Ballots issued at each place, from the register (of one ballot, or all of them)."""
    query = select(BallotIssue.place_id, func.count()).where(BallotIssue.place_id.in_(place_ids))
    if ballot is not None:
        query = query.where(BallotIssue.ballot == ballot)
    counts = dict(db.session.execute(query.group_by(BallotIssue.place_id)).all()) if place_ids else {}
    return {place_id: counts.get(place_id, 0) for place_id in place_ids}


def turnout(election: CommitteeElection, found: list[PollingPlace] | None = None) -> dict:
    """The committee's live turnout: ballots issued per place against the electorate of the mode
    (`found`: the election's places, when the caller has them already)."""
    found = services.places(election) if found is None else found
    electorates = services.place_electorates(election, found)
    issued = issued_at([p.id for p in found], current_number(election))
    db.session.refresh(election, ["issued"])
    return {"electorate": electorate_of(election), "issued": election.issued,
            "places": [{"id": p.id, "name": p.name, "kind": p.kind, "issued": issued[p.id],
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

