"""The progress pages cost a fixed number of SQL statements, and the SQL overdue list is the law's.

Hundreds of officials keep /geo/ pages open all day (issue 3), so a page whose statement count grew
with the committees in a stage, or overdue, would fall over at 7,007 committees: the count of one
request must not depend on the data.
"""
from datetime import timedelta
from itertools import product

from sqlalchemy import select, update

from support.accounts import IN_COMMITTEE, IN_DISTRICT, IN_TOWNSHIP, login
from support.queries import statements
from elections.clock import beijing_today
from elections.extensions import db
from elections.rounds import calendar, services, stages
from elections.rounds.models import CommitteeElection, Round
from elections.rounds.progress import overdue_condition

TODAY = beijing_today()
# Statements of one progress page, whatever the round holds. Measured: 11 on SQLite (BEGIN, the
# user, the current round, the unit, its children, their counts, then five grouped queries of
# rounds.progress), 10 on PostgreSQL (no BEGIN statement). One statement of slack.
MAX_STATEMENTS = 14  # with the round bar's other open rounds (base.html) and the turnout (polling.issuance.rollup)
PAGES = [("city", "/geo/"), ("district", f"/geo/{IN_DISTRICT}"), ("township", f"/geo/{IN_TOWNSHIP}")]
RESIDENTIAL_MODES = ("direct", "household", "group_representative")


def open_round() -> Round:
    return services.open_round("2026年换届选举", TODAY - timedelta(days=30), TODAY + timedelta(days=60),
                               village_term=12, residential_term=11, ruleset="national-2026")


def plan_a_few(round_: Round) -> None:
    """Three committees of the township planned through the services; one is overdue (R-ROLL-5)."""
    for code, offset in ((IN_COMMITTEE, 10), ("110101001002", 40), ("110101001005", 50)):
        election = services.election_for(round_, code)
        services.update_plan(election, {"mode": "household", "election_day": TODAY + timedelta(days=offset),
                                        "seats_director": 1, "seats_deputy_director": 1, "seats_member": 3,
                                        "ballot_method": "single"})
        services.move_stage(election, "registration")


def plan_every_committee(round_: Round) -> None:
    """All 7,007 elections at once (a bulk UPDATE, not the services: only the columns the progress
    pages read matter here): every mode of each kind, election days over the window, every stage,
    a good share of them overdue."""
    rows = db.session.execute(select(CommitteeElection.id, CommitteeElection.kind)
                              .where(CommitteeElection.round_id == round_.id)
                              .order_by(CommitteeElection.id)).all()
    values = []
    for i, (id_, kind) in enumerate(rows):
        stage = stages.STAGES[i % len(stages.STAGES)]
        day = round_.first_day + timedelta(days=(i * 7) % 91)
        counted = stages.reached(stage, "counted")
        values.append({"id": id_, "stage": stage, "election_day": day,
                       "mode": "direct" if kind == "village" else RESIDENTIAL_MODES[i % 3],
                       "seats_director": 1, "seats_deputy_director": 1, "seats_member": 3,
                       "ballot_method": "single",
                       "first_counted_on": day if counted else None})
    db.session.execute(update(CommitteeElection), values)
    db.session.commit()


def test_progress_pages_issue_a_fixed_number_of_statements(app):
    round_ = open_round()
    plan_a_few(round_)
    clients = {}
    for username, url in PAGES:
        clients[username] = app.test_client()
        login(clients[username], username)
        statements(app, clients[username], url)  # warm-up: templates compiled, caches filled
    few = {url: statements(app, clients[username], url) for username, url in PAGES}

    plan_every_committee(round_)
    many = {url: statements(app, clients[username], url) for username, url in PAGES}

    counts = {url: (len(few[url][0]), len(many[url][0])) for url in few}
    print("statements per page (few planned, all planned):", counts)
    for url, (before, after) in counts.items():
        added = [" ".join(s.split())[:200] for s in many[url][0] if s not in few[url][0]]
        assert before == after <= MAX_STATEMENTS, (url, counts, added or many[url][0])
    # The second state really is the heavy one: overdue lists and a day chart on every page.
    for url, (_, page) in many.items():
        assert 'id="overdue"' in page and 'id="day-chart"' in page, url
    assert 'id="overdue"' in few[f"/geo/{IN_TOWNSHIP}"][1]


# ---- the overdue list: SQL against the pure rule ---------------------------------------------

DAY_OFFSETS = (None, -30, -1, 0, 1, 4, 5, 6, 19, 20, 21, 60)  # around today, R-CAND-5 and R-ROLL-5
COUNTED_OFFSETS = (None, -16, -15, -14, 0)  # around R-COUNT-7's 15 days


def test_sql_overdue_list_agrees_with_the_calendar(app):
    """`progress.overdue_condition` is `calendar.overdue` rewritten for the database, so the
    overdue list (and its total) and the flags on each row could drift apart. Compared on every
    stage × election days on both sides of each deadline (R-ROLL-5: the voter list 20 days before,
    R-CAND-5: the candidate list 5 days before, election day itself) × first counts on both sides
    of R-COUNT-7's 15 days, for three todays and for windows ending before, at and after the
    voter-list deadline of an election without a day.

    Only elections that can exist: without an election day an election is still in set-up (the
    plan must be complete to leave it, and a day cannot be unset). For a day-less election waiting
    for a supplementary ballot the two disagree (the SQL flags R-COUNT-7, the calendar returns
    before looking), but no such election can be made."""
    round_ = open_round()
    rules = round_.rules
    cases = [(stage, day, counted) for stage, day, counted in product(stages.STAGES, DAY_OFFSETS, COUNTED_OFFSETS)
             if day is not None or stage == "setup"]
    ids = db.session.scalars(select(CommitteeElection.id).where(CommitteeElection.round_id == round_.id)
                             .order_by(CommitteeElection.id).limit(len(cases))).all()
    db.session.execute(update(CommitteeElection), [
        {"id": id_, "stage": stage,
         "election_day": None if day is None else TODAY + timedelta(days=day),
         "first_counted_on": None if counted is None else TODAY + timedelta(days=counted)}
        for id_, (stage, day, counted) in zip(ids, cases)])
    db.session.commit()
    elections = db.session.execute(select(
        CommitteeElection.id, CommitteeElection.stage, CommitteeElection.election_day,
        CommitteeElection.first_counted_on).where(CommitteeElection.id.in_(ids))).all()

    seen_rules = set()
    for last_day_offset, today_offset in product((19, 20, 21, 60), (-1, 0, 1)):
        today = TODAY + timedelta(days=today_offset)
        round_.last_day = TODAY + timedelta(days=last_day_offset)
        expected = {}
        for id_, stage, day, counted in elections:
            late = calendar.overdue(stage, day, counted, round_.last_day, rules, today)
            if late:
                expected[id_] = late
        found = set(db.session.scalars(select(CommitteeElection.id).where(
            CommitteeElection.id.in_(ids), overdue_condition(round_, today))))
        differ = [(stage, day, counted, expected.get(id_)) for id_, stage, day, counted in elections
                  if (id_ in found) != (id_ in expected)]
        assert found == set(expected), (round_.last_day, today, len(differ), differ[:10])
        seen_rules.update(rule for late in expected.values() for rule in late)
        assert 0 < len(found) < len(elections)
    assert seen_rules == {"R-ROLL-5", "R-CAND-5", "election_day", "R-COUNT-7"}
    db.session.rollback()
