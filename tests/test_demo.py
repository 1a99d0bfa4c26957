"""The README's demo: `flask demo load` gives every page something to show, and can run twice."""
import json

from sqlalchemy import func, select

from elections.candidates import services as candidates
from elections.candidates.models import Nomination, Nominee
from elections.clock import beijing_today
from elections.accounts.models import User
from elections.demo import DEMO_ACCOUNTS
from elections.extensions import db
from elections.polling import issuance
from elections.polling import services as polling
from elections.polling.models import BallotIssue
from elections.rolls.models import Objection, RollVersion, Voter
from elections.rounds import calendar, stages
from elections.rounds.demo import COUNTING_COMMITTEE, DEMO_ROUND, HISTORY_ROUND
from elections.rounds.models import CommitteeElection, Round
from elections.tallies.models import Ballot


def test_demo_opens_a_training_round_in_all_modes_and_many_stages(runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert DEMO_ROUND in result.output and "duofuxiang" in result.output
    round_ = db.session.scalar(select(Round).where(Round.name == DEMO_ROUND))
    assert round_.training
    planned = db.session.scalars(select(CommitteeElection).where(
        CommitteeElection.round_id == round_.id, CommitteeElection.seats_member.is_not(None))).all()
    assert 30 <= len(planned) <= 60
    assert len({e.district_code for e in planned}) >= 5
    # Its days follow today's, so it runs under national-2026 with the three residents' modes (R26-MODE).
    assert round_.ruleset == "national-2026" and {e.rules.name for e in planned} == {"national-2026"}
    assert {e.mode for e in planned} == {"direct", "household", "representative"}
    # A 2025 round under beijing-2018 is kept as history, closed, with the group-representative mode.
    history = db.session.scalar(select(Round).where(Round.name == HISTORY_ROUND))
    assert history.ruleset == "beijing-2018" and not history.is_open
    assert "group_representative" in set(db.session.scalars(select(CommitteeElection.mode).where(
        CommitteeElection.round_id == history.id)))
    assert {e.stage for e in planned} >= {"setup", "registration", "roll_published", "nomination",
                                          "candidates_published", "voting", "counted", "certified",
                                          "supplementary_pending", "revote_pending"}
    today = beijing_today()
    late = [e for e in planned if calendar.overdue(e.stage, e.election_day, e.first_counted_on,
                                                   round_.last_day, round_.rules, today)]
    assert late, "the demo shows overdue elections on the progress pages"
    assert any(m.active for m in planned[0].members) or any(e.members for e in planned)

    # Every election past set-up has its roll; every one past registration its published list.
    rolls = dict(db.session.execute(select(Voter.election_id, func.count()).group_by(Voter.election_id)).all())
    published = set(db.session.scalars(select(RollVersion.election_id)))
    for election in planned:
        assert (election.id in rolls) == (election.election_day is not None and election.stage != "setup")
        assert (election.id in published) == (election.stage not in ("setup", "registration"))
    duofuxiang = next(e for e in planned if e.committee_code == "110101001001")
    assert rolls[duofuxiang.id] == 600
    # Registered before the list they are on was published (R-ROLL-5), numbered 1…600 (编号).
    first_published = dict(db.session.execute(select(RollVersion.election_id, func.min(RollVersion.published_on))
                                              .group_by(RollVersion.election_id)).all())
    for election_id, registered_on in db.session.execute(
            select(Voter.election_id, func.max(Voter.added_on)).where(Voter.listed_in == 1)
            .group_by(Voter.election_id)):
        assert registered_on <= first_published[election_id]
    assert sorted(db.session.scalars(select(Voter.number).where(Voter.election_id == duofuxiang.id))) == list(
        range(1, 601))
    [objection] = db.session.scalars(select(Objection)).all()
    assert objection.decision == "upheld" and objection.subject.status == "removed"  # R-ROLL-7: for version 2
    assert db.session.scalar(select(func.count()).where(Voter.status_reason == "consent_pending")) > 0

    # Candidates (R-CAND-1…5): every election past nomination has its list, published on time through
    # the services, its candidates vetted and qualified; the first election at nomination has its
    # vetting under way with a bit of everything.
    for election in planned:
        latest = candidates.latest_list(election)
        if not stages.reached(election.stage, "candidates_published"):
            assert latest is None
            continue
        assert latest.number == 1 and latest.entries, election.committee_code
        assert latest.published_on <= calendar.candidates_deadline(election.election_day, round_.rules)
        standing = {candidates.vetting_stage(db.session.get(Nominee, e["nominee"])) for e in latest.entries}
        assert standing == {"qualified"}
        assert any(e["sex"] == "F" for e in latest.entries)
    assert any(e.stage == "candidates_published" and candidates.latest_list(e) for e in planned)
    assert any(candidates.meeting(e) for e in planned if e.kind == "village" and e.stage != "setup"
               and stages.reached(e.stage, "nomination"))
    showcase = next(e for e in planned if e.stage == "nomination")
    vetting = {candidates.vetting_stage(n) for n in candidates.nominees(showcase)}
    assert vetting >= {"qualified", "barred", "awaiting_findings", "ready"}, vetting
    barred = next(n for n in candidates.nominees(showcase) if n.vetting and n.vetting.decision == "barred")
    assert barred.vetting.barred_items == ["TC-1"] and barred.vetting.evidence
    assert any(w.rule == "R26-SIZE" for e in planned if e.stage == "nomination"
               for w in candidates.current_slate(e).warnings), "a slate without a woman, for the overview"
    # R26-CAND: the Party organisation nominated the directors' candidates, by a recorded decision;
    # R26-SIZE: two of its nominees are near relatives, and its list says so.
    party = db.session.scalars(select(Nomination).where(Nomination.method == "party_organisation")).all()
    assert party and all(n.post == "director" and n.decision_ref and n.decision_body for n in party)
    assert any(w.rule == "R26-RELATIVES" for w in candidates.current_slate(showcase).warnings)
    # R26-ROLL: residents registered on saying they would take part, the day recorded.
    assert db.session.scalar(select(func.count()).where(Voter.opted_in_on.is_not(None))) > 0
    assert db.session.scalar(select(func.count()).where(Voter.status_reason == "opt_in_pending")) > 0

    # Election day (R-POLL-1…3): every election that voted reached `voting` by the ballots issued on its
    # day; 多福巷 votes today at three places and a mobile box, with staff, proxies and its issuer.
    for election in planned:
        assert (election.electorate is not None) == stages.reached(election.stage, "voting"), election.committee_code
        if election.electorate is not None and election.stage not in stages.SIDE_STAGES:
            assert 0 < election.issued <= election.electorate
        if election.electorate is not None:
            change = next(c for c in election.stage_changes if c.to_stage == "voting")
            assert change.on_date == election.election_day and change.actor == "system"
    assert duofuxiang.stage == "voting" and duofuxiang.election_day == beijing_today()
    places = polling.places(duofuxiang)
    assert [p.kind for p in places] == ["central", "station", "station", "mobile"]
    issued = issuance.issued_at([p.id for p in places])
    assert all(issued.values()) and sum(issued.values()) == duofuxiang.issued == 100
    assert polling.readiness(duofuxiang, places) == []
    assert len(polling.proxies(duofuxiang)) == 4
    assert db.session.scalar(select(func.count()).where(BallotIssue.proxy_id.is_not(None))) == 2
    issuer = db.session.scalar(select(User).where(User.username == "issuer"))
    assert [p.name for p in issuance.places_for(issuer)] == ["中心会场"] and "issuer" in result.output

    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(Round)) == 2


