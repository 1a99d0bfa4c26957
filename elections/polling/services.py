"""Preparing election day: the places of a committee election and whom each serves, their staff
from the roll (R-POLL-1, R-CAND-6), issuers' accounts, and the written proxies (R-POLL-2, R26-POLL).

Each operation checks the law and the input, changes the records and writes its audit entry,
flushed for the request or command to commit, or raises `PollingError` with every problem, and
the unit of work writes nothing.
"""
import secrets
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..accounts.services import AccountError, create_user
from ..audit.services import actor_name, record
from ..candidates import services as candidates
from ..clock import beijing_today
from ..extensions import db
from ..messages import N_, Problem
from ..roles import Role
from ..rolls import relatives
from ..rolls.models import GroupRepresentative, Household, Voter, VoterGroup
from ..rolls.services import REPRESENTATIVE_MODES
from ..rounds import stages
from ..rounds.models import CommitteeElection
from ..statistics import figures
from ..transactions import Refusal
from . import law
from .models import BallotIssue, PollingPlace, Proxy, StaffAssignment


class PollingError(Refusal):
    pass


def _refuse(message: str, params: dict | None = None, *, rule: str | None = None, field: str | None = None):
    raise PollingError([Problem(message, params or {}, rule=rule, field=field)])


# ---- reading ---------------------------------------------------------------------------------

def places(election: CommitteeElection) -> list[PollingPlace]:
    """The election's places, the central venue first, with their staff."""
    order = {kind: i for i, kind in enumerate(law.PLACE_KINDS)}
    found = db.session.scalars(select(PollingPlace).where(PollingPlace.election_id == election.id)
                               .options(selectinload(PollingPlace.staff).selectinload(StaffAssignment.voter))
                               .order_by(PollingPlace.id)).all()
    return sorted(found, key=lambda p: order[p.kind])


def place(election: CommitteeElection, place_id: int) -> PollingPlace | None:
    found = db.session.get(PollingPlace, place_id) if 0 < place_id < 2**63 else None
    return found if found is not None and found.election_id == election.id else None


def proxies(election: CommitteeElection, *, standing_only: bool = True) -> list[Proxy]:
    where = [Proxy.election_id == election.id]
    if standing_only:
        where.append(Proxy.withdrawn_on.is_(None))
    return list(db.session.scalars(select(Proxy).where(*where).options(
        selectinload(Proxy.principal), selectinload(Proxy.holder)).order_by(Proxy.id)))


def elector_condition(election: CommitteeElection):
    """R-MODE-3: who votes in the election's mode: registered voters, household representatives, or
    the representatives the groups elected."""
    registered = and_(Voter.election_id == election.id, Voter.status == "registered")
    if election.mode == "household":
        return and_(registered, Voter.household_representative)
    if election.mode in REPRESENTATIVE_MODES:
        return and_(registered, Voter.id.in_(select(GroupRepresentative.voter_id)))
    return registered


def is_elector(election: CommitteeElection, voter) -> bool:
    """R-MODE-3 for one voter (a Voter, or a row with its `id`, `election_id`, `status` and
    `household_representative`)."""
    if voter.election_id != election.id or voter.status != "registered":
        return False
    if election.mode == "household":
        return voter.household_representative
    if election.mode in REPRESENTATIVE_MODES:
        return db.session.scalar(select(GroupRepresentative.id).where(GroupRepresentative.voter_id == voter.id)
                                 .limit(1)) is not None
    return True


def served_condition(serves: dict):
    """The voters a station or mobile box serves, as SQL."""
    conditions = []
    if serves.get("groups"):
        conditions.append(Voter.household_id.in_(select(Household.id).where(Household.group_id.in_(serves["groups"]))))
    if serves.get("households"):
        conditions.append(Voter.household_id.in_(serves["households"]))
    if serves.get("voters"):
        conditions.append(Voter.id.in_(serves["voters"]))
    return or_(*conditions) if conditions else None


def list_condition(target: PollingPlace, stations: list[PollingPlace]):
    """The voters on a place's list: those a station or box serves; at the central venue everybody
    no station serves (a mobile box visits people who may still come to the venue)."""
    if target.kind != "central":
        return served_condition(target.serves)
    others = [c for c in (served_condition(s.serves) for s in stations if s.kind == "station") if c is not None]
    return ~or_(*others) if others else None


def on_list(target: PollingPlace, stations: list[dict], voter, group_id: int | None) -> bool:
    """`list_condition` for one voter (its `id` and `household_id`), without a query; `stations`
    are the `serves` of the election's stations."""
    def served(serves: dict) -> bool:
        return (group_id in serves.get("groups", ()) or voter.household_id in serves.get("households", ())
                or voter.id in serves.get("voters", ()))
    if target.kind != "central":
        return served(target.serves)
    return not any(served(serves) for serves in stations)


