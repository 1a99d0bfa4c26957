"""Counting night by rule: each box's sheet (R-POLL-4) entered twice blind, the checks named by
their rules (R-COUNT-2/3, R-POLL-3), the correction queue, and the result counted from the final
sheets by the counting law, which moves the election to `counted` (never a click)."""
from datetime import date, timedelta

import pytest

from support.pdf import pdf_text
from support.rolls_data import user
from support.tally_data import NAMES, clerk2, enter_twice, figures, form, voted
from support.transactions import refused, save
from elections.candidates import services as candidates
from elections.candidates.models import Relative
from elections.extensions import db
from elections.polling import documents, issuance
from elections.results import services as results
from elections.results.counting import count
from elections.results.parsing import parse_record
from elections.results.result import result_json
from elections.tallies import ballots as ballot_store
from elections.tallies import services as tallies
from elections.tallies import sheet

DAY = date(2026, 6, 6)
# 50 ballots: director 居民0001 (31), deputy 居民0003 (30), members 居民0005/6/7/8 (over 25 each).
CLEAR = {1: 31, 2: 15, 3: 30, 4: 16, 5: 40, 6: 38, 7: 36, 8: 30, 9: 20}


@pytest.fixture
def night(app):
    return voted(DAY)


def test_r_poll_4_equal_entries_of_every_box_count_the_ballot_and_reach_counted(night):
    election, ballot, (central,) = night
    assert election.stage == "voting" and ballot.number == 1 and ballot.kind == "first"
    made = enter_twice(ballot, central, DAY, issued=50, found=50, invalid=1, votes=CLEAR)
    assert made.status == "final"
    assert election.stage == "counted" and ballot.status == "counted"
    assert ballot.result["status"] == "complete" and ballot.result["next"] == "none"
    assert [e["name"] for e in ballot.result["elected"]] == [NAMES[n] for n in (1, 3, 5, 6, 7, 8)]
    # The stored result is what `flask results recount` of the stored record prints.
    assert result_json(count(parse_record(ballot.record))) == ballot.result
    assert ballot.record["tally"] == {**ballot.record["tally"], "issued": 50, "cast": 50, "invalid": 1}


def test_blind_double_entry_a_mismatch_goes_to_the_queue_and_the_chair_decides(night):
    election, ballot, (central,) = night
    save(tallies.enter, ballot, central.id, figures(ballot, issued=50, found=50, votes=CLEAR), {}, user("clerk"),
         today=DAY)
    # The same clerk cannot be the second entry.
    with refused(tallies.TallyError, match="second clerk"):
        tallies.enter(ballot, central.id, figures(ballot, issued=50, found=50, votes=CLEAR), {}, user("clerk"),
                      today=DAY)
    other = {**CLEAR, 5: 41}
    made = save(tallies.enter, ballot, central.id, figures(ballot, issued=50, found=50, votes=other), {}, clerk2(),
                today=DAY)
    assert made.status == "mismatch" and election.stage == "voting"
    assert [s.id for s in tallies.sheets_waiting(election)] == [made.id]
    layout = ballot_store.layout(ballot)
    assert sheet.differences(made.entries[0].figures, made.entries[1].figures, layout) == [
        f"member.{ballot.candidates[4]['id']}"]
    with refused(tallies.TallyError):  # a clerk does not decide
        tallies.resolve(ballot, central.id, figures(ballot, issued=50, found=50, votes=CLEAR), {}, "paper checked",
                        user("clerk"), today=DAY)
    with refused(tallies.TallyError, match="note"):  # the decision needs its note
        tallies.resolve(ballot, central.id, figures(ballot, issued=50, found=50, votes=CLEAR), {}, "",
                        user("committee"), today=DAY)
    save(tallies.resolve, ballot, central.id, figures(ballot, issued=50, found=50, votes=CLEAR), {},
         "核对原始计票单", user("committee"), today=DAY)
    assert made.status == "final" and election.stage == "counted"
    assert [e.kind for e in made.entries] == ["entry", "entry", "correction"]


def test_two_saves_of_one_sheet_at_once_the_second_is_told(night):
    election, ballot, (central,) = night
    data = figures(ballot, issued=50, found=50, votes=CLEAR)
    save(tallies.enter, ballot, central.id, data, {}, user("clerk"), today=DAY)
    seen = ballot_store.ballots(election)[0].sheets[0].version
    save(tallies.enter, ballot, central.id, dict(data, found=49), {}, clerk2(), today=DAY)  # lands first: mismatch
    with refused(tallies.SheetChanged) as refusal:
        tallies.resolve(ballot, central.id, data, {}, "paper", user("committee"), version=seen, today=DAY)
    assert refusal.value.problems[0].params == {"user": "clerk2"}


