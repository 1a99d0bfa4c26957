"""The statistics of a round under one unit (the city, a district, a township or a committee),
by child unit, with the same figures of the previous round beside them.

Three grouped queries whatever the size (tests/test_statistics.py counts them): the elections by
child, kind, mode and stage with their live electorate and ballots issued (kept with each issue by
polling.issuance, so the page is current the moment a ballot is issued); the figures of each
election (statistics.figures), added up here by child and mode; the children's names. A unit's
total is the sum of its children's rows, and each unit's page runs its own queries: a district's
total on its page and its row on the city's come from different queries, which is what the test
of the rows adding up level by level compares (R-COUNT-10 turnout `C / E` with the electorate of
the mode, R-MODE-3).
"""
from dataclasses import dataclass, field

from sqlalchemy import func, select

from ..extensions import db
from ..geography.models import Division
from ..rounds.models import CommitteeElection, Round
from .composition import add, average, share
from .models import ElectionFigures

CHILD = {"city": "district_code", "district": "township_code", "township": "committee_code",
         "committee": "committee_code"}
SCOPE = {"district": "district_code", "township": "township_code", "committee": "committee_code"}


@dataclass
class Row:
    """The figures of one unit: what the elections say now, and what their figures add up to."""
    code: str
    name: str
    committees: int = 0
    residential: int = 0
    village: int = 0
    by_stage: dict = field(default_factory=dict)  # stage → committees
    by_mode: dict = field(default_factory=dict)  # (kind, mode) → committees
    voting: int = 0  # committees whose voting has begun (their electorate is fixed)
    electorate: int = 0  # live, of those committees (R-MODE-3)
    issued: int = 0  # live, ballots issued of their current ballot
    turnout_by_mode: dict = field(default_factory=dict)  # mode → {voting, electorate, issued, counted, electorate_counted, cast}
    figures: dict = field(default_factory=dict)  # the elections' figures added up

    def f(self, key: str) -> int:
        return self.figures.get(key, 0)

    @property
    def live_turnout(self) -> float | None:
        return share(self.issued, self.electorate)

    @property
    def final_turnout(self) -> float | None:
        """R-COUNT-10: ballots cast over the electorate of the mode, of the committees counted."""
        return share(self.f("cast"), self.f("electorate_counted"))

    @property
    def certified(self) -> int:
        return self.by_stage.get("certified", 0)

    @property
    def direct_share(self) -> float | None:
        """直选率: residents' committees electing directly, of all residents' committees."""
        return share(self.by_mode.get(("residential", "direct"), 0), self.residential)

    @property
    def first_ballot_rate(self) -> float | None:
        return share(self.f("first_ballot_success"), self.f("first_ballot_counted"))

    @property
    def women_share(self) -> float | None:
        return share(self.f("women"), self.f("members"))

    @property
    def with_woman_share(self) -> float | None:
        return share(self.f("has_woman"), self.f("counted_with_members"))

    @property
    def average_age(self) -> float | None:
        return average(self.f("age_sum"), self.f("age_known"))

    def include(self, other: "Row") -> "Row":
        """This row with a child's added to it: the unit's total from its children's rows."""
        for name in ("committees", "residential", "village", "voting", "electorate", "issued"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        add(self.by_stage, other.by_stage)
        add(self.by_mode, other.by_mode)
        add(self.figures, other.figures)
        for mode, t in other.turnout_by_mode.items():
            add(self.turnout_by_mode.setdefault(mode, dict.fromkeys(t, 0)), t)
        return self


@dataclass
class Report:
    round: Round
    unit: Division
    total: Row
    children: list  # [Row], in code order
    previous_round: Round | None = None
    previous: Row | None = None  # the same unit's total in the previous round


def previous_round(round_: Round) -> Round | None:
    """The round before this one: the latest that began earlier, training or real like this one."""
    return db.session.scalar(select(Round).where(Round.first_day < round_.first_day,
                                                 Round.training == round_.training)
                             .order_by(Round.first_day.desc()).limit(1))


def _rows(round_: Round, unit: Division, by_child: bool) -> dict[str, Row]:
    e = CommitteeElection
    where = [e.round_id == round_.id]
    if unit.level in SCOPE:
        where.append(getattr(e, SCOPE[unit.level]) == unit.code)
    child = getattr(e, CHILD[unit.level]) if by_child else None
    rows: dict[str, Row] = {}

    def row(code: str | None) -> Row:
        key = code if by_child else unit.code
        return rows.setdefault(key, Row(code=key, name=unit.name if not by_child else ""))

    group = [c for c in (child, e.kind, e.mode, e.stage) if c is not None]
    for *head, kind, mode, stage, count, voting, electorate, issued in db.session.execute(
            select(*group, func.count(), func.count(e.electorate), func.sum(e.electorate),
                   func.sum(e.issued)).where(*where).group_by(*group)):
        r = row(head[0] if head else None)
        r.committees += count
        setattr(r, kind, getattr(r, kind) + count)
        r.by_stage[stage] = r.by_stage.get(stage, 0) + count
        r.by_mode[(kind, mode)] = r.by_mode.get((kind, mode), 0) + count
        r.voting += voting
        r.electorate += electorate or 0
        r.issued += issued or 0
        t = r.turnout_by_mode.setdefault(mode, dict.fromkeys(
            ("voting", "electorate", "issued", "counted", "electorate_counted", "cast"), 0))
        t["voting"] += voting
        t["electorate"] += electorate or 0
        t["issued"] += issued or 0

    f = ElectionFigures
    fwhere = [f.round_id == round_.id]
    if unit.level in SCOPE:
        fwhere.append((getattr(f, SCOPE[unit.level]) if unit.level != "committee" else e.committee_code) == unit.code)
    fchild = (e.committee_code if unit.level in ("township", "committee") else getattr(f, CHILD[unit.level])) \
        if by_child else None
    fgroup = [c for c in (fchild, e.mode) if c is not None]
    for *head, mode, figures in db.session.execute(
            select(*fgroup, f.figures).join(e, e.id == f.election_id).where(*fwhere)):
        r = row(head[0] if head else None)
        add(r.figures, figures)
        r.figures["counted_with_members"] = r.figures.get("counted_with_members", 0) + (figures.get("members", 0) > 0)
        t = r.turnout_by_mode.get(mode)
        if t is not None:
            t["counted"] += figures.get("counted", 0)
            t["electorate_counted"] += figures.get("electorate_counted", 0)
            t["cast"] += figures.get("cast", 0)
    return rows


def report(round_: Round, unit: Division) -> Report:
    """The unit's rows by child and its total, their sum (the figures are read once: the city's
    7,007 rows are most of a page's time); the level above adds up its own elections."""
    children = []
    if unit.level == "committee":
        total = _rows(round_, unit, by_child=False).get(unit.code) or Row(code=unit.code, name=unit.name)
    else:
        rows = _rows(round_, unit, by_child=True)
        names = dict(db.session.execute(select(Division.code, Division.name).where(Division.code.in_(list(rows)))).all()) \
            if rows else {}
        total = Row(code=unit.code, name=unit.name)
        for code in sorted(rows):
            rows[code].name = names.get(code, code)
            children.append(rows[code])
            total.include(rows[code])
    before = previous_round(round_)
    previous = None
    if before is not None:
        previous = _rows(before, unit, by_child=False).get(unit.code)
    return Report(round=round_, unit=unit, total=total, children=children, previous_round=before, previous=previous)
