"""A refused change writes nothing anywhere: every service that can refuse is called with refusing
input inside a real unit of work (as a request or a command runs it), and the database is compared,
table by table and row by row, with what it was before. Services flush what they have done as they
go; the refusal rolls all of it back, the part flushed before the refusal was found included."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from elections.accounts import services as accounts
from elections.candidates import services as candidates
from elections.candidates.services import TallyRow
from elections.extensions import db
from elections.rolls import importer
from elections.rolls import services as rolls
from elections.rolls.models import Voter
from elections.rounds import services as rounds
from elections.rounds.models import CommitteeElection
from elections.transactions import Refusal, refused, unit_of_work
from support.accounts import IN_COMMITTEE, login
from support.candidates_data import NOMINATED_ON, VILLAGE, id_of, meeting, nominating
from support.rolls_data import DAY, TODAY, open_round, person, planned, user
from support.snapshots import database_state, differences
from support.transactions import save

LATE = "110101001002"  # its roll is due in the past: publishing it breaks R-ROLL-5


@pytest.fixture
def world(app):
    """A round with a committee whose roll is late and a village at nomination with two nominees,
    an objection waiting for its decision and a rejected roll file, all committed."""
    round_ = open_round()
    late = planned(round_, LATE, election_day=TODAY + timedelta(days=10))
    for n in (101, 102, 103):
        save(rolls.add_voter, late, person(n), user("committee"), today=TODAY)
    village = nominating(round_, VILLAGE, voters=30)
    meeting(village, [(1, "director", 10), (2, "member", 9)])
    objection = save(rolls.lodge_objection, village, lodged_by="某某", contact="", request="add",
                     subject_name="无名氏", subject_id_number=None, subject_voter=None, grounds="漏登",
                     received_on=TODAY + timedelta(days=1), actor=user("committee"), today=TODAY + timedelta(days=1))
    rejected = importer.check_import(round_, b"not,a,roll\r\n", "roll.csv", IN_COMMITTEE, None)
    db.session.commit()
    return {"round": round_, "late": late, "village": village, "objection": objection, "rejected": rejected}


def _nominee(world):
    return candidates.nominees(world["village"])[0]


CASES = {
    # R-ROLL-5: the first publication moves the stage to registration and flushes the version,
    # then the deadline refuses it (the finding: the election had moved to registration).
    "rolls.publish late": lambda w: rolls.publish(w["late"], user("committee"), today=TODAY),
    "rolls.add_voter twice (R-ROLL-3)": lambda w: rolls.add_voter(w["late"], person(101), user("committee"), today=TODAY),
    "rolls.remove_voter unknown reason": lambda w: rolls.remove_voter(
        db.session.scalars(select(Voter).where(Voter.election_id == w["late"].id)).first(), "", "", user("committee")),
    "rolls.exclude_voter unknown reason": lambda w: rolls.exclude_voter(
        db.session.scalars(select(Voter).where(Voter.election_id == w["late"].id)).first(), "none", "", user("committee")),
    "rolls.lodge_objection late (R-ROLL-5)": lambda w: rolls.lodge_objection(
        w["village"], lodged_by="某某", contact="", request="add", subject_name="甲", subject_id_number=None,
        subject_voter=None, grounds="漏登", received_on=TODAY + timedelta(days=30), actor=user("committee"),
        today=TODAY + timedelta(days=30)),
    "rolls.decide_objection upheld without the person (R-ROLL-7)": lambda w: rolls.decide_objection(
        w["objection"], "upheld", "应当登记", TODAY + timedelta(days=2), user("committee"),
        today=TODAY + timedelta(days=2)),
    "rounds.move_stage not a next stage": lambda w: rounds.move_stage(w["late"], "voting", user("district")),
    "rounds.move_stage late (R-ROLL-5)": lambda w: (
        rounds.move_stage(w["late"], "registration", user("committee"), today=TODAY),
        rounds.move_stage(w["late"], "roll_published", user("committee"), today=TODAY)),
    "rounds.update_plan after nomination (R-SIZE-1)": lambda w: rounds.update_plan(
        w["village"], {"seats_member": 4}, user("township")),
    "rounds.add_member no name": lambda w: rounds.add_member(w["late"], "", "chair", "", user("committee")),
    "rounds.open_round bad window": lambda w: rounds.open_round(
        "新一届", DAY, TODAY, village_term=12, residential_term=11, ruleset="beijing-2018"),
    "rounds.save_criteria after nomination opened (R-CAND-3)": lambda w: rounds.save_criteria(
        w["round"], rounds.current_criteria(w["round"]).items[:-1], "删去一项", user("city")),
    "candidates.open_nomination before the roll (R-CAND-1)": lambda w: candidates.open_nomination(
        w["late"], user("committee"), today=TODAY),
    "candidates.record_meeting votes beyond ballots (R-CAND-1)": lambda w: candidates.record_meeting(
        w["village"], held_on=NOMINATED_ON, attendance=20, ballots_cast=20, invalid={},
        rows=[TallyRow(1, id_of(1), "director", 50)], actor=user("committee"), today=NOMINATED_ON),
    "candidates.add_joint_nomination in a village (R-CAND-1)": lambda w: candidates.add_joint_nomination(
        w["village"], who=id_of(1), post="director", method="voters", signers=[id_of(n) for n in range(2, 14)],
        submitted_on=NOMINATED_ON, actor=user("committee"), today=NOMINATED_ON),
    "candidates.publish unvetted (R-CAND-3)": lambda w: candidates.publish(
        w["village"], user("committee"), today=NOMINATED_ON),
    "candidates.decide an incomplete file (R-CAND-3)": lambda w: candidates.decide(
        _nominee(w), "qualified", [], "", user("township"), today=NOMINATED_ON),
    "candidates.record_finding for another department": lambda w: candidates.record_finding(
        _nominee(w), "TC-1", "法院", False, "", NOMINATED_ON, actor=user("department"), today=NOMINATED_ON),
    "candidates.withdraw without a reason": lambda w: candidates.withdraw(
        _nominee(w), "", NOMINATED_ON, user("committee"), today=NOMINATED_ON),
    "candidates.reissue before publication (R-CAND-5)": lambda w: candidates.reissue(
        w["village"], "补齐", user("committee"), today=NOMINATED_ON),
    "importer.apply_import of a rejected file": lambda w: importer.apply_import(w["rejected"], user("township")),
    "accounts.create_user a common password": lambda w: accounts.create_user(
        "zhang", "1234567890", "observer", IN_COMMITTEE, manager=user("district")),
    "accounts.update_user deactivating oneself": lambda w: accounts.update_user(
        user("district"), user("district"), role="district_official", unit_code="110101000000",
        display_name="", active=False),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_refused_service_writes_nothing(world, case):
    before = database_state()
    with pytest.raises(Refusal):
        with unit_of_work():
            CASES[case](world)
    assert not refused()
    assert differences(before, database_state()) == {}


def test_the_refusals_each_have_their_reason(world):
    """The cases above are refused for the reason they name, not for some accident of the set-up."""
    with pytest.raises(rolls.RollsError) as error, unit_of_work():
        rolls.publish(world["late"], user("committee"), today=TODAY)
    assert [p.rule for p in error.value.problems] == ["R-ROLL-5"]
    assert db.session.get(CommitteeElection, world["late"].id).stage == "setup"


def test_a_refused_publication_through_the_page_writes_nothing(world, client):
    """The finding, as a user meets it: the page says why, and the election has not moved."""
    login(client, "township")
    before = database_state()
    response = client.post(f"/rounds/{world['round'].id}/rolls/{LATE}/publish", data={})
    assert response.status_code == 422 and "R-ROLL-5" in response.text
    after = database_state()
    assert differences(before, after) == {}


def test_plans_with_one_bad_row_write_nothing(world):
    """apply_plans reports rather than raises: every row's problems, for the page and the command."""
    before = database_state()
    with unit_of_work():
        report = rounds.apply_plans(world["round"], [(2, LATE, {"venue": "礼堂"}),
                                                     (3, "110101001003", {"seats_member": 40})], user("city"))
    assert [row for row, _, _ in report.problems] == [3]
    assert differences(before, database_state()) == {}


def test_a_refused_command_writes_nothing(world, runner, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("村(居)委会代码,选举方式,选举日,主任名额,副主任名额,委员名额,投票方式\r\n"
                    f"{LATE},直接选举,{DAY},1,1,3,一票制\r\n110101001003,直接选举,{DAY},1,1,99,一票制\r\n",
                    encoding="utf-8")
    db.session.commit()
    before = database_state()
    result = runner.invoke(args=["rounds", "plan", str(path), "--round", str(world["round"].id)])
    assert result.exit_code == 2
    assert differences(before, database_state()) == {}


def test_a_request_that_succeeds_commits_once(world, client):
    """What a request did is in the database after it, seen from another connection."""
    login(client, "township")
    response = client.post(f"/rounds/{world['round'].id}/elections/{LATE}/members",
                           data={"name": "赵六", "position": "member", "phone": ""})
    assert response.status_code == 302
    with db.engine.connect() as other:
        names = other.execute(select(db.metadata.tables["election_committee_members"].c.name)).scalars().all()
    assert "赵六" in names