@pytest.mark.parametrize("changes, rule", [
    ({"issued": 49}, "R-POLL-3"),  # the register says 50
    ({"found": 51}, "R-COUNT-2"),
    ({"invalid": 51, "found": 50}, "R-COUNT-3"),
    ({"votes": {**CLEAR, 5: 200}}, "R-COUNT-3"),  # 4 seats × 50 valid ballots at most
    ({"proxy": 51}, "R-POLL-2"),
])
def test_hard_checks_refuse_and_name_their_rule(night, changes, rule):
    election, ballot, (central,) = night
    data = figures(ballot, **{"issued": 50, "found": 50, "votes": CLEAR, **changes})
    with refused(tallies.TallyError) as refusal:
        tallies.enter(ballot, central.id, data, {}, user("clerk"), today=DAY)
    assert rule in [p.rule for p in refusal.value.problems]
    assert ballot.sheets == []  # nothing written


def test_an_untouched_field_is_not_a_zero(night):
    _election, ballot, _ = night
    data = form(ballot, issued=50, found=50, votes=CLEAR)
    del data["found"]
    data[f"member.{ballot.candidates[-1]['id']}"] = ""
    reading = sheet.read(data, ballot_store.layout(ballot))
    assert reading.figures is None and {p.field for p in reading.problems} == {
        "found", f"member.{ballot.candidates[-1]['id']}"}


def test_soft_warnings_need_a_note_which_is_kept(night):
    election, ballot, (central,) = night
    many_invalid = figures(ballot, issued=50, found=50, invalid=10, votes={1: 31, 3: 30, 5: 31, 6: 31, 7: 31, 8: 31})
    with refused(tallies.TallyError, match="note") as refusal:
        tallies.enter(ballot, central.id, many_invalid, {}, user("clerk"), today=DAY)
    assert "R-COUNT-3" in [p.rule for p in refusal.value.problems]
    made = save(tallies.enter, ballot, central.id, many_invalid, {"many_invalid": "选票设计不清"}, user("clerk"), today=DAY)
    assert made.entries[0].notes == {"many_invalid": "选票设计不清"}


def test_a_write_in_with_many_votes_is_a_warning_and_can_be_elected(night):
    election, ballot, (central,) = night
    votes = {**CLEAR, 8: 0}
    enter_twice(ballot, central, DAY, notes={"write_in.member.王新": "唱票核对"}, issued=50, found=50, votes=votes,
                write_ins={"member": [("王新", 30, "male")]})
    assert "王新" in [e["name"] for e in ballot.result["elected"]]
    assert ballot.record["write_in_genders"] == {"王新": "male"}


def test_r_count_1_a_ballot_without_quorum_is_void_and_needs_a_new_election(app):
    election, ballot, (central,) = voted(DAY, issued=25)  # 25 of 60: not more than half
    enter_twice(ballot, central, DAY, issued=25, found=25, votes={1: 20, 3: 20, 5: 20, 6: 20, 7: 20, 8: 20})
    assert ballot.result["status"] == "void" and ballot.result["void_reason"] == "quorum_not_met"
    assert ballot.result["next"] == "new_election" and election.stage == "counted"
    later = save(results.prepare_new_election, election, DAY, user("committee"), today=DAY)
    assert election.stage == "new_election_pending" and later.kind == "first" and later.number == 2


def test_r_count_6_a_tie_prepares_a_revote_among_the_tied(night):
    election, ballot, (central,) = night
    tie = {1: 31, 3: 30, 5: 40, 6: 38, 7: 30, 8: 30, 9: 30}  # three at 30 for the last two member seats
    enter_twice(ballot, central, DAY, issued=50, found=50, votes=tie)
    assert ballot.result["next"] == "revote_tied" and ballot.result["ties"] == [
        {"post": "member", "seats": 2, "candidates": [NAMES[7], NAMES[8], NAMES[9]]}]
    revote = save(results.prepare_revote, election, DAY, user("committee"), today=DAY)
    assert election.stage == "revote_pending" and revote.kind == "revote" and revote.revote_of == "first"
    assert revote.posts == [{"post": "member", "seats": 2}]
    assert [c["name"] for c in revote.candidates] == [NAMES[7], NAMES[8], NAMES[9]]
    assert {p["name"] for p in revote.elected_before} == {NAMES[1], NAMES[3], NAMES[5], NAMES[6]}


