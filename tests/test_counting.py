"""The counting law, one example per edge of each rule; test names carry the rule ids of rules.md.

Candidates built with `ballots.build` are women unless named in `men`, so the women rule (R-COUNT-9)
only acts in the tests about it.
"""
import pytest

from support.ballots import build, counted, outcome, sample, vacancies, winners
from elections.results.counting import quorum_met, quorum_min_cast
from elections.results.parsing import RecordError, parse_record
from elections.rulesets import RULESETS

D, DD, M = "director", "deputy_director", "member"


# ---- R-COUNT-1 and R-MODE-3: quorum on the electorate of the mode ------------------------------

@pytest.mark.parametrize("mode", ["direct", "household", "group_representative"])
def test_r_count_1_exactly_half_of_the_electorate_is_no_quorum(mode):
    """beijing-2018: every mode needs C > E/2; E is voters, households or representatives (R-MODE-3)."""
    result = counted(build({D: (1, {"甲": 40})}, cast=50, electorate=100, mode=mode))
    assert (result.status, result.void_reason, result.next) == ("void", "quorum_not_met", "new_election")
    assert not result.quorum_met
    result = counted(build({D: (1, {"甲": 40})}, cast=51, electorate=100, mode=mode))
    assert (result.status, result.void_reason) == ("complete", None)
    assert winners(result) == ["甲"]


@pytest.mark.parametrize(("mode", "void_at", "valid_at"), [
    ("representative", 20, 21),  # R26-MODE: more than two thirds, 3C > 2E
    ("direct", 15, 16),
    ("household", 15, 16),
])
def test_r_count_1_quorum_per_mode_in_national_2026(mode, void_at, valid_at):
    for cast, status in ((void_at, "void"), (valid_at, "complete")):
        result = counted(build({D: (1, {"甲": cast})}, cast=cast, electorate=30, mode=mode,
                               ruleset="national-2026"))
        assert result.status == status, (mode, cast)


def test_r_count_1_a_void_ballot_elects_nobody_and_reports_its_votes():
    result = counted(sample("void_quorum"))
    assert (result.status, result.void_reason, result.next) == ("void", "quorum_not_met", "new_election")
    assert result.elected == () and result.vacancies == () and result.ties == ()
    assert [(p.post, p.vacant) for p in result.posts] == [(D, 1), (DD, 1), (M, 3)]
    director = result.posts[0].ranking
    assert [(e.name, e.votes, e.elected, e.outcome) for e in director] == [
        ("黄志红", 15, False, "void"), ("林国庆", 7, False, "void")]
    assert result.turnout == 0.4889  # 22 of 45 group representatives


@pytest.mark.parametrize(("ruleset", "mode"), [(rules.name, mode) for rules in RULESETS.values()
                                                for mode in rules.quorum])
def test_r_count_1_the_fewest_ballots_shown_to_people_is_exactly_the_quorum(ruleset, mode):
    rules = RULESETS[ruleset]
    for electorate in range(1, 40):
        record = parse_record(build({D: (1, {"甲": 0})}, cast=0, electorate=electorate, mode=mode, ruleset=ruleset))
        fewest = quorum_min_cast(record, rules)
        assert rules.quorum[mode].met(fewest, electorate) and not rules.quorum[mode].met(fewest - 1, electorate)
        assert quorum_met(record, rules) is False


@pytest.mark.parametrize("ballot", ["supplementary", "revote"])
def test_r_count_1_quorum_applies_to_supplementary_ballots_and_revotes(ballot):
    """R-COUNT-7's decision: the quorum of R-COUNT-1 applies to every ballot."""
    result = counted(build({M: (1, {"甲": 40})}, cast=50, electorate=100, ballot=ballot))
    assert (result.status, result.void_reason) == ("void", "quorum_not_met")


# ---- R-COUNT-2: more ballots cast than issued ----------------------------------------------------

def test_r_count_2_cast_exceeding_issued_voids_the_ballot():
    result = counted(build({D: (1, {"甲": 90})}, cast=101, issued=100, electorate=120))
    assert (result.status, result.void_reason, result.next) == ("void", "cast_exceeds_issued", "new_election")
    assert result.quorum_met  # void although the quorum is met
    assert winners(result) == []
    result = counted(build({D: (1, {"甲": 90})}, cast=100, issued=100, electorate=120))
    assert result.status == "complete"


