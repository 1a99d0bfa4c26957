"""The law of nomination and vetting as pure functions, by rule id: R-CAND-1…4, R-CAND-6, R-SIZE-3."""
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elections.candidates import conflicts, nomination, slate
from elections.candidates.vetting import law as vetting
from elections.candidates.conflicts import Kin, Person
from elections.candidates.nomination import Signer, TallyLine
from elections.rulesets import BEIJING_2018, NATIONAL_2026

SEATS = {"director": 1, "deputy_director": 1, "member": 3}


def rules_of(problems):
    return [p.rule for p in problems]


# ---- R-CAND-1: the nomination meeting -----------------------------------------------------------

def meeting(lines, *, registered=100, attendance=60, ballots=60, invalid=None):
    return nomination.meeting_problems(registered=registered, attendance=attendance, ballots_cast=ballots,
                                       seats=SEATS, invalid=invalid or {}, lines=lines)


def test_r_cand_1_a_meeting_needs_more_than_half_of_the_registered_voters():
    lines = [TallyLine(1, "a", "director", 30)]
    assert meeting(lines, attendance=51, ballots=51) == []
    problems = meeting(lines, attendance=50, ballots=50)
    assert rules_of(problems) == ["R-CAND-1"] and problems[0].field == "attendance"


def test_r_cand_1_votes_of_a_post_cannot_exceed_seats_times_valid_ballots():
    # 60 ballots, 10 invalid for members: 50 valid, 3 names each at most = 150 votes.
    ok = [TallyLine(i, k, "member", 50) for i, k in enumerate("abc", start=1)]
    assert meeting(ok, invalid={"member": 10}) == []
    over = ok + [TallyLine(4, "d", "member", 1)]
    problems = meeting(over, invalid={"member": 10})
    assert rules_of(problems) == ["R-CAND-1"] and problems[0].params == {"total": 151, "most": 150}


def test_r_cand_1_one_nominee_cannot_have_more_votes_than_valid_ballots():
    problems = meeting([TallyLine(7, "a", "director", 56)], invalid={"director": 5})
    assert [p.params for p in problems][0] == {"line": 7, "votes": 56, "valid": 55}


def test_r_cand_1_every_bad_line_is_reported_with_its_number():
    lines = [TallyLine(1, None, "director", 3), TallyLine(2, "a", "member", 0), TallyLine(3, "b", "member", 4),
             TallyLine(4, "b", "member", 2), TallyLine(5, "c", "treasurer", 2)]
    problems = meeting(lines)
    assert [p.params.get("line") for p in problems] == [1, 2, 4, 5]
    assert problems[0].rule == "R-CAND-1"


def test_ballots_cannot_outnumber_people_nor_invalid_ballots_the_cast():
    problems = meeting([TallyLine(1, "a", "director", 3)], attendance=60, ballots=61, invalid={"member": 62})
    assert {p.field for p in problems} == {"ballots_cast", "member"}


def joint(method, n, **flags):
    return [Signer(i, f"v{i}", True, **flags) for i in range(1, n + 1)]


@pytest.mark.parametrize("method, minimum, flags", [
    ("voters", 10, {}),
    ("household_representatives", 5, {"household_representative": True}),
    ("group_representatives", 2, {"group_representative": True}),
])
def test_r_cand_1_joint_nominations_need_their_minimum_of_signers(method, minimum, flags):
    assert nomination.joint_problems(method, joint(method, minimum, **flags), "nominee", BEIJING_2018) == []
    short = nomination.joint_problems(method, joint(method, minimum - 1, **flags), "nominee", BEIJING_2018)
    assert rules_of(short) == ["R-CAND-1"] and short[0].params == {"minimum": minimum, "count": minimum - 1}


def test_r_cand_1_signers_must_be_registered_and_of_the_right_kind():
    signers = joint("household_representatives", 5, household_representative=True)
    signers[1] = Signer(2, "v2", True, household_representative=False)
    signers[3] = Signer(4, ("?", 4), False)
    problems = nomination.joint_problems("household_representatives", signers, "nominee", BEIJING_2018)
    assert [p.params.get("line") for p in problems][:2] == [2, 4]


def test_a_signer_counts_once_and_the_nominee_cannot_sign():
    signers = joint("voters", 10) + [Signer(11, "v3", True), Signer(12, "nominee", True)]
    problems = nomination.joint_problems("voters", signers, "nominee", BEIJING_2018)
    assert [p.params for p in problems] == [{"line": 11, "other": 3}, {"line": 12}]


