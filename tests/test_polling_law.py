"""The law of election day as properties (elections/polling/law.py): each refusal names its rule."""
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from elections.polling import law
from elections.rulesets import RULESETS

DAY = date(2026, 6, 6)
NATIONAL, BEIJING = RULESETS["national-2026"], RULESETS["beijing-2018"]


def case(**changes) -> law.ProxyCase:
    base = dict(mode="direct", principal_is_elector=True, holder_registered=True, same_person=False,
                near_relatives=False, holder_proxies=0, principal_has_proxy=False, signed_on=DAY - timedelta(days=3),
                recorded_on=DAY - timedelta(days=2), election_day=DAY)
    return law.ProxyCase(**{**base, **changes})


def rules_of(problems) -> list[str]:
    return [p.rule for p in problems]


def test_r26_poll_no_proxy_voting_in_representative_mode():
    assert rules_of(law.proxy_problems(NATIONAL, case(mode="representative"))) == ["R26-POLL"]
    assert law.proxy_problems(NATIONAL, case(mode="household")) == []


@given(st.integers(min_value=0, max_value=10), st.booleans())
def test_r26_poll_any_other_voter_holds_at_most_three(held, related):
    problems = law.proxy_problems(NATIONAL, case(holder_proxies=held, near_relatives=related))
    assert rules_of(problems) == ([] if held < 3 else ["R26-POLL"])


@given(st.integers(min_value=0, max_value=10), st.booleans())
def test_r_poll_2_under_beijing_2018_a_near_relative_holds_at_most_three(held, related):
    problems = law.proxy_problems(BEIJING, case(holder_proxies=held, near_relatives=related))
    assert rules_of(problems) == ([] if related else ["R-POLL-2"]) + ([] if held < 3 else ["R-POLL-2"])


@given(st.integers(min_value=-5, max_value=5))
def test_r_poll_2_a_proxy_is_recorded_before_the_election_day(offset):
    recorded = DAY + timedelta(days=offset)
    problems = law.proxy_problems(NATIONAL, case(recorded_on=recorded, signed_on=recorded))
    assert rules_of(problems) == ([] if offset < 0 else ["R-POLL-2"])


def test_r_poll_2_only_an_elector_gives_a_proxy_and_not_to_themselves():
    assert rules_of(law.proxy_problems(NATIONAL, case(principal_is_elector=False))) == ["R-POLL-2"]
    assert rules_of(law.proxy_problems(NATIONAL, case(same_person=True))) == ["R26-POLL"]
    assert rules_of(law.proxy_problems(NATIONAL, case(holder_registered=False))) == ["R26-POLL"]


@given(st.lists(st.sampled_from(law.STAFF_ROLES), max_size=8), st.sampled_from(law.PLACE_KINDS))
def test_r_poll_1_a_station_or_box_needs_three_scrutineers(roles, kind):
    scrutineers = sum(role in ("scrutineer", "chief_scrutineer") for role in roles)
    problems = law.staffing_problems(kind, scrutineers)
    assert rules_of(problems) == ([] if kind == "central" or scrutineers >= 3 else ["R-POLL-1"])


@given(st.integers(min_value=0, max_value=100_000), st.integers(min_value=0, max_value=50))
def test_ballots_to_print_cover_the_electorate_and_the_reserve(electorate, reserve):
    printed = law.ballots_to_print(electorate, reserve)
    assert printed >= electorate and printed - electorate >= electorate * reserve / 100
    assert printed - electorate < electorate * reserve / 100 + 1


def test_r_poll_3_ballots_only_on_the_day_and_with_a_published_list():
    assert law.issue_problem(stage_open=True, today=DAY, election_day=DAY) is None
    assert law.issue_problem(stage_open=True, today=DAY - timedelta(days=1), election_day=DAY).rule == "R-POLL-3"
    assert law.issue_problem(stage_open=False, today=DAY, election_day=DAY).rule == "R-CAND-5"
