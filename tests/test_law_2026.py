"""The 2026 law (rules.md: the rule set chosen by the election day, and the R26-* section): a round
and each of its committee elections take the rule set of their day, each refusing the other's
rules; what differs is data of the rule set, read by the services. The counting decisions (R-COUNT-5,
R-COUNT-9, R26-RELATIVES) are tested in test_counting and test_counting_properties, the statutory
bars in test_rounds, the Party organisation's nomination in test_candidate_services."""
import csv
import io
from datetime import date, timedelta
from fractions import Fraction

import pytest
from sqlalchemy import func, select

from support.accounts import IN_COMMITTEE, login
from support.candidates_data import NOMINATED_ON, id_of, nominating
from support.rolls_data import TODAY, history_round, open_round, person, planned, user
from support.transactions import refused, save
from elections.candidates import services as candidates
from elections.extensions import db
from elections.rolls import importer, relatives
from elections.rolls import services as rolls
from elections.rolls.models import ImportProblem, Voter, VoterRelative
from elections.rolls.roll_file import HEADERS, OPTIONAL_HEADERS
from elections.rounds import services as rounds
from elections.rulesets import BEIJING_2018, NATIONAL_2026, ruleset_for

YINZHA = "110101001002"


def problems_of(error) -> list[tuple[str | None, str]]:
    return [(p.rule, p.message % dict(p.params)) for p in error.value.problems]


# ---- the rule set by election day (rules.md) ---------------------------------------------------

def test_the_rule_set_is_chosen_by_the_election_day():
    assert ruleset_for(date(2025, 12, 31)) is BEIJING_2018 and ruleset_for(date(2026, 1, 1)) is NATIONAL_2026


@pytest.mark.parametrize("ruleset, first, last, governing", [
    ("beijing-2018", date(2027, 3, 1), date(2027, 6, 30), "national-2026"),
    ("national-2026", date(2025, 3, 1), date(2025, 6, 30), "beijing-2018"),
])
def test_a_round_naming_a_rule_set_that_governs_none_of_its_days_is_refused_naming_both(app, ruleset, first, last,
                                                                                       governing):
    with refused(rounds.RoundsError) as error:
        rounds.open_round("换届", first, last, village_term=12, residential_term=11, ruleset=ruleset)
    [(_, message)] = problems_of(error)
    assert ruleset in message and governing in message and first.isoformat() in message


def test_a_2027_round_runs_under_national_2026_and_refuses_the_2018_modes(app):
    round_ = rounds.open_round("2027年换届", date(2027, 3, 1), date(2027, 6, 30), village_term=13,
                               residential_term=12, ruleset="national-2026")
    assert rounds.window_modes(round_, "residential") == ["direct", "household", "representative"]
    election = rounds.election_for(round_, IN_COMMITTEE)
    with refused(rounds.RoundsError) as error:
        rounds.update_plan(election, {"mode": "group_representative", "election_day": date(2027, 5, 15)})
    [(rule, message)] = problems_of(error)
    assert rule == "R26-MODE" and "beijing-2018" in message and "national-2026" in message
    rounds.update_plan(election, {"mode": "representative", "election_day": date(2027, 5, 15)})
    assert election.rules is NATIONAL_2026


def test_a_2025_round_runs_under_beijing_2018_and_refuses_the_2026_modes(app):
    round_ = history_round()
    election = rounds.election_for(round_, IN_COMMITTEE)
    with refused(rounds.RoundsError) as error:
        rounds.update_plan(election, {"mode": "representative", "election_day": date(2025, 5, 10)})
    assert problems_of(error)[0][0] == "R-MODE-2" and "national-2026" in problems_of(error)[0][1]
    rounds.update_plan(election, {"mode": "group_representative", "election_day": date(2025, 5, 10)})
    assert election.rules is BEIJING_2018
    # beijing-2018 switches stay the round's: no woman by law, an uncontested list allowed by policy.
    rounds.open_round("2025年补选", date(2025, 8, 1), date(2025, 9, 30), village_term=21, residential_term=20,
                      ruleset="beijing-2018", policy={"min_women": 0, "allow_uncontested": True})