def test_r_count_2_is_judged_before_the_quorum():
    """C > I means C cannot be trusted, so the quorum computed on it is not the reason."""
    result = counted(build({D: (1, {"甲": 5})}, cast=10, issued=8, electorate=100))
    assert result.void_reason == "cast_exceeds_issued"


# ---- R-COUNT-3: invalid ballots count in C -------------------------------------------------------

def test_r_count_3_invalid_ballots_count_in_c_and_raise_the_threshold():
    # 100 cast, 10 invalid as a whole: 50 votes are more than half of the 90 valid, not of C.
    result = counted(build({D: (1, {"甲": 50, "乙": 40})}, cast=100, invalid=10))
    assert result.threshold.min_votes == 51
    assert winners(result) == []
    assert vacancies(result) == [(D, 1, "below_threshold")]


def test_r_count_3_ballots_invalid_for_one_post_still_count_in_c():
    result = counted(build({D: (1, {"甲": 50}), M: (1, {"乙": 51})}, cast=100, post_invalid={D: 40}))
    assert result.threshold.min_votes == 51
    assert winners(result) == ["乙"]


# ---- R-COUNT-4: more than half on a first ballot -------------------------------------------------

def test_r_count_4_exactly_half_is_not_more_than_half():
    result = counted(build({D: (1, {"甲": 50, "乙": 50})}, cast=100))
    assert result.threshold.rule == "more_than_half" and result.threshold.min_votes == 51
    assert winners(result) == [] and result.ties == ()  # equal, but neither reaches the threshold
    assert counted(build({D: (1, {"甲": 51, "乙": 49})}, cast=100)).elected[0].name == "甲"


def test_r_count_4_with_an_odd_c_half_a_vote_more_is_enough():
    result = counted(build({D: (1, {"甲": 51, "乙": 50})}, cast=101))
    assert result.threshold.min_votes == 51  # 51 > 50.5
    assert winners(result) == ["甲"]


def test_r_count_4_the_most_votes_win_among_those_above_the_threshold():
    result = counted(build({M: (2, {"甲": 70, "乙": 80, "丙": 65, "丁": 20})}, cast=120))
    assert winners(result) == ["乙", "甲"]
    assert outcome(result, M, "丙") == "outranked"
    assert outcome(result, M, "丁") == "below_threshold"
    assert result.status == "complete" and result.next == "none"


def test_r_count_4_a_write_in_can_win():
    result = counted(build({D: (1, {"甲": 30})}, cast=100, write_ins={D: {"赵六": 60}},
                           write_in_genders={"赵六": "male"}))
    assert [(e.name, e.candidate, e.votes) for e in result.elected] == [("赵六", None, 60)]
    ranking = result.posts[0].ranking
    assert (ranking[0].standing, ranking[1].standing) == ("write_in", "candidate")


def test_r_count_4_a_revote_of_a_first_ballot_needs_more_than_half():
    result = counted(build({M: (1, {"甲": 50, "乙": 48})}, cast=100, ballot="revote", revote_of="first"))
    assert result.threshold.rule == "more_than_half" and winners(result) == []
    result = counted(build({M: (1, {"甲": 50, "乙": 48})}, cast=100, ballot="revote"))  # revote_of defaults to first
    assert result.threshold.rule == "more_than_half" and winners(result) == []


# ---- R-COUNT-5: posts in order, nobody elected twice, cascade ------------------------------------

def test_r_count_5_a_person_elected_director_is_not_counted_again_for_deputy():
    # 甲 stands for director and is also written in for deputy director, with the most votes there
    # (a one-third ballot, so that two people can reach the threshold for one seat).
    result = counted(build({D: (1, {"甲": 80}), DD: (1, {"乙": 40})}, cast=100, write_ins={DD: {"甲": 45}},
                           ballot="supplementary"))
    assert [(e.post, e.name) for e in result.elected] == [(D, "甲"), (DD, "乙")]
    assert outcome(result, DD, "甲") == "elected_elsewhere"