def place_electorates(election: CommitteeElection, found: list[PollingPlace] | None = None) -> dict[int, int]:
    """The electors on each place's list (R-MODE-3): the ballots each needs before the reserve."""
    found = places(election) if found is None else found
    counts = {}
    for target in found:
        condition = list_condition(target, found)
        where = [elector_condition(election)] + ([condition] if condition is not None else [])
        counts[target.id] = db.session.scalar(select(func.count(Voter.id)).where(*where))
    return counts


def reserve_percent(election: CommitteeElection) -> int:
    return int(election.round.policy.get("ballot_reserve", law.DEFAULT_RESERVE_PERCENT))  # rounds before it


def print_counts(election: CommitteeElection, electorates: dict[int, int]) -> dict[int, int]:
    """Ballots to print per place: its electorate (`place_electorates`) plus the round's reserve share."""
    reserve = reserve_percent(election)
    return {place_id: law.ballots_to_print(count, reserve) for place_id, count in electorates.items()}


def readiness(election: CommitteeElection, found: list[PollingPlace] | None = None) -> list[Problem]:
    """What stands between the places and a ballot issued: no central venue, a station or box without
    its scrutineers (R-POLL-1), a place without an issuer who has an account."""
    found = places(election) if found is None else found
    problems = []
    if not any(p.kind == "central" for p in found):
        problems.append(Problem(N_("The central venue is not set up yet."), rule="R-POLL-1"))
    for target in found:
        for problem in law.staffing_problems(target.kind, sum(s.role in law.SCRUTINEERS for s in target.staff)):
            problems.append(Problem(N_("%(place)s: %(problem)s"), {"place": target.name, "problem": problem.message,
                                                                   **problem.params}, rule=problem.rule))
        if not any(s.role == "issuer" and s.user_id for s in target.staff):
            problems.append(Problem(N_("%(place)s has no ballot issuer with an account yet."), {"place": target.name}))
    return problems


# ---- the people of the roll -----------------------------------------------------------------------

def find_person(election: CommitteeElection, who: str) -> Voter | None:
    """A registered voter of this committee by roll number (编号), ID number, or name when unique."""
    who = (who or "").strip()
    if who.isdigit() and len(who) <= 7:
        return db.session.scalar(select(Voter).where(Voter.election_id == election.id,
                                                     Voter.status == "registered", Voter.number == int(who)))
    return candidates.find_voter(election, who)


def _person_or_refuse(election: CommitteeElection, who: str, field: str) -> Voter:
    found = find_person(election, who)
    if found is None:
        _refuse(N_("No registered voter of this committee is %(who)s (give the number on the roll, the ID number, "
                   "or a name no one else has)."), {"who": (who or "").strip() or "—"}, field=field)
    return found


def _require_preparing(election: CommitteeElection) -> None:
    """Places, staff and proxies are prepared once the roll is published and until the count."""
    if not election.round.is_open:
        _refuse(N_("The round is closed: nothing in it can change."))
    if not stages.reached(election.stage, "roll_published") or stages.reached(election.stage, "counted"):
        _refuse(N_("Election day is prepared after the voter list is published and until the count "
                   "(this election is at another stage)."), rule="R-ROLL-5")


# ---- places ----------------------------------------------------------------------------------------

@dataclass
class PlaceInput:
    kind: str
    name: str
    address: str
    opens: time
    closes: time
    groups: list[str]  # group names
    households: list[str]  # household numbers (户号)
    voters: list[str]  # roll numbers, ID numbers or names


def _serves(election: CommitteeElection, data: PlaceInput) -> dict:
    problems = []
    groups, households, voters = [], [], []
    for name in data.groups:
        found = db.session.scalar(select(VoterGroup.id).where(VoterGroup.election_id == election.id,
                                                              VoterGroup.name == name))
        if found is None:
            problems.append(Problem(N_("There is no group %(name)s on this roll."), {"name": name}, field="groups"))
        groups.append(found)
    for number in data.households:
        found = db.session.scalar(select(Household.id).where(Household.election_id == election.id,
                                                             Household.number == number))
        if found is None:
            problems.append(Problem(N_("There is no household %(name)s on this roll."), {"name": number},
                                    field="households"))
        households.append(found)
    for who in data.voters:
        found = find_person(election, who)
        if found is None:
            problems.append(Problem(N_("No registered voter of this committee is %(who)s (give the number on the "
                                       "roll, the ID number, or a name no one else has)."), {"who": who},
                                    field="voters"))
        else:
            voters.append(found.id)
    if problems:
        raise PollingError(problems)
    return {"groups": sorted(set(groups)), "households": sorted(set(households)), "voters": sorted(set(voters))}


