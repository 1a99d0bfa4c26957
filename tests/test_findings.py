"""The rest of the findings of the review before election day, each with the test that failed before
it was fixed: the stage form moving an election by a click, a joint nomination recorded four times by
parallel posts, and an import report naming a committee outside the uploader's jurisdiction."""
import http.cookiejar
import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from elections import create_app
from elections.candidates import services as candidates
from elections.candidates.models import Nomination
from elections.clock import beijing_today
from elections.extensions import db
from elections.rolls import importer
from elections.rolls import services as rolls
from elections.rolls.models import ImportProblem
from elections.rolls.roll_file import HEADERS
from elections.rounds import services as rounds
from elections.rounds import stages
from elections.rounds.models import CommitteeElection, StageChange
from support.accounts import IN_COMMITTEE, IN_TOWNSHIP, PASSWORD, login
from support.apps import base_config, serving
from support.rolls_data import person, planned, user
from support.transactions import refused, save

TODAY = beijing_today()
OTHER_DISTRICT_COMMITTEE = "110102001001"  # 西城区 › 西长安街街道 › 南北长街社区


def _round():
    return rounds.open_round("2026年换届选举", TODAY - timedelta(days=40), TODAY + timedelta(days=80),
                             village_term=12, residential_term=11, ruleset="national-2026")


# ---- the stage form ---------------------------------------------------------------------------------

WORKED = [s for s in stages.STAGES if s not in stages.BY_HAND and s != "setup"]
# The work that reaches each stage, as the refusal names it: the roll's publication (R-ROLL-5), the
# vetted candidate list's (R-CAND-3), the first ballot issued (R-POLL-3), the township's certification
# (R-CERT-3), and the count for the rest (R-COUNT-10).
RULE_OF = {"roll_published": "R-ROLL-5", "candidates_published": "R-CAND-3", "voting": "R-POLL-3",
           "certified": "R-CERT-3"}


@pytest.mark.parametrize("target", WORKED)
def test_the_stage_form_does_not_move_to_a_stage_reached_by_work(app, client, target):
    """The finding: `counted` or `certified` by a click, with no tally; `roll_published` without the
    R26-MODE check. However the election stands, these moves are refused and nothing moves."""
    election = planned(_round(), IN_COMMITTEE, election_day=TODAY + timedelta(days=30))
    for stage in stages.path_to("counted")[1:]:  # as far as the demo takes an election: counted
        election.stage = stage
        db.session.commit()
        login(client, "district")
        page = client.get(f"/rounds/{election.round_id}/elections/{IN_COMMITTEE}").text
        assert f'value="{target}"' not in page
        answer = client.post(f"/rounds/{election.round_id}/elections/{IN_COMMITTEE}/stage",
                             data={"target": target, "override_reason": "点错了"})
        assert answer.status_code == 422 and RULE_OF.get(target, "R-COUNT-10") in answer.text
        assert db.session.get(CommitteeElection, election.id).stage == stage
        assert db.session.scalar(select(func.count()).select_from(StageChange)) == 0
        client.post("/logout")


def test_the_stage_form_offers_the_moves_that_start_work(app, client):
    election = planned(_round(), IN_COMMITTEE, election_day=TODAY + timedelta(days=30))
    login(client, "committee")
    page = client.get(f"/rounds/{election.round_id}/elections/{IN_COMMITTEE}").text
    assert 'value="registration"' in page
    assert client.post(f"/rounds/{election.round_id}/elections/{IN_COMMITTEE}/stage",
                       data={"target": "registration"}).status_code == 302
    assert db.session.get(CommitteeElection, election.id).stage == "registration"


# ---- joint nominations ------------------------------------------------------------------------------

def _nominating(round_):
    election = planned(round_, IN_COMMITTEE, election_day=TODAY + timedelta(days=30))
    for n in range(1, 31):
        save(rolls.add_voter, election, person(n), user("committee"), today=TODAY - timedelta(days=10))
    save(rolls.publish, election, user("committee"), today=TODAY - timedelta(days=10))
    save(candidates.open_nomination, election, user("committee"), today=TODAY - timedelta(days=1))
    return election