def test_r_count_5_posts_are_decided_in_order_whatever_the_record_order():
    data = build({M: (1, {"乙": 40}), D: (1, {"甲": 60})}, cast=100, write_ins={M: {"甲": 55}},
                 ballot="supplementary")
    result = counted(data)
    assert [(e.post, e.name) for e in result.elected] == [(D, "甲"), (M, "乙")]
    assert [p.post for p in result.posts] == [D, M]


def test_r_count_5_people_elected_before_are_skipped():
    result = counted(build({M: (1, {"甲": 35})}, cast=100, ballot="supplementary", write_ins={M: {"周建国": 60}},
                           elected_before=[(D, "周建国", "male")]))
    assert winners(result) == ["甲"]
    assert outcome(result, M, "周建国") == "elected_elsewhere"


def test_r_count_5_without_cascade_votes_stay_with_their_post():
    data = build({D: (1, {"甲": 70, "乙": 30}), DD: (1, {"丙": 45})}, cast=100, write_ins={DD: {"乙": 25}})
    result = counted(data)
    assert winners(result, DD) == []
    assert [(e.name, e.votes, e.carried) for e in result.posts[1].ranking] == [("丙", 45, 0), ("乙", 25, 0)]


def test_r_count_5_with_cascade_votes_for_higher_posts_are_added():
    data = build({D: (1, {"甲": 70, "乙": 30, "丁": 0}), DD: (1, {"丙": 45})}, cast=100,
                 write_ins={DD: {"乙": 25}}, policy={"cascade": True})
    result = counted(data)
    assert winners(result, DD) == ["乙"]  # 30 carried + 25 own = 55 > 50
    ranking = {e.name: e for e in result.posts[1].ranking}
    assert (ranking["乙"].votes, ranking["乙"].carried, ranking["乙"].standing) == (55, 30, "write_in")
    assert (ranking["甲"].standing, ranking["丙"].standing) == ("carried", "candidate")
    assert "丁" not in ranking  # no votes to carry: not in this post's contest
    # The director, carried down with 70, is still not elected twice.
    assert (ranking["甲"].votes, ranking["甲"].outcome) == (70, "elected_elsewhere")
    assert result.elected[1].votes == 55


def test_r_count_5_cascade_carries_through_every_post_above():
    data = build({D: (1, {"甲": 60, "乙": 20}), DD: (1, {"丙": 60}), M: (1, {"丁": 30})},
                 cast=100, write_ins={DD: {"乙": 15}, M: {"乙": 20}}, policy={"cascade": True})
    result = counted(data)
    member = {e.name: e for e in result.posts[2].ranking}
    assert (member["乙"].votes, member["乙"].carried) == (55, 35)
    assert winners(result, M) == ["乙"]


# ---- R-COUNT-6: ties at the last seat ------------------------------------------------------------

def test_r_count_6_equal_votes_for_the_last_seat_leave_it_open():
    # With one seat only a one-third ballot can have two people above the threshold.
    result = counted(build({D: (1, {"甲": 40, "乙": 40})}, cast=100, ballot="supplementary"))
    assert winners(result) == []
    assert [(t.post, t.seats, t.candidates) for t in result.ties] == [(D, 1, ("乙", "甲"))]
    assert vacancies(result) == [(D, 1, "tie")]
    assert (result.status, result.next) == ("incomplete", "revote_tied")


def test_r_count_6_a_tie_for_the_last_two_seats():
    result = counted(build({M: (3, {"甲": 80, "乙": 60, "丙": 60, "丁": 60, "戊": 10})}, cast=100))
    assert winners(result) == ["甲"]
    assert [(t.seats, sorted(t.candidates)) for t in result.ties] == [(2, ["丁", "丙", "乙"])]
    assert outcome(result, M, "戊") == "below_threshold"


def test_r_count_6_equal_votes_below_the_threshold_are_no_tie():
    result = counted(build({M: (2, {"甲": 70, "乙": 30, "丙": 30})}, cast=100))
    assert winners(result) == ["甲"] and result.ties == ()
    assert vacancies(result) == [(M, 1, "below_threshold")]
    assert result.next == "supplementary_election"


def test_r_count_6_equal_votes_that_all_fit_are_no_tie():
    result = counted(build({M: (2, {"甲": 60, "乙": 60, "丙": 10})}, cast=100))
    assert winners(result) == ["乙", "甲"] and result.ties == ()