def test_demo_counts_to_every_outcome_and_recount_gives_every_stored_result(runner, tmp_path):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    ballots = db.session.scalars(select(Ballot).order_by(Ballot.election_id, Ballot.number)).all()
    counted = [b for b in ballots if b.status == "counted"]
    # Every outcome of the law, each reached by the clerks' sheets (R-COUNT-1, 6, 7, 9) ...
    assert {b.result["next"] for b in counted} == {"none", "revote_tied", "supplementary_election", "new_election"}
    assert any(v["reason"] == "women_seat" for b in counted for v in b.result["vacancies"])
    assert any(b.result["void_reason"] == "quorum_not_met" for b in counted)
    # ... and what follows it: the next ballot prepared, a result certified, one amended (R-CERT-3).
    follows = {b.election.stage: b.kind for b in ballots if b.status == "open" and b.number > 1}
    assert follows == {"revote_pending": "revote", "supplementary_pending": "supplementary",
                       "new_election_pending": "first"}
    assert any(b.election.stage == "certified" for b in counted) and any(b.amended for b in counted)
    # 智德社区 counts tonight: one sheet entered once, one in the correction queue.
    tonight = next(b for b in ballots if b.election.committee_code == COUNTING_COMMITTEE)
    assert tonight.election.stage == "voting" and [s.status for s in tonight.sheets] == ["entered", "mismatch"]
    assert {unit for name, _role, unit, _ in DEMO_ACCOUNTS if name in ("clerk", "clerk2")} == {COUNTING_COMMITTEE}
    # Every stored record, exported, recounts to exactly its stored result.
    out = tmp_path / "records"
    assert runner.invoke(args=["results", "export", "--unit", "110000000000", "--out", str(out)]).exit_code == 0
    files = sorted(out.iterdir())
    assert len(files) == len(counted)
    stored = {(b.election.committee_code, b.number): b.result for b in counted}
    for path in files:
        code, number = path.stem.split("-")
        recount = runner.invoke(args=["results", "recount", str(path)])
        assert recount.exit_code == 0 and json.loads(recount.output) == stored[code, int(number)], path.name
    lines = runner.invoke(args=["results", "show", "--unit", "110000000000", "--json"]).output.splitlines()
    assert [json.loads(line) for line in lines] == [b.result for b in sorted(
        counted, key=lambda b: (b.election.committee_code, b.number))]