def add_place(election: CommitteeElection, data: PlaceInput, actor=None) -> PollingPlace:
    """R-POLL-1: the central venue (one), a polling station, or a mobile box and whom it serves."""
    _require_preparing(election)
    problems = []
    if data.kind not in law.PLACE_KINDS:
        problems.append(Problem(N_("Unknown kind of place."), field="kind"))
    name = data.name.strip()
    if not name:
        problems.append(Problem(N_("Give the place a name."), field="name"))
    elif db.session.scalar(select(PollingPlace.id).where(PollingPlace.election_id == election.id,
                                                         PollingPlace.name == name)):
        problems.append(Problem(N_("This committee already has a place named %(name)s."), {"name": name},
                                field="name"))
    if data.kind == "central" and db.session.scalar(select(PollingPlace.id).where(
            PollingPlace.election_id == election.id, PollingPlace.kind == "central")):
        problems.append(Problem(N_("This committee already has its central venue."), rule="R-POLL-1", field="kind"))
    if data.opens >= data.closes:
        problems.append(Problem(N_("A place closes after it opens."), field="closes"))
    if problems:
        raise PollingError(problems)
    serves = {"groups": [], "households": [], "voters": []}
    if data.kind != "central":
        serves = _serves(election, data)
        if not any(serves.values()):
            _refuse(N_("Say whom the station or mobile box serves: groups, households or voters."), field="groups")
    elif data.groups or data.households or data.voters:
        _refuse(N_("The central venue serves everybody no station serves; list whom a station or box serves."),
                field="groups")
    created = PollingPlace(election_id=election.id, kind=data.kind, name=name, address=data.address.strip(),
                           opens=data.opens, closes=data.closes, serves=serves, created_by=actor_name(actor))
    db.session.add(created)
    db.session.flush()
    record(actor, election.committee_code, "polling.place.add", "polling_place", created.id,
           after={"kind": created.kind, "name": name, "address": created.address,
                  "opens": data.opens.isoformat("minutes"), "closes": data.closes.isoformat("minutes"),
                  "serves": {k: len(v) for k, v in serves.items()}})
    figures.refresh(election)  # places and boxes
    return created


def remove_place(target: PollingPlace, actor=None) -> None:
    """A place where no ballot has been issued, with its staff."""
    election = target.election
    _require_preparing(election)
    if db.session.scalar(select(BallotIssue.id).where(BallotIssue.place_id == target.id).limit(1)):
        _refuse(N_("Ballots have been issued at %(name)s: it stays on record."), {"name": target.name},
                rule="R-POLL-3")
    record(actor, election.committee_code, "polling.place.remove", "polling_place", target.id,
           before={"kind": target.kind, "name": target.name, "staff": len(target.staff)})
    db.session.delete(target)
    figures.refresh(election)


# ---- staff -----------------------------------------------------------------------------------------

def assign_staff(target: PollingPlace, who: str, role: str, actor=None, *, today: date | None = None
                 ) -> StaffAssignment:
    """A person of the roll to a staff role at a place; candidates and their spouses and direct
    relatives are refused (R-CAND-6). An issuer who already has an account keeps it here too."""
    election = target.election
    _require_preparing(election)
    if role not in law.STAFF_ROLES:
        _refuse(N_("Unknown staff role."), field="role")
    person = _person_or_refuse(election, who, "who")
    problems = candidates.staff_problems(election, person.name, person.id_number)
    if problems:
        raise PollingError([Problem(p.message, p.params, rule=p.rule, field="who") for p in problems])
    if any(s.voter_id == person.id and s.role == role for s in target.staff):
        _refuse(N_("%(name)s already has this role at %(place)s."), {"name": person.name, "place": target.name},
                field="who")
    if role == "chief_scrutineer" and any(s.role == role for s in target.staff):
        _refuse(N_("%(place)s already has its chief scrutineer."), {"place": target.name}, field="role")
    account = None
    if role == "issuer":
        account = db.session.scalar(select(StaffAssignment.user_id).where(
            StaffAssignment.election_id == election.id, StaffAssignment.voter_id == person.id,
            StaffAssignment.role == "issuer", StaffAssignment.user_id.is_not(None)).limit(1))
    assignment = StaffAssignment(election_id=election.id, place=target, voter=person, role=role, user_id=account,
                                 assigned_on=today or beijing_today(), assigned_by=actor_name(actor))
    db.session.add(assignment)
    db.session.flush()
    record(actor, election.committee_code, "polling.staff.assign", "polling_staff", assignment.id,
           after={"place": target.name, "role": role, "name": person.name, "number": person.number})
    return assignment


def unassign_staff(assignment: StaffAssignment, actor=None) -> None:
    target = assignment.place
    _require_preparing(target.election)
    record(actor, target.election.committee_code, "polling.staff.unassign", "polling_staff", assignment.id,
           before={"place": target.name, "role": assignment.role, "name": assignment.voter.name})
    target.staff.remove(assignment)
    db.session.flush()


