"""`flask demo city [--scale F]`: a whole synthetic city in one training round, through the services
real work uses, to prove the app at the scale of Beijing's synchronized elections.

For every committee (or the fraction `scale` of each district's, spread evenly over its
townships): the plan (residents' committees direct or by household, R-MODE-1/2); a voter roll of
realistic size imported as a township official imports one (a residents' committee some 2,000–3,000
voters, a village 500–1,100: about 11 million at scale 1) and published (R-ROLL-5); candidates
nominated, vetted and published (R-CAND-1…5); the election day, its central venue's paper register
entered (`polling.issuance.record_register`, R-POLL-3) at a turnout of 70–95 %; both clerks'
tally sheets, counted by the counting law into every outcome (mostly complete and certified with
their certificates, R-CERT-2; some ties, women's seats and void ballots, R-COUNT-6/7/1); as the
demo's committees get there (elections.demo).

Each township is one unit of work, committed when done: the command can be stopped and run again,
and it goes on with the first township not done. It prints its progress and the time left.
"""
import io
import random
import time
from datetime import date, timedelta
from datetime import time as clock_time

import click
from sqlalchemy import func, select

from .candidates import demo as candidates_demo
from .extensions import db
from .geography.codes import CITY_CODE
from .polling import issuance
from .polling import services as polling
from .rolls import importer, synthetic
from .rolls import services as rolls
from .rolls.models import ImportProblem, Voter
from .rounds import services as rounds
from .rounds.demo import reached_on
from .rounds.models import CommitteeElection, Round
from .tallies import demo as tallies_demo
from .transactions import finish

CITY_ROUND = "全市同步换届选举（合成演练）"
OPENS, CLOSES = clock_time(8), clock_time(17)
SIZES = {"residential": (2000, 3000), "village": (500, 1100)}
# The stage each committee ends at, in a cycle of 40: most certified (with certificates), the
# others at each outcome that needs another ballot, or counted and waiting for the township.
ENDS = ["certified"] * 34 + ["counted", "counted", "revote_pending", "supplementary_pending",
                             "supplementary_pending", "new_election_pending"]


def chosen(scale: float) -> list[tuple[str, str, str, str]]:
    """The committees of the city at `scale`: in each district, that share of its committees taken
    at even steps in code order, so that every district and most townships have some."""
    everyone = synthetic.committees(CITY_CODE)
    by_district: dict[str, list] = {}
    for committee in everyone:
        by_district.setdefault(committee[0][:6], []).append(committee)
    picked = []
    for members in by_district.values():
        wanted = max(1, round(len(members) * scale))
        picked += [members[int(i * len(members) / wanted)] for i in range(wanted)]
    return sorted(picked)


def _round(today: date) -> Round:
    found = db.session.scalar(select(Round).where(Round.name == CITY_ROUND))
    return found or rounds.open_round(CITY_ROUND, today - timedelta(days=60), today + timedelta(days=30),
                                      village_term=12, residential_term=11, ruleset="national-2026", training=True)


def _plan(election: CommitteeElection, day: date, rng: random.Random, when: dict) -> None:
    village = election.kind == "village"
    rounds.update_plan(election, {
        "mode": "direct" if village or rng.random() < 0.8 else "household", "election_day": day,
        "seats_director": 1, "seats_deputy_director": 1, "seats_member": 3 if village else 4,
        "ballot_method": "single" if village else "separate",
        "venue": "村委会大院" if village else "社区居委会会议室"})
    rounds.move_stage(election, "registration", today=when["registration"])


def _import(round_: Round, committees: list[tuple], people: synthetic.People, rng: random.Random,
            registered_on: date) -> int:
    text = io.StringIO()
    rows = (row for committee in committees
            for row in synthetic.households(people, committee, rng.randint(*SIZES[committee[2]])))
    written = synthetic.write_csv(text, rows)
    checked = importer.check_import(round_, text.getvalue().encode("utf-8-sig"), "city.csv", CITY_CODE, None)
    if checked.status != "checked":
        found = db.session.execute(select(ImportProblem.message, ImportProblem.params).where(
            ImportProblem.import_id == checked.id, ImportProblem.severity == "error").limit(3)).all()
        raise click.ClickException(f"the synthetic roll of {committees[0][0][:9]} did not pass its check: {found}")
    importer.apply_import(checked, None, today=registered_on)
    return written