def test_a_window_across_2026_holds_each_election_under_the_rule_set_of_its_day(app, client):
    round_ = rounds.open_round("跨年换届", date(2025, 12, 1), date(2026, 1, 31), village_term=12,
                               residential_term=11, ruleset="beijing-2018")
    assert rounds.window_modes(round_, "residential") == ["direct", "household", "group_representative",
                                                          "representative"]
    before, after = rounds.election_for(round_, IN_COMMITTEE), rounds.election_for(round_, YINZHA)
    save(rounds.update_plan, before, {"mode": "group_representative", "election_day": date(2025, 12, 20)})
    save(rounds.update_plan, after, {"mode": "representative", "election_day": date(2026, 1, 10)})
    assert (before.rules.name, after.rules.name) == ("beijing-2018", "national-2026")
    with refused(rounds.RoundsError):  # the day decides: 2026 has no group representatives
        rounds.update_plan(before, {"election_day": date(2026, 1, 10)})
    login(client, "committee")
    page = client.get(f"/rounds/{round_.id}/elections/{IN_COMMITTEE}").text
    assert "北京市村民委员会选举办法（2012）等" in page.split('id="election-ruleset"')[1].split("</div>")[0]
    login(client, "township")
    page = client.get(f"/rounds/{round_.id}/elections/{YINZHA}").text
    shown = page.split('id="election-ruleset"')[1].split("</div>")[0]
    assert "2026年施行的修订法律" in shown and "以选举日适用的法律为准" in shown


def test_a_day_across_2026_is_refused_once_registration_has_begun(app):
    round_ = rounds.open_round("跨年换届", date(2025, 12, 1), date(2026, 1, 31), village_term=12,
                               residential_term=11, ruleset="beijing-2018")
    election = rounds.election_for(round_, IN_COMMITTEE)
    save(rounds.update_plan, election, {"mode": "direct", "election_day": date(2026, 1, 20), "seats_director": 1,
                                        "seats_deputy_director": 1, "seats_member": 3, "ballot_method": "single"})
    save(rounds.move_stage, election, "registration", today=date(2025, 12, 1))
    with refused(rounds.RoundsError) as error:
        rounds.update_plan(election, {"election_day": date(2025, 12, 30)})
    assert any("national-2026" in m and "beijing-2018" in m for _, m in problems_of(error))


# ---- R26-SIZE and R26-CAND: the law, not the round's switches ----------------------------------------

def test_r26_size_and_r26_cand_a_woman_and_a_contested_list_are_law_not_switches(app):
    with refused(rounds.RoundsError) as error:
        rounds.open_round("2027年换届", date(2027, 3, 1), date(2027, 6, 30), village_term=13, residential_term=12,
                          ruleset="national-2026", policy={"min_women": 0, "allow_uncontested": True})
    assert [rule for rule, _ in problems_of(error)] == ["R26-SIZE", "R26-CAND"]


def test_r26_relatives_near_relatives_among_the_candidates_are_a_warning(app):
    election = nominating(open_round(), IN_COMMITTEE, voters=30)
    for n, post in ((1, "director"), (2, "director"), (3, "member"), (4, "member"), (5, "member"), (6, "member")):
        save(candidates.add_party_nomination, election, who=id_of(n), post=post, body="中共多福巷社区委员会",
             reference=f"多党发〔2026〕{n}号", votes=7, decided_on=NOMINATED_ON, today=NOMINATED_ON)
    assert not [w for w in candidates.current_slate(election).warnings if w.rule == "R26-RELATIVES"]
    voters = {v.number: v for v in db_voters(election)}
    save(relatives.link, voters[1], voters[4].number, "spouse", user("committee"), today=NOMINATED_ON)
    [warning] = [w for w in candidates.current_slate(election).warnings if w.rule == "R26-RELATIVES"]
    assert warning.params == {"first": "居民0001", "second": "居民0004"}


def test_r26_cand_a_member_withdraws_when_a_near_relative_on_the_roll_is_nominated(app):
    election = nominating(open_round(), IN_COMMITTEE, voters=30)
    rounds.add_member(election, "居民0004", "member", "", today=NOMINATED_ON)  # also voter 4 of the roll
    voters = {v.number: v for v in db_voters(election)}
    save(relatives.link, voters[1], voters[4].number, "sibling", today=NOMINATED_ON)
    save(candidates.add_party_nomination, election, who=id_of(1), post="director", body="中共多福巷社区委员会",
         reference="多党发〔2026〕1号", votes=7, decided_on=NOMINATED_ON, today=NOMINATED_ON)
    [member] = election.members
    assert member.left_on == NOMINATED_ON and "近亲属" in member.left_reason


def db_voters(election) -> list[Voter]:
    return db.session.scalars(select(Voter).where(Voter.election_id == election.id)).all()


