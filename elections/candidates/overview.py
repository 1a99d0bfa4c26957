"""Nomination and vetting under one unit (city, district or township), for the overview page.

A district has some 700 committees and, at the height of vetting, ten thousand nominees: the
page costs a fixed handful of queries (the unit's nominees with their files, the findings and
assessments of the open files that may be complete, the nomination votes and post choices of
the committees whose list is not published, the latest published lists), and the law is applied
in Python by the same pure functions the committee pages use (`vetting.progress` and
`vetting.stage` for each open file, `slate.choose` for each committee), never by a query per
nominee or committee. tests/test_candidate_overview.py counts the statements;
bench/candidates_overview.py times a whole district (~0.35 s at the height of vetting).
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import JSON, and_, case, exists, func, select, type_coerce

from ..extensions import db
from ..geography import services as geo
from ..geography.models import Division
from ..rounds import calendar, stages
from ..rounds.models import CommitteeElection, CriteriaVersion, Round
from ..rulesets import POSTS
from . import slate
from .vetting import law as vetting
from .models import Assessment, CandidateList, Finding, Nomination, NominationSigner, Nominee, PostChoice, VettingFile

SHOWN = 100  # the lists show this many rows; their totals are always given
VETTING_STAGES = ("not_started", "awaiting_findings", "ready", "qualified", "barred", "withdrawn")
_CHILD_KEY = {"city": "district_code", "district": "township_code", "township": "committee_code"}


@dataclass
class ChildRow:
    unit: Division  # a district, township or committee under the unit
    committees: int = 0
    nominees: int = 0
    qualified: int = 0
    barred: int = 0
    published: int = 0  # committees whose candidate list is published (the stage reached)
    stage: str | None = None  # committees: the election's stage, its day and its latest list
    election_day: date | None = None
    list_number: int | None = None
    list_published_on: date | None = None


@dataclass
class BarredItem:
    item_id: str
    text: str  # the item's Chinese wording, as the round's criteria have it
    count: int


@dataclass
class BarredNominee:
    name: str
    committee_code: str
    committee_name: str
    items: list
    decided_on: date | None


@dataclass
class CommitteeRow:
    """A committee of a list below: where it stands and, for the unpublished, its deadline."""

    committee_code: str
    committee_name: str
    township_name: str
    stage: str
    election_day: date | None
    deadline: date | None = None  # R-CAND-5: E−5
    overdue: bool = False
    candidates: int = 0  # the list without a woman: how many candidates it has
    women: int = 0
    published: bool = False  # … counted on the published list (else on the current slate)


@dataclass
class Overview:
    round: Round
    unit: Division
    committees: int = 0
    nominees: int = 0
    by_stage: dict = field(default_factory=lambda: dict.fromkeys(VETTING_STAGES, 0))
    published: int = 0
    barred_by_item: list = field(default_factory=list)
    barred: list = field(default_factory=list)  # first SHOWN, by committee
    barred_total: int = 0
    min_women: int = 0
    without_woman: list = field(default_factory=list)
    without_woman_total: int = 0
    unpublished: list = field(default_factory=list)  # first SHOWN with a day, overdue first, then by deadline
    unpublished_total: int = 0  # all, with an election day (dated_total) or not yet (undated)
    dated_total: int = 0
    undated: int = 0
    overdue_total: int = 0
    children: list = field(default_factory=list)


def _scope(round_: Round, unit: Division) -> list:
    e = CommitteeElection
    where = [e.round_id == round_.id]
    column = {"district": e.district_code, "township": e.township_code}.get(unit.level)
    if column is not None:
        where.append(column == unit.code)
    return where


def overview(round_: Round, unit: Division, today: date) -> Overview:
    """Everything the overview page shows for `unit` (a city, district or township)."""
    e = CommitteeElection
    where = _scope(round_, unit)
    result = Overview(round=round_, unit=unit, min_women=round_.policy.get("min_women", 0))
    rules = round_.rules

    # 1. The unit's committee elections, with their committee's and township's names.
    committee = Division.__table__.alias("committee")
    township = Division.__table__.alias("township")
    elections = {}
    for row in db.session.execute(
            select(e.id, e.committee_code, e.township_code, e.district_code, e.kind, e.stage, e.election_day,
                   e.seats_director, e.seats_deputy_director, e.seats_member,
                   committee.c.name.label("committee_name"), township.c.name.label("township_name"))
            .join(committee, committee.c.code == e.committee_code)
            .join(township, township.c.code == e.township_code)
            .where(*where)):
        elections[row.id] = row
    result.committees = len(elections)

    # 2. Its nominees with their vetting files (the decision, not the answers).
    people = db.session.execute(
        select(Nominee.id, Nominee.election_id, Nominee.name, Nominee.sex, Nominee.withdrawn_on,
               VettingFile.id.label("file_id"), VettingFile.criteria_version_id, VettingFile.decision,
               type_coerce(case((VettingFile.decision == "barred", VettingFile.barred_items)), JSON)
               .label("barred_items"), VettingFile.decided_on)
        .join(e, e.id == Nominee.election_id)
        .outerjoin(VettingFile, VettingFile.nominee_id == Nominee.id)
        .where(*where).order_by(Nominee.id)).all()

    # 3. The round's criteria, every version (files keep the one they were opened against).
    versions = dict(db.session.execute(select(CriteriaVersion.id, CriteriaVersion.items)
                                       .where(CriteriaVersion.round_id == round_.id)
                                       .order_by(CriteriaVersion.version)).all())

    # 4–5. The answers in the files still open that may be complete: a complete file has a finding
    # for each (item, department) the law requires, one row each, so a file with fewer rows than
    # the smallest version requires is waiting for findings, whatever its rows say, and its rows
    # need not be read. The others are judged by `vetting.progress`, as on the committee pages.
    fewest = min((len(vetting.required(vetting.items_for(items, kind))) for items in versions.values()
                  for kind in {row.kind for row in elections.values()}), default=0)
    open_files = (select(VettingFile.id).join(Nominee, Nominee.id == VettingFile.nominee_id)
                  .join(e, e.id == Nominee.election_id)
                  .where(*where, VettingFile.decision.is_(None), Nominee.withdrawn_on.is_(None)))
    may_be_complete = (open_files.join(Finding, Finding.file_id == VettingFile.id).group_by(VettingFile.id)
                       .having(func.count(Finding.id) >= fewest)) if fewest else open_files
    assessed = defaultdict(dict)
    for file_id, item_id, meets in db.session.execute(
            select(Assessment.file_id, Assessment.item_id, Assessment.meets)
            .where(Assessment.file_id.in_(may_be_complete))):
        assessed[file_id][item_id] = meets
    found, read = defaultdict(list), set()
    for file_id, item_id, department, holds, ended_on in db.session.execute(
            select(Finding.file_id, Finding.item_id, Finding.department, Finding.holds, Finding.ended_on)
            .where(Finding.file_id.in_(may_be_complete))):
        found[file_id].append(vetting.FindingFact(item_id, department, holds, ended_on))
        read.add(file_id)

    stage_of = {}
    for person in people:
        if person.withdrawn_on is not None:
            stage = "withdrawn"
        elif person.file_id is None:
            stage = "not_started"
        elif person.decision is not None:
            stage = vetting.stage(vetting.Progress(), person.decision)
        elif fewest and person.file_id not in read:
            stage = "awaiting_findings"  # fewer findings than any complete file has
        else:
            election = elections[person.election_id]
            progress = vetting.progress(vetting.items_for(versions[person.criteria_version_id], election.kind),
                                        assessed[person.file_id], found[person.file_id], election.election_day)
            stage = vetting.stage(progress, None)
        stage_of[person.id] = stage
        result.by_stage[stage] += 1
    result.nominees = len(people)

    _barred(result, people, stage_of, versions, elections)
    lists = _latest_lists(where)
    _women(result, where, elections, people, stage_of, lists)
    _unpublished(result, elections, rules, today)
    _children(result, unit, elections, people, stage_of, lists)
    result.published = sum(1 for row in elections.values() if stages.reached(row.stage, "candidates_published"))
    return result


def _barred(result: Overview, people, stage_of: dict, versions: dict, elections: dict) -> None:
    """Barred nominees counted by the item(s) of their decision, with each item's wording."""
    texts, order = {}, {}
    for items in versions.values():  # a later version's wording wins
        for position, item in enumerate(items):
            texts[item["id"]] = item.get("zh") or item["id"]
            order[item["id"]] = position
    counts = defaultdict(int)
    barred = [p for p in people if stage_of[p.id] == "barred"]
    for person in barred:
        for item_id in person.barred_items or []:
            counts[item_id] += 1
    result.barred_by_item = [BarredItem(i, texts.get(i, i), n)
                             for i, n in sorted(counts.items(), key=lambda kv: (order.get(kv[0], 999), kv[0]))]
    barred.sort(key=lambda p: (elections[p.election_id].committee_code, p.name, p.id))
    result.barred_total = len(barred)
    result.barred = [BarredNominee(p.name, elections[p.election_id].committee_code,
                                   elections[p.election_id].committee_name, list(p.barred_items or []), p.decided_on)
                     for p in barred[:SHOWN]]


