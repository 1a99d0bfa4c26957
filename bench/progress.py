"""Progress pages with every committee in a round: GET /geo/ (city), a district, a township, and
one committee election's page, each timed end to end and its SQL statements counted.

The round holds all 7,007 committee elections, planned as a city would plan them halfway through
its window: random modes valid for each kind, election days spread over the window, stages that
follow the calendar (with some committees lagging behind their deadlines: overdue) and the side
stages after a count. Plans go through `services.apply_plans` (checked and audited as an upload
would be); the stage history is written in bulk, dated as it would have happened.

Run: .venv/bin/python bench/progress.py            (SQLite)
     bash scripts/with-postgres.sh .venv/bin/python bench/progress.py
Options: N=50 requests per page (environment variable).
"""
import os
import random
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import PASSWORD, bench_app, time_pages  # noqa: E402

from sqlalchemy import func, insert, select, update  # noqa: E402

from elections.accounts.services import create_user  # noqa: E402
from elections.clock import beijing_today  # noqa: E402
from elections.extensions import db  # noqa: E402
from elections.geography.codes import CITY_CODE  # noqa: E402
from elections.rounds import calendar, services, stages  # noqa: E402
from elections.rounds.demo import reached_on  # noqa: E402
from elections.rounds.models import CommitteeElection, StageChange  # noqa: E402
from elections.rounds.progress import overdue_condition  # noqa: E402

N = int(os.environ.get("N", "50"))
TODAY = beijing_today()
FIRST_DAY, LAST_DAY = TODAY - timedelta(days=30), TODAY + timedelta(days=60)
RULESET = "national-2026"
# After the count: certified mostly, some waiting for another ballot (R-COUNT-6/7, R-COUNT-1/2).
AFTER_COUNT = [("certified", 80), ("counted", 6), ("supplementary_pending", 7), ("revote_pending", 4),
               ("new_election_pending", 3)]
LAG = 0.06  # the share of committees a step behind the calendar (overdue where a deadline passed)




def plan_for(kind: str, rng: random.Random, modes) -> dict:
    day = FIRST_DAY + timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))
    if kind == "village":  # R-SIZE-1: 3 to 7, one director
        deputies = rng.randint(0, 2)
        members = rng.randint(max(0, 3 - 1 - deputies), 7 - 1 - deputies)
    else:  # 5 to 9, one director, one or two deputies
        deputies = rng.randint(1, 2)
        members = rng.randint(5 - 1 - deputies, 9 - 1 - deputies)
    return {"mode": rng.choice(modes[kind]), "election_day": day, "seats_director": 1,
            "seats_deputy_director": deputies, "seats_member": members,
            "ballot_method": rng.choice(("single", "separate"))}


def stage_for(day, rng: random.Random) -> str:
    """Where an election with this day stands today, following the calendar, or a step behind."""
    before = (day - TODAY).days
    if before < 0:
        if rng.random() < LAG:
            return rng.choice(("nomination", "candidates_published", "voting"))  # day passed, no count
        return rng.choices([s for s, _ in AFTER_COUNT], [w for _, w in AFTER_COUNT])[0]
    if before == 0:
        return "voting"
    for days, stage, late in ((5, "candidates_published", "nomination"), (14, "nomination", "roll_published"),
                              (20, "roll_published", "registration"), (35, "registration", "setup")):
        if before <= days:
            return late if rng.random() < LAG else stage
    return rng.choice(("setup", "registration"))


