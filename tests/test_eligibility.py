"""R-ROLL-1 (age on election day), R-ROLL-2 (categories and consent), R-ROLL-4 (exclusions and
their lifting) and R-MODE-2 / R26-MODE (group sizes), by example and by property."""
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elections.rolls import eligibility
from elections.rulesets import BEIJING_2018, NATIONAL_2026

RULES = BEIJING_2018
DAY = date(2026, 5, 23)
TODAY = date(2026, 5, 1)


class TestAge:
    """R-ROLL-1."""

    def test_eighteenth_birthday_on_election_day_counts(self):
        assert eligibility.of_age(date(2008, 5, 23), DAY, RULES)

    def test_eighteenth_birthday_the_day_after_does_not(self):
        assert not eligibility.of_age(date(2008, 5, 24), DAY, RULES)
        problem = eligibility.age_problem(date(2008, 5, 24), DAY, RULES)
        assert problem.rule == "R-ROLL-1" and problem.params["birthday"] == "2026-05-24"

    def test_born_29_february_turns_18_on_28_february_of_a_common_year(self):
        born = date(2008, 2, 29)
        assert eligibility.birthday(born, 18) == date(2026, 2, 28)
        assert eligibility.of_age(born, date(2026, 2, 28), RULES)
        assert not eligibility.of_age(born, date(2026, 2, 27), RULES)

    def test_born_29_february_keeps_29_february_in_a_leap_year(self):
        """An 18th birthday never falls in a leap year for a 29 February child (18 is not a
        multiple of 4), but the rule is general: a 20th birthday can."""
        assert eligibility.birthday(date(2004, 2, 29), 20) == date(2024, 2, 29)
        assert eligibility.birthday(date(2004, 2, 29), 18) == date(2022, 2, 28)
        assert not eligibility.of_age(date(2004, 2, 29), date(2022, 2, 27), RULES)

    @given(st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)),
           st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)))
    def test_of_age_is_exactly_the_calendar_age(self, born, day):
        """Eligible iff at least 18 full years have passed, with 29 Feb → 28 Feb (R-ROLL-1)."""
        years = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        if born.month == 2 and born.day == 29 and (day.month, day.day) == (2, 28) and day.year % 4:
            years += 1  # the birthday falls on 28 February in a common year
        assert eligibility.of_age(born, day, RULES) == (years >= 18)

    @given(st.dates(min_value=date(1950, 1, 1), max_value=date(2020, 12, 31)))
    def test_one_day_decides(self, born):
        """The 18th birthday is the first eligible election day; the day before is not."""
        first = eligibility.birthday(born, 18)
        assert eligibility.of_age(born, first, RULES)
        assert not eligibility.of_age(born, first - timedelta(days=1), RULES)


class TestCategories:
    """R-ROLL-2."""

    def test_village_has_four_categories_residential_three(self):
        assert eligibility.categories("village", RULES) == (1, 2, 3, 4)
        assert eligibility.categories("residential", RULES) == (1, 2, 3)
        assert eligibility.category_problem("village", 4, RULES) is None
        assert eligibility.category_problem("residential", 4, RULES).rule == "R-ROLL-2"

    @pytest.mark.parametrize("category", [3, 4])
    def test_village_categories_3_and_4_need_assembly_consent(self, category):
        missing = eligibility.consent_problem("village", category, None, None, RULES, TODAY)
        assert missing.rule == "R-ROLL-2"
        assert eligibility.status_for("village", category, None, None, RULES, TODAY) == (
            "not_registered", eligibility.CONSENT_PENDING)
        assert eligibility.consent_problem("village", category, "villagers_assembly", TODAY, RULES, TODAY) is None
        assert eligibility.status_for("village", category, "representatives_assembly", TODAY, RULES, TODAY) == (
            "registered", None)

    def test_consent_by_a_wrong_body_or_in_the_future_is_refused(self):
        assert eligibility.consent_problem("village", 3, "election_committee", TODAY, RULES, TODAY)
        future = TODAY + timedelta(days=1)
        assert eligibility.consent_problem("village", 3, "villagers_assembly", future, RULES, TODAY)

    @pytest.mark.parametrize("kind, category", [("village", 1), ("village", 2), ("residential", 1),
                                                ("residential", 2), ("residential", 3)])
    def test_other_categories_are_registered_without_consent(self, kind, category):
        assert eligibility.status_for(kind, category, None, None, RULES, TODAY) == ("registered", None)

    def test_national_2026_residential_category_3_is_confirmed_by_the_election_committee(self):
        """R26-ROLL: a community worker is registered once the election committee confirms."""
        assert eligibility.consent_bodies("residential", 3, NATIONAL_2026) == ("election_committee",)


class TestExclusions:
    """R-ROLL-4."""

    def test_the_three_reasons(self):
        assert eligibility.EXCLUSIONS == ("deprived_of_political_rights", "no_legal_capacity", "unreachable")

    def test_a_cause_ending_before_election_day_puts_the_person_back(self):
        assert eligibility.restored(DAY - timedelta(days=1), DAY)
        assert not eligibility.restored(DAY, DAY)


class TestGroups:
    """R-MODE-2 and R26-MODE."""

    @pytest.mark.parametrize("households, representatives, ok", [
        (15, 2, True), (50, 3, True), (14, 2, False), (51, 3, False), (30, 1, False), (30, 4, False)])
    def test_beijing_groups_of_15_to_50_households_elect_2_or_3(self, households, representatives, ok):
        problems = eligibility.group_problems(households, representatives, RULES)
        assert (problems == []) == ok
        assert all(p.rule == "R-MODE-2" for p in problems)

    @pytest.mark.parametrize("households, representatives, ok", [
        (20, 1, True), (50, 1, True), (100, 2, True), (19, 1, False), (101, 2, False), (30, 0, False)])
    def test_national_one_representative_per_20_to_50_households(self, households, representatives, ok):
        problems = eligibility.group_problems(households, representatives, NATIONAL_2026)
        assert (problems == []) == ok
        assert all(p.rule == "R26-MODE" for p in problems)