# ---- R26-ROLL: registration on saying one will take part ---------------------------------------

def test_r26_roll_residents_register_on_saying_they_will_take_part(app):
    election = planned(open_round(), IN_COMMITTEE)
    waiting = save(rolls.add_voter, election, person(1, opted_in_on=None), user("committee"), today=TODAY)
    assert (waiting.status, waiting.status_reason) == ("not_registered", "opt_in_pending")
    with refused(rolls.RollsError) as error:
        rolls.record_opt_in(waiting, TODAY + timedelta(days=1), today=TODAY)
    assert problems_of(error)[0][0] == "R26-ROLL"
    save(rolls.record_opt_in, waiting, TODAY, user("committee"), today=TODAY)
    assert (waiting.status, waiting.opted_in_on) == ("registered", TODAY)
    with refused(rolls.RollsError):
        rolls.record_opt_in(waiting, TODAY, today=TODAY)  # registered already


def test_r26_roll_a_2018_residents_roll_registers_without_an_opt_in_day(app):
    election = planned(history_round(), IN_COMMITTEE, election_day=date(2025, 5, 10))
    voter = save(rolls.add_voter, election, person(1, opted_in_on=None), user("committee"), today=date(2025, 3, 1))
    assert voter.status == "registered"


def test_r26_roll_the_categories_in_the_words_of_each_rule_set(app, client):
    new = planned(open_round(first_day=date.today() - timedelta(days=5)), IN_COMMITTEE,
                  election_day=date.today() + timedelta(days=40))
    login(client, "committee")
    form = client.get(f"/rounds/{new.round_id}/rolls/{IN_COMMITTEE}/voters/new").text
    assert "户籍不在本社区，在本社区经常居住" in form and "经选举委员会确认" in form and 'id="opted_in_on"' in form
    old = planned(history_round(), IN_COMMITTEE, election_day=date(2025, 5, 10))
    form = client.get(f"/rounds/{old.round_id}/rolls/{IN_COMMITTEE}/voters/new").text
    assert "户籍在本地、不在本地居住，本人表示参加选举" in form and "经常居住" not in form and 'id="opted_in_on"' not in form


def test_r26_roll_the_voter_page_records_the_day(app, client):
    election = planned(open_round(first_day=date.today() - timedelta(days=5)), IN_COMMITTEE,
                       election_day=date.today() + timedelta(days=40))
    waiting = save(rolls.add_voter, election, person(1, opted_in_on=None), user("committee"))
    login(client, "committee")
    url = f"/rounds/{election.round_id}/rolls/{IN_COMMITTEE}/voters/{waiting.id}"
    page = client.get(url).text
    assert 'id="opt-in"' in page and "尚未表示参加选举" in page
    response = client.post(url + "/opt_in", data={"opted_in_on": date.today().isoformat()})
    assert response.status_code == 302
    assert 'id="opted-in"' in client.get(url).text


def import_problems(checked) -> list[tuple]:
    return [(p.row, p.rule, p.severity, p.message % p.params) for p in db.session.scalars(
        select(ImportProblem).where(ImportProblem.import_id == checked.id).order_by(ImportProblem.row))]


def roll_file(rows: list[list]) -> bytes:
    header = [*HEADERS.values(), OPTIONAL_HEADERS["opted_in_on"], OPTIONAL_HEADERS["relatives"]]
    text = io.StringIO()
    csv.writer(text).writerows([header, *rows])
    return text.getvalue().encode("utf-8-sig")


def row(n: int, household: str, *, opted_in_on="2026-01-05", relatives="") -> list:
    p = person(n)
    return [IN_COMMITTEE, p.name, p.id_number, "", "", household, "第一居民小组", "1", "北京市东城区", "是" if n % 2 else "否",
            opted_in_on, relatives]