def _vote_and_count(election: CommitteeElection, end: str, when: dict, today: date, rng: random.Random) -> None:
    central = polling.add_place(election, polling.PlaceInput(
        kind="central", name="中心会场", address=election.venue, opens=OPENS, closes=CLOSES, groups=[],
        households=[], voters=[]))
    electors = db.session.scalars(select(Voter.number).where(polling.elector_condition(election))
                                  .order_by(Voter.number)).all()
    turnout = 0.4 if end == "new_election_pending" else rng.uniform(0.7, 0.95)  # R-COUNT-1: a void ballot
    issuance.record_register(central, list(electors[:max(1, int(len(electors) * turnout))]), when["voting"])
    outcome = tallies_demo.OUTCOMES[end]
    tallies_demo.count(election, when["counted"], outcome)
    if end != "counted":
        tallies_demo.follow(election, end, when, today)


def build(scale: float, today: date, echo=click.echo) -> dict:
    """Build (or go on building) the synthetic city; returns what it made."""
    round_ = _round(today)
    finish()
    day = today - timedelta(days=10)
    when = {target: min(moment, today) for target, moment in reached_on(day).items()}
    committees = chosen(scale)
    townships: dict[str, list] = {}
    for committee in committees:
        townships.setdefault(committee[0][:9], []).append(committee)
    done_before = set(db.session.scalars(select(CommitteeElection.committee_code).where(
        CommitteeElection.round_id == round_.id, CommitteeElection.stage != "setup")))
    started, made, voters, district, people = time.perf_counter(), 0, 0, None, None
    todo = [t for t, members in townships.items() if any(c[0] not in done_before for c in members)]
    districts = sorted({c[0][:6] for c in synthetic.committees(CITY_CODE)})
    echo(f"{CITY_ROUND}: {len(committees)} committees in {len(townships)} townships, "
         f"{len(townships) - len(todo)} done before")
    for n, township in enumerate(todo, 1):
        if township[:6] != district:  # one People a district: ID numbers never repeat in the city
            district = township[:6]
            people = synthetic.People(random.Random(int(district)), day, home=district,
                                      share=(districts.index(district), len(districts)))
            people.numbers.update(db.session.scalars(select(Voter.id_number).join(CommitteeElection).where(
                CommitteeElection.round_id == round_.id, CommitteeElection.district_code == district + "000000")))
        rng = random.Random(int(township))
        members = [c for c in townships[township] if c[0] not in done_before]
        elections = [rounds.election_for(round_, c[0]) for c in members]
        for election in elections:
            _plan(election, day, rng, when)
        voters += _import(round_, members, people, rng, when["registration"])
        for i, election in enumerate(elections):
            rolls.publish(election, None, today=when["roll_published"])
            rounds.move_stage(election, "nomination", today=when["nomination"])
            candidates_demo.publish(election, when)
            _vote_and_count(election, ENDS[(made + i) % len(ENDS)], when, today, rng)
        finish()  # the township is done: a later run goes on from the next
        db.session.expire_all()
        made += len(elections)
        spent = time.perf_counter() - started
        left = spent / n * (len(todo) - n)
        echo(f"  [{n}/{len(todo)}] {township}: {len(elections)} committees · {made} so far, {voters:,} voters · "
             f"{spent:.0f} s, about {left:.0f} s left")
    total = db.session.scalar(select(func.count()).select_from(Voter).join(CommitteeElection).where(
        CommitteeElection.round_id == round_.id))
    return {"round": round_.id, "committees": len(committees), "made": made, "voters": total,
            "seconds": time.perf_counter() - started}