def test_r_count_7_r_count_9_a_women_seat_goes_to_a_supplementary_election_of_women(night):
    election, ballot, (central,) = night
    men = {1: 31, 3: 30, 5: 40, 7: 38, 9: 36, 6: 12, 8: 20}  # 居民0001/3/5/7/9 are men, 0006 and 0008 women
    enter_twice(ballot, central, DAY, issued=50, found=50, votes=men)
    result = ballot.result
    if result["next"] != "supplementary_election":
        pytest.fail(str(result))
    assert {"post": "member", "seats": 1, "reason": "women_seat"} in result["vacancies"]
    later = save(results.prepare_supplementary, election, DAY, 1, user("committee"), today=DAY)
    assert election.stage == "supplementary_pending" and later.kind == "supplementary"
    assert later.posts == [{"post": "member", "seats": 1}]
    assert [c["name"] for c in later.candidates] == [NAMES[8], NAMES[6]]  # women only, by the first ballot's votes
    assert all(c["gender"] == "female" for c in later.candidates)


def test_r_cert_3_certification_locks_and_an_amendment_recounts(night):
    election, ballot, (central,) = night
    enter_twice(ballot, central, DAY, issued=50, found=50, votes=CLEAR)
    with refused(results.ResultsError, match="township"):
        results.certify(election, user("committee"), today=DAY)
    save(results.certify, election, user("township"), today=DAY)
    assert election.stage == "certified" and results.locked(election)
    with refused(tallies.TallyError, match="certified"):
        tallies.enter(ballot, central.id, figures(ballot, issued=50, found=50, votes=CLEAR), {}, user("clerk"),
                      today=DAY)
    with refused(tallies.TallyError, match="reason"):
        tallies.amend(ballot, central.id, figures(ballot, issued=50, found=50, votes={**CLEAR, 9: 21}), {}, "",
                      user("township"), today=DAY)
    after = save(tallies.amend, ballot, central.id, figures(ballot, issued=50, found=50, votes={**CLEAR, 9: 21}),
                 {}, "复核发现第9号候选人少计1票", user("township"), today=DAY)
    assert ballot.amended == 1 and after == result_json(count(parse_record(ballot.record)))
    assert next(e for p in after["posts"] for e in p["ranking"] if e["name"] == NAMES[9])["votes"] == 21


def test_r_count_11_the_district_annuls_a_win_and_the_seat_is_vacant(night):
    """R-COUNT-11: the city or district annuls a win with a reason; the seat is vacant."""
    election, ballot, (central,) = night
    enter_twice(ballot, central, DAY, issued=50, found=50, votes=CLEAR)
    with refused(results.ResultsError, match="city or the district"):
        results.annul(election, "member", NAMES[5], "贿选", user("township"), today=DAY)
    save(results.annul, election, "member", NAMES[5], "经查实贿选", user("district"), today=DAY)
    assert NAMES[5] not in [m["name"] for m in results.members(election)]


def test_a_ballot_is_counted_only_once_every_box_is_final(app):
    election, ballot, (central, station) = voted(DAY, issued=60, station=True)
    register = {b.place.id: b.register for b in tallies.boxes(ballot)}
    assert register == {central.id: 54, station.id: 6}  # R-POLL-3: each box's issued is its register
    enter_twice(ballot, station, DAY, issued=6, found=6, votes={1: 4, 3: 4, 5: 4, 6: 4, 7: 4, 8: 4})
    assert election.stage == "voting" and ballot.status == "open"  # the central venue's box is not final
    enter_twice(ballot, central, DAY, issued=54, found=54, votes=CLEAR)
    assert election.stage == "counted"
    assert ballot.record["tally"]["issued"] == 60 and ballot.record["tally"]["cast"] == 60
    votes = ballot.record["tally"]["posts"]["director"]["votes"]
    assert votes[ballot.candidates[0]["id"]] == 31 + 4  # the boxes added up


def test_a_round_may_choose_single_entry_and_the_chairs_review(night):
    election, ballot, (central,) = night
    election.round.policy = {**election.round.policy, "tally_entry": "single"}
    db.session.commit()
    data, second = figures(ballot, issued=50, found=50, votes=CLEAR), clerk2()
    made = save(tallies.enter, ballot, central.id, data, {}, user("clerk"), today=DAY)
    assert made.status == "entered" and tallies.sheets_waiting(election) == [made]
    with refused(tallies.TallyError, match="review"):
        tallies.enter(ballot, central.id, data, {}, second, today=DAY)
    save(tallies.resolve, ballot, central.id, data, {}, "", user("committee"), today=DAY)
    assert [e.kind for e in made.entries] == ["entry", "review"] and election.stage == "counted"


