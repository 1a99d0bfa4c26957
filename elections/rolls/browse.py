"""Reading the rolls for the pages: counts per unit, search, a committee's voters page by page.

Every function is a fixed number of grouped queries, so a township page costs the same with 30
committees as with 3, and the city page one pass over the voters.
"""
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..geography import services as geo
from ..geography.codes import scope_prefix
from ..rounds.models import CommitteeElection
from .models import Household, RollChange, RollVersion, Voter, VoterGroup

PAGE_SIZE = 100
SEARCH_LIMIT = 100
_KEYS = {"city": CommitteeElection.district_code, "district": CommitteeElection.township_code,
         "township": CommitteeElection.committee_code}
_SCOPES = {"city": lambda code: True, "district": lambda code: CommitteeElection.district_code == code,
           "township": lambda code: CommitteeElection.township_code == code}


@dataclass
class UnitRow:
    unit: object  # the child Division
    committees: int = 0
    published: int = 0  # committees with a published list
    registered: int = 0
    not_registered: int = 0
    removed: int = 0
    households: int = 0
    version: int | None = None  # townships: the committee's latest version and its day
    published_on: object = None
    election: CommitteeElection | None = None


def unit_counts(round_, unit) -> list[UnitRow]:
    """One row per child of `unit` (districts, townships or committees) with its roll numbers."""
    key, scope = _KEYS[unit.level], _SCOPES[unit.level](unit.code)
    rows = {child.code: UnitRow(child) for child in geo.children(unit)}
    elections = select(CommitteeElection.id).where(CommitteeElection.round_id == round_.id, scope)
    for code, registered, not_registered, removed, households in db.session.execute(
            select(key, func.sum(case((Voter.status == "registered", 1), else_=0)),
                   func.sum(case((Voter.status == "not_registered", 1), else_=0)),
                   func.sum(case((Voter.status == "removed", 1), else_=0)),
                   func.count(func.distinct(Voter.household_id)))
            .join(CommitteeElection, CommitteeElection.id == Voter.election_id)
            .where(Voter.election_id.in_(elections)).group_by(key)):
        if code in rows:
            row = rows[code]
            row.registered, row.not_registered, row.removed, row.households = (
                registered or 0, not_registered or 0, removed or 0, households)
    latest = (select(RollVersion.election_id, func.max(RollVersion.number).label("number"))
              .where(RollVersion.election_id.in_(elections)).group_by(RollVersion.election_id).subquery())
    for code, committees, published in db.session.execute(
            select(key, func.count(CommitteeElection.id), func.count(latest.c.number))
            .outerjoin(latest, latest.c.election_id == CommitteeElection.id)
            .where(CommitteeElection.round_id == round_.id, scope).group_by(key)):
        if code in rows:
            rows[code].committees, rows[code].published = committees, published
    if unit.level == "township":
        for election, version in db.session.execute(
                select(CommitteeElection, RollVersion)
                .outerjoin(latest, latest.c.election_id == CommitteeElection.id)
                .outerjoin(RollVersion, (RollVersion.election_id == CommitteeElection.id)
                           & (RollVersion.number == latest.c.number))
                .where(CommitteeElection.round_id == round_.id, scope)):
            row = rows.get(election.committee_code)
            if row is not None:
                row.election = election
                row.version, row.published_on = (version.number, version.published_on) if version else (None, None)
    return list(rows.values())


def township_elections(round_, township_code: str) -> list[CommitteeElection]:
    return list(db.session.scalars(select(CommitteeElection).where(
        CommitteeElection.round_id == round_.id, CommitteeElection.township_code == township_code)
        .order_by(CommitteeElection.committee_code)))


def looks_like_id(query: str) -> bool:
    text = query.strip().upper()
    return len(text) >= 6 and text[:-1].isdigit() and (text[-1].isdigit() or text[-1] == "X")


def _matches(query: str, by_prefix: bool):
    """By the number on the roll for a short number, by ID number when the query looks like one,
    otherwise by name. Only a reader who sees ID
    numbers whole finds them by their start: to anybody else a prefix search would reveal the
    masked digits one at a time, so they find a person only by the whole number."""
    text = query.strip().upper()
    if text.isdigit() and len(text) <= 5:  # a number on the roll (编号); longer digits start an ID number
        return Voter.number == int(text)
    if looks_like_id(text):
        return Voter.id_number.startswith(text) if by_prefix and len(text) < 18 else Voter.id_number == text
    return Voter.name.contains(query.strip(), autoescape=True)


def search(round_, code: str, query: str, by_prefix: bool) -> list[tuple[Voter, CommitteeElection]]:
    """Voters of the round within the unit `code` (any level), first SEARCH_LIMIT by committee."""
    return list(db.session.execute(
        select(Voter, CommitteeElection).join(CommitteeElection, CommitteeElection.id == Voter.election_id)
        .where(Voter.round_id == round_.id, CommitteeElection.committee_code.startswith(scope_prefix(code)),
               _matches(query, by_prefix))
        .options(joinedload(CommitteeElection.committee))  # its name, shown on each result
        .order_by(CommitteeElection.committee_code, Voter.name).limit(SEARCH_LIMIT)))


@dataclass
class VoterPage:
    rows: list  # (Voter, Household, group name)
    total: int
    pages: int


def voters(election: CommitteeElection, query: str, page: int, by_prefix: bool) -> VoterPage:
    """A committee's voters by group and household, a page at a time, or those matching `query`."""
    where = [Voter.election_id == election.id]
    if query:
        where.append(_matches(query, by_prefix))
    total = db.session.scalar(select(func.count()).select_from(Voter).where(*where))
    rows = db.session.execute(
        select(Voter, Household, VoterGroup.name).join(Household, Household.id == Voter.household_id)
        .outerjoin(VoterGroup, VoterGroup.id == Household.group_id).where(*where)
        .order_by(Household.group_id, func.length(Household.number), Household.number, Voter.number)
        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return VoterPage(rows, total, max(1, -(-total // PAGE_SIZE)))


def voter_changes(voter: Voter) -> list[RollChange]:
    return list(db.session.scalars(select(RollChange).where(RollChange.voter_id == voter.id).order_by(RollChange.id)))


def group_households(group: VoterGroup) -> list[tuple[Household, list[Voter]]]:
    voters_ = db.session.scalars(select(Voter).join(Household).where(
        Household.group_id == group.id, Voter.status == "registered").order_by(
        func.length(Household.number), Household.number, Voter.id))
    households: dict[int, tuple[Household, list[Voter]]] = {}
    for voter in voters_:
        households.setdefault(voter.household_id, (voter.household, []))[1].append(voter)
    return list(households.values())