def test_r26_cand_the_party_organisation_nominates_and_residents_jointly_by_voters_only():
    assert NATIONAL_2026.nomination_methods["residential"] == ("party_organisation", "voters")
    assert NATIONAL_2026.nomination_methods["village"] == ("party_organisation", "meeting")
    assert BEIJING_2018.nomination_methods["village"] == ("meeting",)
    assert "party_organisation" not in BEIJING_2018.nomination_methods["residential"]


# ---- R-CAND-2: choosing the candidates ------------------------------------------------------------

def standing(key, votes, post="member", sex="M", out=False, **more):
    return slate.Standing(key, f"n{key:02d}", sex, {post: votes, **more}, out)


def test_r_cand_2_the_top_nominees_seats_plus_margin_in_vote_order():
    people = [standing(k, v) for k, v in ((1, 5), (2, 40), (3, 30), (4, 20), (5, 10), (6, 8))]
    [member] = slate.choose(people, {"member": 3}, {"member": 1}, {})
    assert member.chosen == [2, 3, 4, 5] and not member.tied
    [member] = slate.choose(people, {"member": 3}, {"member": 2}, {})
    assert member.chosen == [2, 3, 4, 5, 6]


def test_r_cand_2_a_tie_at_the_cut_off_waits_for_the_election_committee():
    people = [standing(1, 40), standing(2, 30), standing(3, 20), standing(4, 20), standing(5, 20)]
    [member] = slate.choose(people, {"member": 2}, {"member": 1}, {})
    assert member.chosen == [1, 2] and member.tied == [3, 4, 5] and member.open_places == 1
    assert rules_of(slate.problems([member], allow_uncontested=False)) == ["R-CAND-2"]
    [member] = slate.choose(people, {"member": 2}, {"member": 1}, {"member": [5, 3, 4]})
    assert member.chosen == [1, 2, 5] and not member.tied
    assert slate.problems([member], allow_uncontested=False) == []


def test_equal_votes_above_the_cut_off_are_no_tie():
    people = [standing(1, 30), standing(2, 30), standing(3, 20), standing(4, 10)]
    [member] = slate.choose(people, {"member": 2}, {"member": 1}, {})
    assert member.chosen == [1, 2, 3] and not member.tied


def test_r_cand_3_a_barred_or_withdrawn_nominee_is_replaced_by_the_next_in_vote_order():
    people = [standing(1, 40), standing(2, 30, out=True), standing(3, 20), standing(4, 10)]
    [member] = slate.choose(people, {"member": 1}, {"member": 1}, {})
    assert member.chosen == [1, 3]


def test_a_person_stands_for_the_first_post_in_the_order_posts_are_decided():
    both = slate.Standing(1, "王丽", "F", {"director": 30, "member": 50})
    people = [both, standing(2, 10, "director"), standing(3, 40), standing(4, 20), standing(5, 5)]
    director, member = slate.choose(people, {"director": 1, "member": 2}, {}, {})
    assert director.chosen == [1, 2] and member.chosen == [3, 4, 5]


def test_r_cand_2_an_uncontested_post_only_where_the_policy_allows_it_and_always_with_a_warning():
    people = [standing(1, 9, sex="F"), standing(2, 8)]
    [member] = slate.choose(people, {"member": 2}, {"member": 1}, {})
    assert rules_of(slate.problems([member], allow_uncontested=False)) == ["R-CAND-2"]
    assert slate.problems([member], allow_uncontested=True) == []
    [warning] = slate.warnings([member], {p.key: p for p in people}, min_women=1, names={"member": "委员"})
    assert warning.rule == "R-CAND-2" and warning.params == {"post": "委员"}
    [member] = slate.choose([standing(1, 9)], {"member": 2}, {"member": 1}, {})
    assert rules_of(slate.problems([member], allow_uncontested=True)) == ["R-CAND-2"]


def test_r_cand_2_the_margin_is_one_or_two_and_zero_only_if_uncontested_is_allowed():
    assert slate.margin_problem(1, BEIJING_2018, allow_uncontested=False) is None
    assert slate.margin_problem(2, BEIJING_2018, allow_uncontested=False) is None
    assert slate.margin_problem(3, BEIJING_2018, allow_uncontested=True).rule == "R-CAND-2"
    assert slate.margin_problem(0, BEIJING_2018, allow_uncontested=False).rule == "R-CAND-2"
    assert slate.margin_problem(0, BEIJING_2018, allow_uncontested=True) is None


