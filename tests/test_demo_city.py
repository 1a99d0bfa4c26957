"""`flask demo city`: a synthetic city through the services, spread over every district, every
committee taken through roll, candidates, election day, tallies and results; resumable."""
from sqlalchemy import func, select

from elections.demo_city import CITY_ROUND, chosen
from elections.documents.models import Certificate
from elections.extensions import db
from elections.polling.models import BallotIssue
from elections.rolls.models import Voter
from elections.rounds.models import CommitteeElection, Round
from elections.tallies.models import Ballot


def test_the_scale_takes_a_share_of_every_district():
    all_of_them = chosen(1.0)
    assert len(all_of_them) == 7007
    some = chosen(0.05)
    assert 340 <= len(some) <= 360
    assert {c[0][:6] for c in some} == {c[0][:6] for c in all_of_them}  # every district
    assert len({c[0][:9] for c in some}) > 200  # spread over its townships, not its first ones


def test_flask_demo_city_builds_and_resumes(runner):
    first = runner.invoke(args=["demo", "city", "--scale", "0.0015"])
    assert first.exit_code == 0, first.output
    round_ = db.session.scalar(select(Round).where(Round.name == CITY_ROUND))
    assert round_.training
    built = db.session.execute(select(CommitteeElection.stage, func.count()).where(
        CommitteeElection.round_id == round_.id, CommitteeElection.stage != "setup")
        .group_by(CommitteeElection.stage)).all()
    stages = dict(built)
    assert sum(stages.values()) == len(chosen(0.0015)) == 16 and stages["certified"] == 16
    # Realistic rolls, ballots issued on the day, each committee counted from its sheets.
    voters = db.session.scalar(select(func.count()).select_from(Voter).where(Voter.round_id == round_.id))
    assert 16 * 500 <= voters <= 16 * 3000
    issued = db.session.scalar(select(func.sum(CommitteeElection.issued)).where(CommitteeElection.round_id == round_.id))
    assert issued == db.session.scalar(select(func.count()).select_from(BallotIssue)) > 0.6 * voters * 0.5
    assert db.session.scalar(select(func.count()).select_from(Ballot).where(Ballot.status == "counted")) == 16
    assert db.session.scalar(select(func.count()).select_from(Certificate)) >= 16 * 5
    # Run again: nothing is done twice.
    again = runner.invoke(args=["demo", "city", "--scale", "0.0015"])
    assert again.exit_code == 0 and "16 done before" in again.output
    assert db.session.scalar(select(func.count()).select_from(Voter).where(Voter.round_id == round_.id)) == voters
