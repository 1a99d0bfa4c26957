"""The statutory calendar and the plan checks, as pure functions, by rule id."""
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elections.rounds import calendar, stages
from elections.rounds.calendar import Schedule, check_move, check_new_day, milestones, overdue
from elections.rounds.plans import Plan, check_plan
from elections.rulesets import BEIJING_2018, NATIONAL_2026

RULES = BEIJING_2018
DAY = date(2026, 5, 16)
WINDOW = (date(2026, 3, 1), date(2026, 6, 30))


def schedule(stage, day=DAY, **reached):
    return Schedule(stage=stage, election_day=day, reached_on=reached, window_last_day=WINDOW[1])


def rules_of(problems):
    return [p.rule for p in problems]


# ---- R-ROLL-5: the voter list at least 20 days before election day -------------------------

def test_r_roll_5_publishing_on_the_twentieth_day_before_is_in_time():
    assert check_move(schedule("registration"), "roll_published", RULES, DAY - timedelta(days=20)) == []


def test_r_roll_5_publishing_nineteen_days_before_is_refused_and_may_be_overridden():
    problems = check_move(schedule("registration"), "roll_published", RULES, DAY - timedelta(days=19))
    assert rules_of(problems) == ["R-ROLL-5"]
    assert problems[0].overridable
    text = problems[0].text(lambda msgid, **params: msgid % params if params else msgid)
    # The rule in words, then its id (R-ROLL-5 links to the rules page where the text is shown).
    assert "2026-04-26" in text and "(rule: the voter list is published at least 20 days before election day, R-ROLL-5)" in text


@given(st.dates(date(2025, 1, 1), date(2027, 12, 31)), st.integers(-40, 40))
def test_r_roll_5_refused_exactly_when_later_than_twenty_days_before(day, offset):
    today = day + timedelta(days=offset)
    problems = check_move(schedule("registration", day), "roll_published", RULES, today)
    assert ("R-ROLL-5" in rules_of(problems)) == (today > day - timedelta(days=20))


def test_r_roll_5_objection_period_runs_from_the_actual_publication():
    published = DAY - timedelta(days=25)
    steps = {m.key: m for m in milestones(schedule("roll_published", roll_published=published), RULES,
                                          published + timedelta(days=1))}
    assert steps["objections_close"].due == published + timedelta(days=5)
    assert steps["objection_decisions"].due == published + timedelta(days=8)
    assert steps["roll_published"].status == "done"
    assert steps["objections_close"].status == "next"


def test_r_roll_5_and_r_roll_7_a_new_version_opens_its_own_objection_period():
    """Version 2 of the list (its additions and removals, R-ROLL-7) is published later: the calendar
    shows the objection period of the latest version, and the first publication stays the day the
    list was first published."""
    first, second = DAY - timedelta(days=25), DAY - timedelta(days=12)
    plan = Schedule(stage="roll_published", election_day=DAY, reached_on={"roll_published": first},
                    window_last_day=WINDOW[1], list_published_on=second)
    steps = {m.key: m for m in milestones(plan, RULES, second + timedelta(days=1))}
    assert steps["roll_published"].done_on == first
    assert steps["objections_close"].due == second + timedelta(days=5)
    assert steps["objection_decisions"].due == second + timedelta(days=8)
    assert steps["objections_close"].status == "next"


def test_r_roll_5_a_late_publication_shows_as_done_late():
    late = DAY - timedelta(days=10)
    steps = {m.key: m for m in milestones(schedule("roll_published", roll_published=late), RULES, late)}
    assert steps["roll_published"].status == "late"


# ---- R-CAND-5: the candidate list at least 5 days before -------------------------------------

def test_r_cand_5_five_days_before_is_in_time_four_is_refused():
    current = schedule("nomination")
    assert check_move(current, "candidates_published", RULES, DAY - timedelta(days=5)) == []
    problems = check_move(current, "candidates_published", RULES, DAY - timedelta(days=4))
    assert rules_of(problems) == ["R-CAND-5"] and problems[0].overridable


def test_r_cand_5_and_r_roll_5_moving_the_day_keeps_the_deadlines_met():
    published = DAY - timedelta(days=20)
    current = schedule("candidates_published", roll_published=published, candidates_published=DAY - timedelta(days=5))
    assert check_new_day(current, DAY, RULES) == []
    assert check_new_day(current, DAY + timedelta(days=3), RULES) == []
    assert rules_of(check_new_day(current, DAY - timedelta(days=1), RULES)) == ["R-ROLL-5", "R-CAND-5"]


# ---- R-COUNT-7: supplementary election within 15 days ------------------------------------------

def test_r_count_7_supplementary_election_within_fifteen_days():
    current = schedule("supplementary_pending", counted=DAY, supplementary_pending=DAY)
    assert check_move(current, "counted", RULES, DAY + timedelta(days=15)) == []
    problems = check_move(current, "counted", RULES, DAY + timedelta(days=16))
    assert rules_of(problems) == ["R-COUNT-7"] and problems[0].overridable
    assert overdue("supplementary_pending", DAY, DAY, WINDOW[1], RULES, DAY + timedelta(days=16)) == ["R-COUNT-7"]
    assert overdue("supplementary_pending", DAY, DAY, WINDOW[1], RULES, DAY + timedelta(days=15)) == []


# ---- the stage machine -----------------------------------------------------------------------