def test_r_size_3_a_warning_when_no_woman_is_among_the_candidates():
    men = [standing(1, 9), standing(2, 8), standing(3, 7, sex="F")]
    slates = slate.choose(men, {"member": 1}, {"member": 1}, {})
    by_key = {s.key: s for s in men}
    assert rules_of(slate.warnings(slates, by_key, min_women=1)) == ["R-SIZE-3"]
    assert rules_of(slate.warnings(slates, by_key, min_women=1, women_rule="R26-SIZE")) == ["R26-SIZE"]
    assert slate.warnings(slates, by_key, min_women=0) == []
    slates = slate.choose(men, {"member": 1}, {"member": 2}, {})
    assert slate.warnings(slates, by_key, min_women=1) == []


nominee_lists = st.lists(
    st.tuples(st.sampled_from(["director", "deputy_director", "member"]), st.integers(0, 30), st.booleans(),
              st.booleans()), min_size=0, max_size=25)


@given(nominee_lists, st.integers(1, 2), st.integers(1, 4))
def test_the_slate_keeps_the_law_whatever_the_votes(entries, margin, member_seats):
    people = [slate.Standing(k, f"n{k:02d}", "F" if female else "M", {post: votes}, out)
              for k, (post, votes, female, out) in enumerate(entries)]
    seats = {"director": 1, "deputy_director": 1, "member": member_seats}
    by_key = {p.key: p for p in people}
    chosen_anywhere = []
    for post_slate in slate.choose(people, seats, {p: margin for p in seats}, {}):
        chosen = post_slate.chosen
        chosen_anywhere += chosen
        assert len(chosen) + post_slate.open_places <= post_slate.seats + margin
        assert all(not by_key[k].out and post_slate.post in by_key[k].votes for k in chosen)
        votes = [by_key[k].votes[post_slate.post] for k in chosen]
        assert votes == sorted(votes, reverse=True)  # R-CAND-5: nomination-vote order
        # Nobody left out outvotes someone chosen, unless they stand for another post.
        left = [p for p in people if post_slate.post in p.votes and not p.out and p.key not in chosen
                and p.key not in post_slate.tied]
        assert not votes or all(p.votes[post_slate.post] <= min(votes) for p in left)
    assert len(chosen_anywhere) == len(set(chosen_anywhere))  # one post per person


# ---- R-CAND-3: vetting ------------------------------------------------------------------------

ITEMS = [
    {"id": "FG-1", "list": "five_good", "zh": "政治素质好"},
    {"id": "FG-2", "list": "five_good", "zh": "道德品行好"},
    {"id": "TC-1", "list": "ten_cannot", "zh": "受过刑事处罚的", "departments": ["法院", "公安"], "lookback_years": 5},
    {"id": "TC-9", "list": "ten_cannot", "zh": "贿选", "departments": []},
]
ELECTION_DAY = date(2026, 5, 10)
ALL_MET = {"FG-1": True, "FG-2": True}
CLEAR = [vetting.FindingFact("TC-1", "法院", False), vetting.FindingFact("TC-1", "公安", False),
         vetting.FindingFact("TC-9", "选举委员会", False)]


def test_r_cand_3_every_item_is_answered_by_each_department_the_round_names():
    assert vetting.required(ITEMS) == [("TC-1", "法院"), ("TC-1", "公安"), ("TC-9", "")]
    partial = vetting.progress(ITEMS, {"FG-1": True}, CLEAR[:1], ELECTION_DAY)
    assert partial.missing == [("TC-1", "公安"), ("TC-9", "")] and partial.unassessed == ["FG-2"]
    assert not partial.complete and vetting.stage(partial, None) == "awaiting_findings"
    done = vetting.progress(ITEMS, ALL_MET, CLEAR, ELECTION_DAY)
    assert done.complete and (done.answered, done.to_answer, done.assessed, done.to_assess) == (3, 3, 2, 2)
    assert vetting.stage(done, None) == "ready"


def test_r_cand_3_a_department_the_item_does_not_name_answers_nothing():
    found = vetting.progress(ITEMS, ALL_MET, [*CLEAR[:1], vetting.FindingFact("TC-1", "信访", False), CLEAR[2]],
                             ELECTION_DAY)
    assert found.missing == [("TC-1", "公安")]


def test_r_cand_3_any_ten_cannot_item_that_holds_bars_and_forbids_qualifying():
    facts = [*CLEAR[:1], vetting.FindingFact("TC-1", "公安", True, date(2023, 1, 1)), CLEAR[2]]
    found = vetting.progress(ITEMS, ALL_MET, facts, ELECTION_DAY)
    assert found.holding == ["TC-1"]
    assert rules_of(vetting.decision_problems(found, "qualified", [], "", ITEMS)) == ["R-CAND-3"]
    assert vetting.decision_problems(found, "barred", ["TC-1"], "2022年因盗窃罪被判处有期徒刑一年", ITEMS) == []