def test_r_count_6_a_tie_goes_first_even_with_other_vacancies():
    result = counted(build({D: (1, {"甲": 40, "乙": 40}), M: (2, {"丙": 70, "丁": 20})}, cast=100,
                           ballot="supplementary"))
    assert vacancies(result) == [(D, 1, "tie"), (M, 1, "below_threshold")]
    assert result.next == "revote_tied"


def test_r_count_6_the_tie_sample_record():
    result = counted(sample("tie"))
    assert winners(result) == ["刘永刚", "王秀兰"]
    assert [(t.post, t.seats, t.candidates) for t in result.ties] == [(M, 1, ("张建军", "李德胜"))]
    assert outcome(result, M, "韩梅") == outcome(result, M, "冯刚") == "below_threshold"  # 12 each: no tie
    assert result.women_requirement_met and result.next == "revote_tied"


# ---- R-COUNT-7: one third on a supplementary ballot ----------------------------------------------

def test_r_count_7_exactly_one_third_is_enough():
    result = counted(build({M: (1, {"甲": 33, "乙": 32})}, cast=99, ballot="supplementary"))
    assert (result.threshold.rule, result.threshold.min_votes) == ("one_third", 33)
    assert winners(result) == ["甲"]


def test_r_count_7_just_under_one_third_is_not():
    result = counted(build({D: (1, {"甲": 33, "乙": 32})}, cast=100, ballot="supplementary"))
    assert result.threshold.min_votes == 34  # 3 × 33 = 99 < 100
    assert winners(result) == [] and vacancies(result) == [(D, 1, "below_threshold")]


def test_r_count_7_most_votes_win_among_those_with_one_third():
    result = counted(sample("supplementary"))
    assert [(e.name, e.votes) for e in result.elected] == [("钱丽", 420)]
    assert outcome(result, M, "马欣") == "outranked"  # 390 ≥ 301, but one seat
    assert (result.status, result.next) == ("complete", "none")


def test_r_count_7_a_revote_of_a_supplementary_ballot_keeps_one_third():
    result = counted(build({M: (1, {"甲": 34, "乙": 30})}, cast=100, ballot="revote", revote_of="supplementary"))
    assert result.threshold.rule == "one_third" and winners(result) == ["甲"]


# ---- R-COUNT-9: women -----------------------------------------------------------------------------

MEN = ("甲", "乙", "丙", "丁", "戊")


def test_r_count_9_the_lowest_placed_man_does_not_get_the_last_member_seat():
    """R-SIZE-3 (at least one woman member, `policy.min_women`) is enforced at the count by R-COUNT-9."""
    result = counted(build({D: (1, {"甲": 80}), M: (3, {"乙": 100, "丙": 95, "丁": 85, "己": 65})},
                           cast=120, men=MEN))
    assert winners(result, M) == ["乙", "丙"]
    assert outcome(result, M, "丁") == "women_seat"
    # The seat stays vacant for a women-only supplementary election, even with a woman above the threshold.
    assert outcome(result, M, "己") == "outranked"
    assert vacancies(result) == [(M, 1, "women_seat")]
    assert not result.women_requirement_met
    assert (result.status, result.next) == ("incomplete", "supplementary_election")


def test_r_count_9_the_women_seat_sample_record():
    result = counted(sample("women_seat"))
    assert winners(result, M) == ["周大海", "吴长青"] and outcome(result, M, "郑山") == "women_seat"
    assert vacancies(result) == [(M, 1, "women_seat")]


def test_r_count_9_a_woman_elected_to_another_post_meets_the_requirement():
    result = counted(build({D: (1, {"己": 80}), M: (2, {"乙": 90, "丙": 85})}, cast=100, men=MEN))
    assert winners(result, M) == ["乙", "丙"] and result.women_requirement_met


def test_r_count_9_a_woman_among_the_member_winners_meets_it():
    result = counted(build({M: (3, {"乙": 90, "己": 55, "丙": 85})}, cast=100, men=MEN))
    assert winners(result) == ["乙", "丙", "己"] and result.women_requirement_met and result.vacancies == ()