def issuer_username(election: CommitteeElection, voter: Voter) -> str:
    return f"fp{election.committee_code}-{voter.number}"


def create_issuer_account(assignment: StaffAssignment, actor=None) -> tuple[User, str]:
    """An account for an issuer (role `issuer`, bound to the committee), used at every place they
    issue at. Returns it with its password, which is shown once and kept nowhere in clear."""
    election = assignment.place.election
    _require_preparing(election)
    if assignment.role != "issuer":
        _refuse(N_("Only ballot issuers get an account here."))
    if assignment.user_id is not None:
        _refuse(N_("%(name)s already has an account."), {"name": assignment.voter.name})
    password = secrets.token_urlsafe(9)
    try:
        user = create_user(issuer_username(election, assignment.voter), password, Role.issuer,
                           election.committee_code, display_name=f"{assignment.voter.name}（发票员）",
                           manager=actor if getattr(actor, "role", None) else None)
    except AccountError as error:
        _refuse(N_("The account cannot be created: %(reason)s"), {"reason": str(error)})
    for same in db.session.scalars(select(StaffAssignment).where(
            StaffAssignment.election_id == election.id, StaffAssignment.voter_id == assignment.voter_id,
            StaffAssignment.role == "issuer")):
        same.user_id = user.id
    db.session.flush()
    return user, password


# ---- proxies ---------------------------------------------------------------------------------------

def record_proxy(election: CommitteeElection, principal_who: str, holder_who: str, signed_on: date,
                 reason: str = "", actor=None, *, today: date | None = None) -> Proxy:
    """R-POLL-2 / R26-POLL by the rule set of the election day, and R-CAND-6: no candidate holds one."""
    _require_preparing(election)
    today = today or beijing_today()
    principal = find_person(election, principal_who)
    holder = find_person(election, holder_who)
    problems = []
    if principal is None:
        problems.append(Problem(N_("No registered voter of this committee is %(who)s (give the number on the roll, "
                                   "the ID number, or a name no one else has)."),
                                {"who": principal_who.strip() or "—"}, field="principal"))
    if holder is None:
        problems.append(Problem(N_("No registered voter of this committee is %(who)s (give the number on the roll, "
                                   "the ID number, or a name no one else has)."),
                                {"who": holder_who.strip() or "—"}, field="holder"))
    if problems:
        raise PollingError(problems)
    rules = election.rules
    related = frozenset((principal.id, holder.id)) in relatives.pairs(election.id)
    held = db.session.scalar(select(func.count()).where(Proxy.holder_id == holder.id, Proxy.withdrawn_on.is_(None)))
    given = db.session.scalar(select(Proxy.id).where(Proxy.principal_id == principal.id,
                                                     Proxy.withdrawn_on.is_(None)).limit(1)) is not None
    problems = law.proxy_problems(rules, law.ProxyCase(
        mode=election.mode, principal_is_elector=is_elector(election, principal), holder_registered=True,
        same_person=principal.id == holder.id, near_relatives=related, holder_proxies=held,
        principal_has_proxy=given, signed_on=signed_on, recorded_on=today, election_day=election.election_day))
    problems += [Problem(p.message, p.params, rule=p.rule, field="holder")
                 for p in candidates.proxy_holder_problems(election, holder.name, holder.id_number)]
    if problems:
        raise PollingError(problems)
    proxy = Proxy(election_id=election.id, principal=principal, holder=holder, signed_on=signed_on,
                  reason=reason.strip(), recorded_on=today, recorded_by=actor_name(actor))
    db.session.add(proxy)
    db.session.flush()
    record(actor, election.committee_code, "polling.proxy.record", "proxy", proxy.id,
           after={"principal": principal.name, "principal_number": principal.number, "holder": holder.name,
                  "holder_number": holder.number, "signed_on": signed_on.isoformat(), "ruleset": rules.name})
    return proxy


def withdraw_proxy(proxy: Proxy, actor=None, *, today: date | None = None) -> None:
    """A proxy is withdrawn before its ballot is issued; it stays on record."""
    election = db.session.get(CommitteeElection, proxy.election_id)
    _require_preparing(election)
    if proxy.withdrawn_on is not None:
        _refuse(N_("This proxy was already withdrawn."))
    if db.session.scalar(select(BallotIssue.id).where(BallotIssue.proxy_id == proxy.id).limit(1)):
        _refuse(N_("The ballot of this proxy has been issued: it cannot be withdrawn."), rule="R-POLL-3")
    proxy.withdrawn_on = today or beijing_today()
    record(actor, election.committee_code, "polling.proxy.withdraw", "proxy", proxy.id,
           before={"principal": proxy.principal.name, "holder": proxy.holder.name})
    db.session.flush()