def test_r_count_6_the_revote_is_printed_issued_and_counted_like_the_first(night, tmp_path):
    election, ballot, (central,) = night
    enter_twice(ballot, central, DAY, issued=50, found=50, votes={1: 31, 3: 30, 5: 40, 6: 38, 7: 30, 8: 30, 9: 30})
    later = DAY + timedelta(days=1)
    revote = save(results.prepare_revote, election, later, user("committee"), today=DAY)
    paper = "".join(pdf_text(documents.ballot_pdf(election, specimen=False), tmp_path).split())
    assert "再次投票选票" in paper and NAMES[7] in paper and NAMES[5] not in paper
    with refused(issuance.IssueRefused, match="election day"):  # issued on its own day (R-POLL-3)
        issuance.issue(central, "1", "again-0001", None, today=DAY)
    for n in range(1, 41):  # those who voted on the first ballot vote again on the second
        save(issuance.issue, central, str(n), f"revote-{n:04d}", None, today=later)
    assert tallies.boxes(revote)[0].register == 40
    enter_twice(revote, central, later, issued=40, found=40, votes={7: 30, 8: 25, 9: 10})
    assert revote.status == "counted" and election.stage == "counted" and revote.result["next"] == "none"
    assert revote.record["ballot"] == "revote" and {p["name"] for p in revote.record["elected_before"]} == {
        NAMES[1], NAMES[3], NAMES[5], NAMES[6]}
    assert revote.result["threshold"] == {"rule": "more_than_half", "min_votes": 21}
    assert sorted(m["name"] for m in results.members(election)) == sorted(NAMES[n] for n in (1, 3, 5, 6, 7, 8))


def test_r_count_8_after_a_supplementary_election_the_seats_may_be_left_empty(night):
    """R-COUNT-8: more than 3 elected, the director among them, after a supplementary election: the
    assembly's decision to leave the other seats empty is recorded, and the result can be certified."""
    election, ballot, (central,) = night
    enter_twice(ballot, central, DAY, issued=50, found=50, votes={1: 31, 3: 30, 5: 40, 6: 38, 7: 20, 8: 15, 9: 10})
    assert ballot.result["vacancies"] == [{"post": "member", "seats": 2, "reason": "below_threshold"}]
    with refused(results.ResultsError, match="supplementary"):  # not after a first ballot
        results.leave_seats_empty(election, "村民会议决定", user("committee"), today=DAY)
    later = DAY + timedelta(days=3)
    extra = save(results.prepare_supplementary, election, later, 1, user("committee"), today=DAY)
    assert [c["name"] for c in extra.candidates] == [NAMES[7], NAMES[8], NAMES[9]]  # seats + 1, by votes
    for n in range(1, 41):
        save(issuance.issue, central, str(n), f"extra-{n:04d}", None, today=later)
    enter_twice(extra, central, later, issued=40, found=40, votes={7: 20, 8: 5, 9: 5})
    assert extra.result["threshold"] == {"rule": "one_third", "min_votes": 14}  # R-COUNT-7
    assert extra.result["next"] == "supplementary_election" and not results.certifiable(election, extra)
    save(results.leave_seats_empty, election, "2026年6月9日居民会议决定", user("committee"), today=later)
    assert extra.seats_left_empty["note"] == "2026年6月9日居民会议决定"
    save(results.certify, election, user("township"), today=later)
    assert election.stage == "certified" and len(results.members(election)) == 5


def test_r26_relatives_the_record_from_the_tallies_names_near_relatives_and_one_gives_way(night):
    """R26-RELATIVES: two candidates who are near relatives (one declared the other, by ID number)
    both win; the record built from the sheets names the pair and the lower-placed gives way."""
    election, ballot, (central,) = night
    people = {p.name: p for p in candidates.nominees(election)}
    db.session.add(Relative(nominee_id=people[NAMES[5]].id, name=NAMES[6], relation="spouse",
                            id_number=people[NAMES[6]].voter.id_number))
    db.session.commit()
    enter_twice(ballot, central, DAY, issued=50, found=50, votes=CLEAR)
    assert ballot.record["relatives"] == [sorted([NAMES[5], NAMES[6]])]
    assert {"post": "member", "seats": 1, "reason": "relatives"} in ballot.result["vacancies"]
    assert NAMES[6] not in [e["name"] for e in ballot.result["elected"]]  # fewer votes than 居民0005


def test_r_count_2_a_box_with_more_ballots_than_issued_is_recorded_by_the_chair_and_voids_the_ballot(night):
    """R-COUNT-2: a clerk's sheet may not say found > issued; the chair records it with a note, and
    the count voids the ballot, to be held again."""
    election, ballot, (central,) = night
    over = figures(ballot, issued=50, found=52, votes=CLEAR)
    with refused(tallies.TallyError):
        tallies.enter(ballot, central.id, over, {}, user("clerk"), today=DAY)
    with refused(tallies.TallyError, match="note"):
        tallies.resolve(ballot, central.id, over, {}, "", user("committee"), today=DAY)
    save(tallies.resolve, ballot, central.id, over, {}, "开箱清点确为52张", user("committee"), today=DAY)
    assert ballot.result["status"] == "void" and ballot.result["void_reason"] == "cast_exceeds_issued"
    assert ballot.result["next"] == "new_election" and election.stage == "counted"