def test_r_count_9_no_member_elected_marks_one_vacant_seat_for_a_woman():
    result = counted(build({M: (3, {"乙": 40, "丙": 35})}, cast=100, men=MEN))
    assert winners(result) == []
    assert vacancies(result) == [(M, 1, "women_seat"), (M, 2, "below_threshold")]
    assert result.posts[0].vacant == 3


def test_r_count_9_a_seat_vacant_anyway_is_reserved_before_a_man_loses_his():
    result = counted(build({M: (3, {"乙": 90, "丙": 85, "丁": 20})}, cast=100, men=MEN))
    assert winners(result) == ["乙", "丙"]
    assert vacancies(result) == [(M, 1, "women_seat")]


def test_r_count_9_women_elected_before_count():
    data = build({M: (2, {"乙": 60, "丙": 55})}, cast=100, men=MEN, ballot="supplementary",
                 elected_before=[(D, "王丽", "female")])
    result = counted(data)
    assert winners(result) == ["乙", "丙"] and result.women_requirement_met and result.women_elected == 1


def test_r_count_9_a_write_in_winner_of_unknown_gender_is_refused_not_counted_as_a_man():
    """R-COUNT-9's decision: the record is refused, naming the write-in, rather than counted as if
    the person were a man (which would unseat her)."""
    data = build({M: (2, {"乙": 90})}, cast=100, men=MEN, write_ins={M: {"刘芳": 60, "赵六": 10}})
    with pytest.raises(RecordError) as refused:
        counted(data)
    assert [str(p) for p in refused.value.problems] == [
        "write_in_genders.刘芳: 刘芳, written in for member, reaches the threshold: the women rule needs their "
        "gender (R-COUNT-9)"]  # 赵六, below the threshold, needs none
    data["write_in_genders"] = {"刘芳": "female"}
    result = counted(data)
    assert winners(result) == ["乙", "刘芳"] and result.women_requirement_met
    data["write_in_genders"] = {"刘芳": "male"}
    assert winners(counted(data)) == ["乙"] and vacancies(counted(data)) == [(M, 1, "women_seat")]


def test_r_count_9_without_the_women_rule_a_write_in_needs_no_gender():
    data = build({M: (2, {"乙": 90})}, cast=100, men=MEN, write_ins={M: {"刘芳": 60}}, policy={"min_women": 0})
    assert winners(counted(data)) == ["乙", "刘芳"]
    void = build({M: (2, {"乙": 40})}, cast=40, electorate=100, write_ins={M: {"刘芳": 30}})
    assert counted(void).status == "void"  # a void ballot seats nobody: no gender is needed


def test_r_count_9_a_tie_with_a_woman_goes_to_the_revote():
    result = counted(build({M: (2, {"乙": 90, "丙": 60, "己": 60})}, cast=110, men=MEN))
    assert [(t.seats, sorted(t.candidates)) for t in result.ties] == [(1, ["丙", "己"])]
    assert result.next == "revote_tied" and not result.women_requirement_met


def test_r_count_9_a_tie_among_men_only_is_reserved_instead():
    result = counted(build({M: (2, {"乙": 90, "丙": 60, "丁": 60})}, cast=110, men=MEN))
    assert result.ties == () and vacancies(result) == [(M, 1, "women_seat")]
    assert outcome(result, M, "丙") == outcome(result, M, "丁") == "women_seat"
    assert result.next == "supplementary_election"


def test_r_count_9_min_women_sets_how_many_seats_are_reserved():
    posts = {M: (3, {"乙": 90, "丙": 85, "丁": 75})}
    assert winners(counted(build(posts, cast=100, men=MEN, policy={"min_women": 0}))) == ["乙", "丙", "丁"]
    result = counted(build(posts, cast=100, men=MEN, policy={"min_women": 2}))
    assert winners(result) == ["乙"] and vacancies(result) == [(M, 2, "women_seat")]


def test_r_count_9_a_woman_keeps_her_seat_when_more_women_are_needed():
    result = counted(build({M: (3, {"乙": 90, "丙": 85, "己": 75})}, cast=100, men=MEN, policy={"min_women": 2}))
    assert winners(result) == ["乙", "己"]  # 丙, the lowest-placed man, loses his seat; 己 keeps hers
    assert outcome(result, M, "丙") == "women_seat"