def _latest_lists(where: list) -> dict:
    """The latest published list of each committee that has one: election id → (number, day, entries)."""
    e = CommitteeElection
    latest = (select(CandidateList.election_id, func.max(CandidateList.number).label("number"))
              .join(e, e.id == CandidateList.election_id).where(*where)
              .group_by(CandidateList.election_id).subquery())
    return {election_id: (number, published_on, entries) for election_id, number, published_on, entries in
            db.session.execute(select(CandidateList.election_id, CandidateList.number, CandidateList.published_on,
                                      CandidateList.entries)
                               .join(latest, and_(latest.c.election_id == CandidateList.election_id,
                                                  latest.c.number == CandidateList.number)))}


def _women(result: Overview, where: list, elections: dict, people, stage_of: dict, lists: dict) -> None:
    """R-SIZE-3: committees with fewer women among their candidates than the round requires (one,
    by default): the published list if there is one, else the slate as it stands (R-CAND-2)."""
    if not result.min_women:
        return
    e = CommitteeElection
    unlisted = ~exists().where(CandidateList.election_id == e.id)
    votes = defaultdict(lambda: defaultdict(int))  # nominee id → post → nomination votes
    for nominee_id, post, total in db.session.execute(
            select(Nomination.nominee_id, Nomination.post, func.sum(Nomination.votes))
            .join(Nominee, Nominee.id == Nomination.nominee_id).join(e, e.id == Nominee.election_id)
            .where(*where, unlisted, Nomination.method == "meeting")
            .group_by(Nomination.nominee_id, Nomination.post)):
        votes[nominee_id][post] += total
    for nominee_id, post, signers in db.session.execute(  # as services.votes_of: distinct signers
            select(Nomination.nominee_id, Nomination.post, func.count(func.distinct(NominationSigner.voter_id)))
            .join(NominationSigner, NominationSigner.nomination_id == Nomination.id)
            .join(Nominee, Nominee.id == Nomination.nominee_id).join(e, e.id == Nominee.election_id)
            .where(*where, unlisted, Nomination.method != "meeting")
            .group_by(Nomination.nominee_id, Nomination.post)):
        votes[nominee_id][post] += signers
    made = defaultdict(dict)
    for choice in db.session.scalars(select(PostChoice).join(e, e.id == PostChoice.election_id)
                                     .where(*where, unlisted)):
        made[choice.election_id][choice.post] = choice

    by_election = defaultdict(list)
    for person in people:
        if person.election_id not in lists:
            by_election[person.election_id].append(person)
    counted = []  # (row, candidates, women, published)
    for election_id, (_, _, entries) in lists.items():
        counted.append((elections[election_id], len(entries), sum(1 for x in entries if x.get("sex") == "F"), True))
    for election_id, group in by_election.items():
        row = elections[election_id]
        standings = [slate.Standing(p.id, p.name, p.sex, dict(votes.get(p.id, {})),
                                    stage_of[p.id] in ("withdrawn", "barred")) for p in group]
        choices = made.get(election_id, {})
        seats = {post: getattr(row, f"seats_{post}") or 0 for post in POSTS}
        posts = slate.choose(standings, seats, {post: c.margin for post, c in choices.items()},
                             {post: c.tie_order for post, c in choices.items() if c.tie_order})
        sexes = {s.key: s.sex for s in standings}
        chosen = [key for post in posts for key in post.chosen]
        counted.append((row, len(chosen), sum(1 for key in chosen if sexes[key] == "F"), False))
    short = sorted(((row, n, women, published) for row, n, women, published in counted
                    if n and women < result.min_women), key=lambda c: c[0].committee_code)
    result.without_woman_total = len(short)
    result.without_woman = [CommitteeRow(row.committee_code, row.committee_name, row.township_name, row.stage,
                                         row.election_day, candidates=n, women=women, published=published)
                            for row, n, women, published in short[:SHOWN]]