def test_r_cand_3_a_look_back_period_that_has_run_out_no_longer_bars():
    ended = date(2021, 5, 10)  # five years before election day to the day: lapsed
    facts = [*CLEAR[:1], vetting.FindingFact("TC-1", "公安", True, ended), CLEAR[2]]
    assert vetting.progress(ITEMS, ALL_MET, facts, ELECTION_DAY).holding == []
    facts[1] = vetting.FindingFact("TC-1", "公安", True, date(2021, 5, 11))
    assert vetting.progress(ITEMS, ALL_MET, facts, ELECTION_DAY).holding == ["TC-1"]


def test_a_look_back_from_29_february_ends_on_28_february():
    item = {"lookback_years": 1}
    assert vetting.lapsed(item, date(2024, 2, 29), date(2025, 2, 28))
    assert not vetting.lapsed(item, date(2024, 2, 29), date(2025, 2, 27))
    assert not vetting.lapsed({"lookback_years": None}, date(2000, 1, 1), ELECTION_DAY)


def test_r_cand_3_no_decision_before_the_file_is_complete():
    partial = vetting.progress(ITEMS, {"FG-1": True}, CLEAR, ELECTION_DAY)
    problems = vetting.decision_problems(partial, "qualified", [], "", ITEMS)
    assert rules_of(problems) == ["R-CAND-3"] and problems[0].params == {"count": 1}


def test_r_cand_3_barring_names_supported_items_and_writes_the_evidence():
    found = vetting.progress(ITEMS, {"FG-1": True, "FG-2": False}, CLEAR, ELECTION_DAY)
    assert vetting.decision_problems(found, "barred", ["FG-2"], "多次侵占邻里土地，群众反映强烈", ITEMS) == []
    problems = vetting.decision_problems(found, "barred", [], "  ", ITEMS)
    assert {p.field for p in problems} == {"items", "evidence"}
    problems = vetting.decision_problems(found, "barred", ["TC-1", "XX-9"], "证据", ITEMS)
    assert [p.params for p in problems] == [{"items": "XX-9"}, {"items": "TC-1"}]
    assert vetting.decision_problems(found, "maybe", [], "", ITEMS)[0].field == "decision"


# ---- R-CAND-4 and R-CAND-6: conflicts -----------------------------------------------------------

WANG = Person("王丽", "110101198001010022")
KIN = [Kin(Person("张强"), "spouse", WANG), Kin(Person("王刚"), "sibling", WANG),
       Kin(Person("王小明", "110101200501010013"), "child", WANG)]


def test_r_cand_6_candidates_spouses_and_direct_relatives_cannot_be_staff():
    assert conflicts.staff_problem(Person("王丽"), [WANG], KIN).rule == "R-CAND-6"
    assert conflicts.staff_problem(Person("张强"), [WANG], KIN).params == {"name": "张强", "candidate": "王丽"}
    assert conflicts.staff_problem(Person("王小明", "110101200501010013"), [WANG], KIN).rule == "R-CAND-6"
    assert conflicts.staff_problem(Person("王刚"), [WANG], KIN) is None  # a sibling is not a direct relative
    assert conflicts.staff_problem(Person("李四"), [WANG], KIN) is None


def test_id_numbers_decide_when_both_sides_have_one():
    namesake = Person("王丽", "110101199001010027")
    assert conflicts.staff_problem(namesake, [WANG], KIN) is None
    assert conflicts.proxy_problem(Person("王丽", "110101198001010022"), [WANG]).rule == "R-CAND-6"


def test_r_cand_6_candidates_cannot_hold_proxies():
    assert conflicts.proxy_problem(Person("王丽"), [WANG]).rule == "R-CAND-6"
    assert conflicts.proxy_problem(Person("张强"), [WANG]) is None  # a spouse may hold one


def test_r_cand_4_a_nominated_member_leaves_the_election_committee():
    members = [(1, Person("王建国")), (2, Person("王丽")), (3, Person("王刚"))]
    assert conflicts.must_withdraw(members, [WANG], KIN, relatives_too=False) == [2]


def test_r26_cand_a_member_whose_near_relative_is_nominated_leaves_too():
    members = [(1, Person("王建国")), (2, Person("王丽")), (3, Person("王刚"))]
    assert conflicts.must_withdraw(members, [WANG], KIN, relatives_too=True) == [2, 3]
    assert NATIONAL_2026.relatives_withdraw and not BEIJING_2018.relatives_withdraw