def test_r_count_9_without_a_member_post_nothing_is_reserved():
    result = counted(build({D: (1, {"甲": 60})}, cast=100, men=MEN, ballot="revote"))
    assert winners(result) == ["甲"] and not result.women_requirement_met and result.next == "none"


# ---- R-COUNT-10: turnout, status, next step ------------------------------------------------------

def test_r_count_10_the_complete_sample_record():
    result = counted(sample("first_complete"))
    assert (result.status, result.next, result.turnout) == ("complete", "none", 0.8487)
    assert [(e.post, e.name, e.votes) for e in result.elected] == [
        (D, "王丽", 800), (DD, "张伟", 900), (M, "赵敏", 1010), (M, "孙浩", 880), (M, "周杰", 700)]
    member = result.posts[2]
    assert [e.name for e in member.ranking] == ["赵敏", "孙浩", "周杰", "吴霞", "郑涛", "赵六"]
    assert result.women_requirement_met


@pytest.mark.parametrize(("cast", "electorate", "turnout"), [
    (1290, 1520, 0.8487),
    (16973, 20000, 0.8487),  # 0.84865 exactly: half up, not down through binary floating point
    (2, 3, 0.6667),
    (3, 3, 1.0),
])
def test_r_count_10_turnout_is_c_over_e_to_four_decimals(cast, electorate, turnout):
    assert counted(build({D: (1, {"甲": cast})}, cast=cast, electorate=electorate)).turnout == turnout


def test_r_count_10_turnout_uses_the_electorate_of_the_mode():
    """R-MODE-3: in household mode E is the number of households."""
    result = counted(build({D: (1, {"甲": 60})}, cast=60, electorate=80, mode="household"))
    assert result.turnout == 0.75


def test_r_count_10_every_candidate_and_write_in_is_ranked_even_with_no_votes():
    result = counted(build({M: (1, {"甲": 60, "乙": 0})}, cast=100, write_ins={M: {"丙": 0}}))
    assert [(e.name, e.votes) for e in result.posts[0].ranking] == [("甲", 60), ("丙", 0), ("乙", 0)]


# ---- R-COUNT-5's decision on an open tie above ------------------------------------------------

def test_r_count_5_tied_above_and_elected_below_takes_the_lower_seat_and_stands_in_the_revote():
    """First ballot: 乙 ties for the last deputy seat and wins a member seat as a write-in."""
    first = counted(build({DD: (2, {"甲": 70, "乙": 60, "丁": 60}), M: (1, {"丙": 30})}, cast=100,
                          write_ins={M: {"乙": 70}}))
    assert [(t.post, sorted(t.candidates)) for t in first.ties] == [(DD, ["丁", "乙"])]
    assert winners(first) == ["甲", "乙"] and outcome(first, M, "乙") == "elected"
    assert first.next == "revote_tied"


def test_r_count_5_winning_the_revote_above_moves_up_and_vacates_the_lower_seat():
    revote = build({DD: (1, {"甲": 40, "乙": 58})}, cast=100, ballot="revote", elected_before=[(M, "乙", "female")])
    result = counted(revote)
    assert winners(result) == ["乙"]
    assert [(v.post, v.seats, v.reason, v.people) for v in result.vacancies] == [(M, 1, "moved_up", ("乙",))]
    assert result.status == "incomplete" and result.next == "supplementary_election"
    assert result.women_elected == 1  # one woman, one seat: moving up does not count her twice


def test_r_count_5_losing_the_revote_above_keeps_the_lower_seat():
    revote = build({DD: (1, {"甲": 58, "乙": 40})}, cast=100, ballot="revote", elected_before=[(M, "乙", "female")])
    result = counted(revote)
    assert winners(result) == ["甲"] and result.vacancies == () and result.next == "none"


def test_r_count_5_one_elected_before_never_stands_again_for_the_same_or_a_lower_post():
    for post in (M, DD):
        data = build({M: (1, {"乙": 58})}, cast=100, ballot="supplementary", elected_before=[(post, "乙", "female")])
        with pytest.raises(RecordError, match="already elected, yet a candidate on this ballot"):
            parse_record(data)