def _unpublished(result: Overview, elections: dict, rules, today: date) -> None:
    """Committees whose list is not published yet, with the last day it may be (R-CAND-5): those
    with an election day are listed, overdue first; those without one (still planning) are counted."""
    waiting = []
    for row in elections.values():
        if stages.reached(row.stage, "candidates_published"):
            continue
        result.unpublished_total += 1
        if row.election_day is None:
            result.undated += 1
            continue
        deadline = calendar.candidates_deadline(row.election_day, rules)
        waiting.append(CommitteeRow(row.committee_code, row.committee_name, row.township_name, row.stage,
                                    row.election_day, deadline=deadline, overdue=today > deadline))
    waiting.sort(key=lambda w: (not w.overdue, w.deadline, w.committee_code))
    result.overdue_total = sum(1 for w in waiting if w.overdue)
    result.dated_total = len(waiting)
    result.unpublished = waiting[:SHOWN]


def _children(result: Overview, unit: Division, elections: dict, people, stage_of: dict, lists: dict) -> None:
    """One row per child unit: districts of the city, townships of a district, committees of a township."""
    key = _CHILD_KEY[unit.level]
    rows = {child.code: ChildRow(child) for child in geo.children(unit, include_inactive=True)}
    for row in elections.values():
        child = rows.get(getattr(row, key))
        if child is None:
            continue
        child.committees += 1
        child.published += stages.reached(row.stage, "candidates_published")
        if unit.level == "township":
            child.stage, child.election_day = row.stage, row.election_day
            if row.id in lists:
                child.list_number, child.list_published_on = lists[row.id][:2]
    for person in people:
        child = rows.get(getattr(elections[person.election_id], key))
        if child is None:
            continue
        child.nominees += 1
        child.qualified += stage_of[person.id] == "qualified"
        child.barred += stage_of[person.id] == "barred"
    result.children = [row for row in rows.values() if row.committees or row.unit.active]