def _sheet(signers=range(11, 21)) -> dict:
    return {"who": person(1).id_number, "post": "director", "method": "voters",
            "signers": [person(n).id_number for n in signers], "submitted_on": TODAY}


def test_the_same_joint_nomination_sheet_is_recorded_once(app):
    election = _nominating(_round())
    save(candidates.add_joint_nomination, election, **_sheet(), actor=user("committee"))
    with refused(candidates.CandidatesError, match="recorded already"):
        candidates.add_joint_nomination(election, **_sheet(reversed(range(11, 21))), actor=user("committee"))
    save(candidates.add_joint_nomination, election, **_sheet(range(12, 22)), actor=user("committee"))  # another sheet
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 2


def test_four_parallel_posts_of_one_sheet_record_it_once(databases):
    """The finding: identical joint nominations recorded four times by parallel posts."""
    url = databases.fresh()
    app = create_app(base_config(url))
    with app.app_context():
        round_id = _nominating(_round()).round_id
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    form = urllib.parse.urlencode({"who": "居民0001", "post": "director", "method": "voters",
                                   "signers": "\n".join(person(n).id_number for n in range(11, 21)),
                                   "submitted_on": TODAY.isoformat()}).encode()
    with serving(databases, url, WTF_CSRF_ENABLED=False) as (live, base):
        openers = []
        for _ in range(4):
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
            opener.open(base + "/login", data=urllib.parse.urlencode(
                {"username": "committee", "password": PASSWORD}).encode(), timeout=60).read()
            openers.append(opener)
        start, answers = threading.Barrier(4), []

        def post(opener):
            start.wait()
            try:
                answers.append(opener.open(f"{base}/rounds/{round_id}/candidates/{IN_COMMITTEE}/joint", data=form,
                                           timeout=60).status)
            except urllib.error.HTTPError as error:
                answers.append(error.code)

        threads = [threading.Thread(target=post, args=(o,)) for o in openers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with live.app_context():
            recorded = db.session.scalar(select(func.count()).select_from(Nomination))
            db.session.remove()
    assert recorded == 1
    assert sorted(answers) == [200, 422, 422, 422]  # one redirected to the page, three told why


# ---- R-ROLL-3 across jurisdictions --------------------------------------------------------------------

def test_a_person_registered_in_another_district_is_said_to_be_registered_elsewhere(app):
    """The finding: the import report named the committee in another district where the person is
    registered; to a township official it says only "registered elsewhere in this round"."""
    round_ = _round()
    planned(round_, IN_COMMITTEE, election_day=TODAY + timedelta(days=30))
    elsewhere = planned(round_, OTHER_DISTRICT_COMMITTEE, election_day=TODAY + timedelta(days=30))
    save(rolls.add_voter, elsewhere, person(7), user("township_out"), today=TODAY)
    p = person(7)
    row = [IN_COMMITTEE, p.name, p.id_number, "", "", "H7", "", "1", "", "是"]
    data = ("\r\n".join([",".join(HEADERS.values()), ",".join(row)])).encode()
    roll_import = importer.check_import(round_, data, "roll.csv", IN_TOWNSHIP, user("township"))
    messages = [m % params for m, params in db.session.execute(
        select(ImportProblem.message, ImportProblem.params).where(ImportProblem.import_id == roll_import.id)).all()]
    assert any("already registered elsewhere in this round" in m for m in messages), messages
    assert not any("南北长街" in m or OTHER_DISTRICT_COMMITTEE in m for m in messages)
    with refused(rolls.RollsError, match="elsewhere") as refusal:
        rolls.add_voter(rounds.election_for(round_, IN_COMMITTEE), p, user("township"), today=TODAY)
    assert "南北长街" not in str(refusal.value)
    city = importer.check_import(round_, data, "roll.csv", "110000000000", None)  # the city sees it all
    assert city.problems == 1