def test_stages_only_move_along_the_transitions_and_that_cannot_be_overridden():
    problems = check_move(schedule("setup"), "voting", RULES, DAY)
    assert len(problems) == 1 and not problems[0].overridable and problems[0].rule is None
    assert check_move(schedule("counted"), "certified", RULES, DAY) == []
    for side in stages.SIDE_STAGES:
        assert check_move(schedule("counted"), side, RULES, DAY) == []
    assert check_move(schedule("certified"), "counted", RULES, DAY)


def test_registration_needs_a_complete_plan():
    incomplete = check_plan("residential", Plan(mode="direct"), RULES, WINDOW, complete=True)
    problems = check_move(schedule("setup"), "registration", RULES, DAY, incomplete)
    assert problems and not any(p.overridable for p in problems)


def test_voting_starts_on_election_day_not_before():
    assert check_move(schedule("candidates_published"), "voting", RULES, DAY - timedelta(days=1))
    assert check_move(schedule("candidates_published"), "voting", RULES, DAY) == []


def test_side_stages_rank_after_the_count_and_before_certification():
    assert stages.reached("supplementary_pending", "counted")
    assert not stages.reached("supplementary_pending", "certified")
    assert "voting" in stages.before("counted") and "revote_pending" not in stages.before("counted")


def test_milestones_mark_what_is_overdue_and_what_is_next():
    today = DAY - timedelta(days=10)
    steps = {m.key: m.status for m in milestones(schedule("registration"), RULES, today)}
    assert steps["roll_published"] == "overdue"
    assert steps["candidates_published"] == "next"
    assert overdue("registration", DAY, None, WINDOW[1], RULES, today) == ["R-ROLL-5"]


def test_an_election_without_a_day_is_overdue_when_the_window_closes_in_under_twenty_days():
    assert overdue("setup", None, None, WINDOW[1], RULES, WINDOW[1] - timedelta(days=20)) == []
    assert overdue("setup", None, None, WINDOW[1], RULES, WINDOW[1] - timedelta(days=19)) == ["R-ROLL-5"]


def test_a_missed_election_day_is_overdue_until_counted():
    after = DAY + timedelta(days=1)
    assert "election_day" in overdue("voting", DAY, None, WINDOW[1], RULES, after)
    assert overdue("counted", DAY, DAY, WINDOW[1], RULES, after) == []


# ---- R-SIZE-1 and R-MODE: the plan -------------------------------------------------------------

def plan(kind_total, deputies=1, director=1, **values):
    return Plan(mode="direct", election_day=DAY, seats_director=director, seats_deputy_director=deputies,
                seats_member=kind_total - director - deputies, ballot_method="single", **values)


@pytest.mark.parametrize(("kind", "total", "ok"), [
    ("village", 2, False), ("village", 3, True), ("village", 7, True), ("village", 8, False),
    ("residential", 4, False), ("residential", 5, True), ("residential", 9, True), ("residential", 10, False),
])
def test_r_size_1_committee_sizes(kind, total, ok):
    problems = check_plan(kind, plan(total), RULES, WINDOW, complete=True)
    assert (problems == []) == ok
    if not ok:
        assert rules_of(problems) == ["R-SIZE-1"]


def test_r_size_1_exactly_one_director_and_one_or_two_deputies_in_residents_committees():
    assert rules_of(check_plan("residential", plan(7, director=2), RULES, WINDOW, complete=True)) == ["R-SIZE-1"]
    assert rules_of(check_plan("residential", plan(7, deputies=0), RULES, WINDOW, complete=True)) == ["R-SIZE-1"]
    assert rules_of(check_plan("residential", plan(7, deputies=3), RULES, WINDOW, complete=True)) == ["R-SIZE-1"]
    assert check_plan("residential", plan(7, deputies=2), RULES, WINDOW, complete=True) == []
    assert check_plan("village", plan(5, deputies=0), RULES, WINDOW, complete=True) == []


def test_r_mode_1_villages_elect_directly_only():
    for mode in ("household", "group_representative"):
        problems = check_plan("village", Plan(mode=mode), RULES, WINDOW, complete=False)
        assert rules_of(problems) == ["R-MODE-1"]


def test_r_mode_2_residents_committees_choose_among_three_modes_per_rule_set():
    for mode in ("direct", "household", "group_representative"):
        assert check_plan("residential", Plan(mode=mode), BEIJING_2018, WINDOW, complete=False) == []
    assert rules_of(check_plan("residential", Plan(mode="representative"), BEIJING_2018, WINDOW,
                               complete=False)) == ["R-MODE-2"]
    assert check_plan("residential", Plan(mode="representative"), NATIONAL_2026, WINDOW, complete=False) == []


def test_the_election_day_lies_in_the_round_window():
    outside = Plan(election_day=WINDOW[1] + timedelta(days=1))
    assert [p.field for p in check_plan("village", outside, RULES, WINDOW, complete=False)] == ["election_day"]


def test_a_complete_plan_names_every_missing_value():
    problems = check_plan("village", Plan(), RULES, WINDOW, complete=True)
    assert {p.field for p in problems} == {"mode", "election_day", "seats_director", "seats_deputy_director",
                                           "seats_member", "ballot_method"}


def test_overdue_cutoffs_follow_the_rule_set_numbers():
    cut = calendar.overdue_cutoffs(RULES, DAY)
    assert (cut.roll - DAY).days == RULES.roll_published_days_before == 20
    assert (cut.candidates - DAY).days == RULES.candidates_published_days_before == 5
    assert (DAY - cut.supplementary).days == RULES.supplementary_within_days == 15
