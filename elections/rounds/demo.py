"""The demo's training round as the rounds stage sees it: a few dozen committees across districts,
in all three residents' modes of the 2026 law (its election days follow today's date, so they are
under `national-2026`), each planned with the stage it is to reach and the days it reaches them
(`elections.demo` takes them there through the work of each stage). Built through the same
services as real work, so it obeys the calendar (stage changes are dated in the past to match)."""
from datetime import date, timedelta
from itertools import cycle

from sqlalchemy import select

from ..extensions import db
from ..geography.models import Division
from . import services
from .models import CommitteeElection, Round

DEMO_ROUND = "2026年村（居）民委员会换届选举（演练）"
# Townships and how many of their committees the demo plans.
DEMO_TOWNSHIPS = [("110101001000", 12), ("110102001000", 6), ("110105001000", 4), ("110108001000", 6),
                  ("110116107000", 8), ("110112104000", 4)]
# (stage reached, election day relative to today); None: no day set yet.
SCENARIOS = [
    ("nomination", 15), ("setup", 45), ("registration", 30), ("roll_published", 25),
    ("candidates_published", 3), ("voting", 0), ("counted", -3), ("certified", -10),
    ("registration", 12),  # overdue: the voter list should have been published 8 days ago (R-ROLL-5)
    ("supplementary_pending", -5), ("revote_pending", -2), ("setup", None), ("nomination", 4),
    ("new_election_pending", -4), ("counting", 0),
]
RESIDENTIAL_MODES = ("direct", "household", "representative")  # R26-MODE
ELECTION_DAY_COMMITTEE = "110101001001"  # 多福巷社区 votes today: its election day is under way
# Its polls closed today and the clerks are entering its sheets ("counting": voting, sheets waiting).
COUNTING_COMMITTEE = "110101001006"  # 智德社区


def reached_on(day: date) -> dict:
    """When an election with this day reaches each stage, keeping every deadline: the voter list
    21 days ahead, the candidates 6 (callers cap the dates at today)."""
    return {"registration": day - timedelta(days=35), "roll_published": day - timedelta(days=21),
            "nomination": day - timedelta(days=14), "candidates_published": day - timedelta(days=6),
            "voting": day, "counted": day, "certified": day + timedelta(days=1),
            "revote_pending": day, "supplementary_pending": day, "new_election_pending": day, "counting": day}


def open_demo_round(today: date) -> tuple[Round, list[tuple[CommitteeElection, str, dict]]] | None:
    """Open the demo round and plan its committees, unless it exists: the round, and for each
    election with a day the stage it is to reach and the day it reaches each stage (moved to
    registration already)."""
    if db.session.scalar(select(Round.id).where(Round.name == DEMO_ROUND)):
        return None
    round_ = services.open_round(DEMO_ROUND, today - timedelta(days=20), today + timedelta(days=60),
                                 village_term=12, residential_term=11, ruleset="national-2026", training=True)
    scenarios, modes = cycle(SCENARIOS), cycle(RESIDENTIAL_MODES)
    codes = [code for township, count in DEMO_TOWNSHIPS for code in db.session.scalars(select(Division.code).where(
        Division.parent_code == township, Division.active).order_by(Division.code).limit(count))]
    chosen = {code: next(scenarios) for code in codes}
    # 多福巷 votes today: it swaps scenarios with the committee that would have.
    for special, scenario in ((ELECTION_DAY_COMMITTEE, ("voting", 0)), (COUNTING_COMMITTEE, ("counting", 0))):
        other = next(code for code, chosen_ in chosen.items() if chosen_ == scenario)
        chosen[other], chosen[special] = chosen[special], chosen[other]
    # One committee counts tonight, where the demo's clerks work; any other of its scenario votes today.
    chosen.update({code: ("voting", 0) for code, scenario in chosen.items()
                   if scenario == ("counting", 0) and code != COUNTING_COMMITTEE})
    planned = []
    for code in codes:
        election = services.election_for(round_, code)
        stage, offset = chosen[code]
        village = election.kind == "village"
        changes = {"mode": "direct" if village else next(modes),
                   "seats_director": 1, "seats_deputy_director": 1, "seats_member": 3 if village else 4,
                   "ballot_method": "single" if village else "separate",
                   "venue": "村委会大院" if village else "社区居委会会议室"}
        if offset is not None:
            changes["election_day"] = today + timedelta(days=offset)
        services.update_plan(election, changes)
        if offset is None:
            continue
        when = {target: min(day, today) for target, day in reached_on(today + timedelta(days=offset)).items()}
        if stage != "setup":
            services.move_stage(election, "registration", today=when["registration"])
            planned.append((election, stage, when))
    return round_, planned


MEMBERS = [("王建国", "chair", "13800000001"), ("李秀英", "deputy_chair", "13800000002"),
           ("张伟", "member", "13800000003"), ("刘芳", "member", "13800000004"), ("陈静", "member", "13800000005")]


def add_election_committee(election: CommitteeElection, today: date) -> None:
    """多福巷's election committee, appointed a month ago."""
    for name, position, phone in MEMBERS:
        services.add_member(election, name, position, phone, today=today - timedelta(days=30))


HISTORY_ROUND = "2025年村（居）民委员会换届选举（演练·历史）"
# A few committees of the history round, each planned in a mode of the 2018 rules.
HISTORY_PLANS = [("110101001001", "group_representative"), ("110101001002", "household"),
                 ("110101001005", "direct"), ("110116107201", "direct")]


def open_history_round() -> Round | None:
    """A training round of 2025, under `beijing-2018` (its days are before 2026-01-01), planned with
    the 2018 modes (group representatives included) and closed: the history beside today's round."""
    if db.session.scalar(select(Round.id).where(Round.name == HISTORY_ROUND)):
        return None
    round_ = services.open_round(HISTORY_ROUND, date(2025, 4, 1), date(2025, 6, 30), village_term=11,
                                 residential_term=10, ruleset="beijing-2018", training=True)
    for code, mode in HISTORY_PLANS:
        election = services.election_for(round_, code)
        village = election.kind == "village"
        services.update_plan(election, {"mode": "direct" if village else mode, "election_day": date(2025, 5, 17),
                                        "seats_director": 1, "seats_deputy_director": 1,
                                        "seats_member": 3 if village else 4, "ballot_method": "single"})
    services.close_round(round_)
    return round_