# ---- R26-RELATIVES and R26-SIZE: near relatives on one committee -------------------------------

def relatives_record(posts, pairs, **extra):
    data = build(posts, ruleset="national-2026", **extra)
    data["relatives"] = [list(pair) for pair in pairs]
    return data


def test_r26_relatives_the_higher_post_keeps_the_seat():
    result = counted(relatives_record({D: (1, {"王丽": 80}), M: (2, {"王强": 70, "丙": 60})}, [("王强", "王丽")]))
    assert winners(result) == ["王丽", "丙"]
    assert vacancies(result) == [(M, 1, "relatives")] and outcome(result, M, "王强") == "relatives"
    assert result.next == "supplementary_election"


def test_r26_relatives_on_the_same_post_more_votes_keep_the_seat():
    result = counted(relatives_record({M: (3, {"王丽": 80, "王强": 70, "丙": 60})}, [("王丽", "王强")]))
    assert winners(result) == ["王丽", "丙"] and vacancies(result) == [(M, 1, "relatives")]


def test_r26_relatives_decision_equal_votes_on_one_post_neither_keeps_it():
    result = counted(relatives_record({M: (3, {"王丽": 70, "王强": 70, "丙": 60})}, [("王丽", "王强")]))
    assert winners(result) == ["丙"] and vacancies(result) == [(M, 2, "relatives")]


def test_r26_relatives_one_elected_before_keeps_a_seat_against_a_new_winner_of_the_same_post():
    result = counted(relatives_record({M: (1, {"王强": 70})}, [("王丽", "王强")], ballot="supplementary",
                                      elected_before=[(M, "王丽", "female")]))
    assert winners(result) == [] and vacancies(result) == [(M, 1, "relatives")]


def test_r26_relatives_a_new_winner_of_a_higher_post_vacates_the_earlier_seat():
    result = counted(relatives_record({D: (1, {"王强": 70})}, [("王丽", "王强")], ballot="supplementary",
                                      elected_before=[(M, "王丽", "female")], men=("王强",)))
    assert winners(result) == ["王强"]
    assert [(v.post, v.reason, v.people) for v in result.vacancies] == [(M, "relatives", ("王丽",))]
    assert result.women_elected == 0 and not result.women_requirement_met


def test_r26_relatives_a_chain_keeps_whoever_no_kept_relative_precedes():
    result = counted(relatives_record({D: (1, {"甲": 80}), M: (3, {"乙": 70, "丙": 60, "丁": 55})},
                                      [("甲", "乙"), ("乙", "丙")]))
    assert winners(result) == ["甲", "丙", "丁"]  # 乙 gives way to 甲; 丙's relative 乙 kept no seat


def test_r26_relatives_a_tie_with_one_who_gave_way_already_is_no_tie():
    """Found by the property tests: 甲 gives way to a relative elected before; 丁, 甲's relative with
    as many votes, keeps the seat (as with fewer votes than 甲): raising votes never loses a seat."""
    for votes in (3, 4):
        result = counted(relatives_record({D: (3, {"甲": 4, "丁": votes, "乙": 1})}, [("壬", "甲"), ("甲", "丁")],
                                          ballot="supplementary", elected_before=[(D, "壬", "female")], cast=4))
        assert winners(result) == ["丁"], votes


def test_r26_relatives_and_moved_up_vacancies_are_listed_by_post_not_by_the_record():
    first = relatives_record({D: (1, {"甲": 70}), DD: (1, {"乙": 70})}, [], ballot="supplementary",
                             elected_before=[(M, "乙", "female"), (DD, "甲", "female")])
    second = relatives_record({D: (1, {"甲": 70}), DD: (1, {"乙": 70})}, [], ballot="supplementary",
                              elected_before=[(DD, "甲", "female"), (M, "乙", "female")])
    assert vacancies(counted(first)) == vacancies(counted(second)) == [(DD, 1, "moved_up"), (M, 1, "moved_up")]


def test_r26_relatives_are_not_a_rule_of_beijing_2018():
    data = build({M: (2, {"王丽": 80, "王强": 70})})
    data["relatives"] = [["王丽", "王强"]]
    with pytest.raises(RecordError, match=r"only under rule set national-2026 \(R26-RELATIVES\)"):
        parse_record(data)