def test_r26_roll_and_r26_size_the_roll_file_carries_the_opt_in_day_and_near_relatives(app):
    round_ = open_round()
    election = planned(round_, IN_COMMITTEE)
    data = roll_file([row(1, "0001"), row(2, "0001", relatives=f"{id_of(1)}（配偶）"),
                      row(3, "0002", opted_in_on="", relatives=f"{id_of(1)}（父母）、{id_of(2)}（父母）")])
    checked = importer.check_import(round_, data, "roll.csv", IN_COMMITTEE, None)
    assert checked.status == "checked"
    [notice] = import_problems(checked)
    assert notice[:3] == (4, "R26-ROLL", "notice")  # listed, registered once they say they will take part
    importer.apply_import(checked, None, today=TODAY)
    voters = {v.number: v for v in db_voters(election)}
    assert voters[1].opted_in_on == date(2026, 1, 5) and voters[3].status_reason == "opt_in_pending"
    links = {(r.voter_id, r.relative_id, r.relation) for r in db.session.scalars(select(VoterRelative))}
    v1, v2, v3 = voters[1].id, voters[2].id, voters[3].id
    # Said from the lower id's side: 1 is 2's spouse; 1 and 2 are 3's parents, so 3 is their child.
    assert links == {(v1, v2, "spouse"), (v1, v3, "parent"), (v2, v3, "parent")}
    assert [(o.name, r) for _, o, r in relatives.relatives_of(voters[3])] == [("居民0001", "parent"),
                                                                              ("居民0002", "parent")]


def test_r26_size_a_relative_not_on_the_same_roll_rejects_the_file(app):
    round_ = open_round()
    planned(round_, IN_COMMITTEE)
    data = roll_file([row(1, "0001", relatives=f"{id_of(99)}（配偶）"), row(2, "0002", relatives="配偶张三")])
    checked = importer.check_import(round_, data, "roll.csv", IN_COMMITTEE, None)
    assert checked.status == "rejected"
    messages = import_problems(checked)
    assert messages[0][:2] == (2, "R26-SIZE") and id_of(99) in messages[0][3]
    assert messages[1][0] == 3 and "配偶张三" in messages[1][3]
    assert db.session.scalar(select(func.count()).select_from(VoterRelative)) == 0


def test_r26_size_the_voter_page_records_a_near_relative_by_number(app, client):
    election = planned(open_round(first_day=date.today() - timedelta(days=5)), IN_COMMITTEE,
                       election_day=date.today() + timedelta(days=40))
    first = save(rolls.add_voter, election, person(1), user("committee"))
    second = save(rolls.add_voter, election, person(2), user("committee"))
    login(client, "committee")
    url = f"/rounds/{election.round_id}/rolls/{IN_COMMITTEE}/voters/{first.id}"
    bad = client.post(url + "/relatives", data={"number": first.number, "relation": "sibling"})
    assert bad.status_code == 422 and "本人不是自己的亲属" in bad.text
    assert client.post(url + "/relatives", data={"number": second.number, "relation": "sibling"}).status_code == 302
    assert "居民0002" in client.get(url).text.split('id="relative-list"')[1].split("</ul>")[0]
    again = client.post(f"/rounds/{election.round_id}/rolls/{IN_COMMITTEE}/voters/{second.id}/relatives",
                        data={"number": first.number, "relation": "sibling"})
    assert again.status_code == 422 and "已记录为近亲属" in again.text


# ---- R26-POLL and R26-RECALL: data for election day and for recalls ------------------------------

def test_r26_poll_any_voter_holds_up_to_three_proxies_none_in_representative_mode():
    assert (BEIJING_2018.proxy_holder, BEIJING_2018.proxy_barred_modes) == ("near_relative", ())
    assert (NATIONAL_2026.proxy_holder, NATIONAL_2026.proxies_per_holder) == ("any_voter", 3)
    assert NATIONAL_2026.proxy_barred_modes == ("representative",)


def test_r26_recall_a_tenth_of_residents_starts_it_in_the_mode_of_the_election():
    assert BEIJING_2018.recall_start["residential"]["voters"] == Fraction(1, 5)
    assert BEIJING_2018.recall_turnout == Fraction(1, 2)
    residents = NATIONAL_2026.recall_start["residential"]
    assert residents == {"voters": Fraction(1, 10), "household_representatives": Fraction(1, 10),
                         "representatives": Fraction(1, 3)}
    assert NATIONAL_2026.recall_turnout is None  # that mode's quorum (R26-MODE)
    assert NATIONAL_2026.quorum["representative"].met(7, 10) and not NATIONAL_2026.quorum["representative"].met(6, 9)


def test_r26_mode_quorum_and_representatives_per_households():
    assert NATIONAL_2026.households_per_representative == (20, 50) and NATIONAL_2026.group_households is None
    assert NATIONAL_2026.published_with_roll == {"household": "household_representatives",
                                                 "representative": "residents_representatives"}


def test_r26_cand_nominating_a_relative_withdraws_an_election_committee_member():
    assert NATIONAL_2026.relatives_withdraw and not BEIJING_2018.relatives_withdraw
