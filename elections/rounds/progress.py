"""Progress of a round under one unit, for the unit pages that hundreds of officials keep open.

A fixed handful of grouped queries over `committee_elections`, whatever the number of
committees (a test counts them; bench/progress.py times them on all 7,007).
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, func, or_, select

from ..extensions import db
from ..geography.models import Division
from . import calendar, stages
from .models import CommitteeElection, Round

OVERDUE_SHOWN = 100  # the list shows the first ones by election day; the total is always given


@dataclass
class Progress:
    round: Round
    total: int = 0
    by_stage: dict = field(default_factory=dict)  # stage → count
    by_kind_mode: dict = field(default_factory=dict)  # (kind, mode) → {stage: count}
    by_child: dict = field(default_factory=dict)  # child unit code → {stage: count}
    overdue_total: int = 0
    overdue: list = field(default_factory=list)  # ((election, committee name, township name), late rules)
    days: list = field(default_factory=list)  # (election day, count), in order; None = not set
    elections: list = field(default_factory=list)  # township/committee pages: ((election, name), late rules)


def _scope(unit: Division):
    column = {"district": CommitteeElection.district_code, "township": CommitteeElection.township_code,
              "committee": CommitteeElection.committee_code}.get(unit.level)
    return column == unit.code if column is not None else None


def overdue_condition(round_: Round, today: date):
    """`calendar.overdue` as SQL: the same rules, compared with dates computed once."""
    cut = calendar.overdue_cutoffs(round_.rules, today)
    e = CommitteeElection
    conditions = [
        and_(e.stage.in_(stages.before("roll_published")), e.election_day < cut.roll),
        and_(e.stage.in_(stages.before("candidates_published")), e.election_day < cut.candidates),
        and_(e.stage.in_(stages.before("counted")), e.election_day < cut.today),
        and_(e.stage == "supplementary_pending", e.first_counted_on < cut.supplementary),
    ]
    if round_.last_day < cut.roll:
        conditions.append(and_(e.election_day.is_(None), e.stage.in_(stages.before("roll_published"))))
    return or_(*conditions)


def progress(round_: Round, unit: Division, today: date) -> Progress:
    e = CommitteeElection
    where = [e.round_id == round_.id]
    scope = _scope(unit)
    if scope is not None:
        where.append(scope)
    result = Progress(round=round_)

    for kind, mode, stage, count in db.session.execute(
            select(e.kind, e.mode, e.stage, func.count()).where(*where).group_by(e.kind, e.mode, e.stage)):
        result.by_kind_mode.setdefault((kind, mode), defaultdict(int))[stage] += count
        result.by_stage[stage] = result.by_stage.get(stage, 0) + count
        result.total += count

    child = {"city": e.district_code, "district": e.township_code}.get(unit.level)
    if child is not None:
        for code, stage, count in db.session.execute(
                select(child, e.stage, func.count()).where(*where).group_by(child, e.stage)):
            result.by_child.setdefault(code, {})[stage] = count

    late = overdue_condition(round_, today)
    result.overdue_total = db.session.scalar(select(func.count()).where(*where, late))
    township = Division.__table__.alias("township")
    committee = Division.__table__.alias("committee")
    rows = db.session.execute(
        select(e, committee.c.name.label("committee_name"), township.c.name.label("township_name"))
        .join(committee, committee.c.code == e.committee_code)
        .join(township, township.c.code == e.township_code)
        .where(*where, late)
        .order_by(e.election_day.is_(None), e.election_day, e.committee_code)
        .limit(OVERDUE_SHOWN)).all()
    result.overdue = [(row, late_for(round_, row[0], today)) for row in rows]

    result.days = sorted(
        db.session.execute(select(e.election_day, func.count()).where(*where).group_by(e.election_day)).all(),
        key=lambda row: (row[0] is None, row[0] or date.min))

    if unit.level in ("township", "committee"):
        result.elections = [(row, late_for(round_, row[0], today)) for row in db.session.execute(
            select(e, committee.c.name.label("committee_name"))
            .join(committee, committee.c.code == e.committee_code)
            .where(*where).order_by(e.committee_code))]
    return result


def late_for(round_: Round, election: CommitteeElection, today: date) -> list[str]:
    return calendar.overdue(election.stage, election.election_day, election.first_counted_on,
                            round_.last_day, round_.rules, today)