def build(app) -> dict:
    rng = random.Random(2026)
    with app.app_context():
        t = time.perf_counter()
        round_ = services.open_round("2026年村（居）民委员会换届选举", FIRST_DAY, LAST_DAY,
                                     village_term=12, residential_term=11, ruleset=RULESET)
        print(f"open_round: {services.count_elections(round_)} elections in {time.perf_counter() - t:.1f} s")
        rows = db.session.execute(select(CommitteeElection.id, CommitteeElection.committee_code,
                                         CommitteeElection.kind)
                                  .where(CommitteeElection.round_id == round_.id)
                                  .order_by(CommitteeElection.committee_code)).all()
        modes = round_.rules.modes
        plans = {code: plan_for(kind, rng, modes) for _, code, kind in rows}
        t = time.perf_counter()
        report = services.apply_plans(round_, [(None, code, plan) for code, plan in plans.items()],
                                      scope_code=CITY_CODE)
        assert report.ok, report.problems[:5]
        print(f"apply_plans: {report.changed} plans in {time.perf_counter() - t:.1f} s")

        t = time.perf_counter()
        updates, history = [], []
        for id_, code, kind in rows:
            day = plans[code]["election_day"]
            if rng.random() < 0.03:  # a few have not fixed their day yet
                updates.append({"id": id_, "stage": "setup", "election_day": None, "first_counted_on": None})
                continue
            stage = stage_for(day, rng)
            when = reached_on(day)
            route = stages.path_to(stage)
            counted = day if stages.reached(stage, "counted") else None
            updates.append({"id": id_, "stage": stage, "election_day": day, "first_counted_on": counted})
            history += [{"election_id": id_, "from_stage": a, "to_stage": b, "on_date": min(when[b], TODAY),
                         "actor": "bench"} for a, b in zip(route, route[1:])]
        round_id = round_.id
        db.session.execute(update(CommitteeElection), updates)
        db.session.execute(insert(StageChange), history)
        db.session.commit()
        print(f"stages: {len(updates)} elections, {len(history)} stage changes in {time.perf_counter() - t:.1f} s")

        by_stage = dict(db.session.execute(select(CommitteeElection.stage, func.count())
                                           .where(CommitteeElection.round_id == round_id)
                                           .group_by(CommitteeElection.stage)).all())
        print("by stage:", ", ".join(f"{s} {by_stage.get(s, 0)}" for s in stages.STAGES))
        overdue = db.session.scalars(select(CommitteeElection).where(
            CommitteeElection.round_id == round_id, overdue_condition(round_, TODAY))).all()
        rules = Counter(rule for e in overdue for rule in calendar.overdue(
            e.stage, e.election_day, e.first_counted_on, round_.last_day, round_.rules, TODAY))
        print(f"overdue: {len(overdue)} ({', '.join(f'{r} {n}' for r, n in sorted(rules.items()))}); "
              f"distinct election days: {len({p['election_day'] for p in plans.values()})}")

        # The largest district and township, and a committee there with a long history.
        district = db.session.execute(select(CommitteeElection.district_code, func.count())
                                      .where(CommitteeElection.round_id == round_id)
                                      .group_by(CommitteeElection.district_code)
                                      .order_by(func.count().desc()).limit(1)).one()
        township = db.session.execute(select(CommitteeElection.township_code, func.count())
                                      .where(CommitteeElection.round_id == round_id)
                                      .group_by(CommitteeElection.township_code)
                                      .order_by(func.count().desc()).limit(1)).one()
        committee = db.session.scalar(select(CommitteeElection.committee_code).where(
            CommitteeElection.round_id == round_id, CommitteeElection.township_code == township[0],
            CommitteeElection.stage == "supplementary_pending").order_by(CommitteeElection.committee_code).limit(1))
        committee = committee or db.session.scalar(select(CommitteeElection.committee_code).where(
            CommitteeElection.round_id == round_id, CommitteeElection.township_code == township[0]).limit(1))
        create_user("bench_district", PASSWORD, "district_official", district[0])
        create_user("bench_township", PASSWORD, "township_official", township[0])
        create_user("bench_committee", PASSWORD, "election_committee", committee)
        db.session.commit()
        print(f"district {district[0]} ({district[1]} committees), township {township[0]} "
              f"({township[1]} committees), committee {committee}")
        return {"round": round_id, "district": district[0], "township": township[0], "committee": committee}


def main():
    app = bench_app()
    target = build(app)
    pages = [
        ("GET /geo/ (city admin)", "bench_city", "/geo/"),
        (f"GET /geo/{target['district']} (district official)", "bench_district", f"/geo/{target['district']}"),
        (f"GET /geo/{target['township']} (township official)", "bench_township", f"/geo/{target['township']}"),
        (f"GET /rounds/{target['round']}/elections/{target['committee']} (election committee)", "bench_committee",
         f"/rounds/{target['round']}/elections/{target['committee']}"),
    ]
    time_pages(app, pages, N, warmups=3)

if __name__ == "__main__":
    main()
