"""R-ROLL-6: the ID-number check, by example and by property."""
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elections.messages import Problem
from elections.rolls import idnumber

TODAY = date(2026, 11, 21)
# GB 11643's own example: a man born on 1 October 1949 in 北京市东城区.
EXAMPLE = "11010119491001001X"
borns = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)
areas = st.sampled_from(["110101", "110102", "110105", "110228", "130102", "310101"])


def test_a_valid_number_says_birth_date_and_sex():
    number = idnumber.make("110101", date(1949, 10, 1), 1)
    result = idnumber.check(number, TODAY)
    assert result == idnumber.IdNumber(number, date(1949, 10, 1), "M")


def test_lower_case_x_is_stored_upper_case():
    number = next(idnumber.make("110101", date(1980, 1, d), 5) for d in range(1, 32)
                  if idnumber.make("110101", date(1980, 1, d), 5).endswith("X"))
    assert idnumber.check(number.lower(), TODAY).number == number


def test_check_character_of_known_number():
    assert idnumber.check_character("11010519491231002") == "X"
    assert idnumber.check("11010519491231002X", TODAY).sex == "F"


@pytest.mark.parametrize("raw, fragment", [
    ("110101491001001", "15-digit"),
    ("1101011949100100", "18 characters"),
    ("11010119491001001Y", "17 digits"),
    ("1101011949100100AX", "17 digits"),
    ("110101" + "19490230" + "0011", "not a real date"),
    ("110101" + "20300101" + "0011", "in the future"),
    ("", "missing"),
])
def test_malformed_numbers_are_refused_with_the_reason(raw, fragment):
    result = idnumber.check(raw, TODAY)
    assert isinstance(result, Problem) and result.rule == "R-ROLL-6"
    assert fragment in result.message


def test_a_mistyped_digit_is_caught_by_the_check_character():
    number = idnumber.make("110101", date(1990, 5, 17), 123)
    mistyped = number[:10] + ("6" if number[10] != "6" else "7") + number[11:]
    result = idnumber.check(mistyped, TODAY)
    assert isinstance(result, Problem)


def test_15_digit_numbers_get_their_own_message():
    result = idnumber.check("110101491001001", TODAY)
    assert "15-digit" in result.message and result.rule == "R-ROLL-6"


def test_stored_birth_date_and_sex_must_agree():
    parsed = idnumber.check(idnumber.make("110101", date(1990, 5, 17), 124), TODAY)  # even: female
    assert idnumber.agreement(parsed, date(1990, 5, 17), "F") == []
    problems = idnumber.agreement(parsed, date(1990, 5, 18), "M")
    assert [p.field for p in problems] == ["birth_date", "sex"]
    assert all(p.rule == "R-ROLL-6" for p in problems)


def test_mask_keeps_first_six_and_last_four():
    assert idnumber.mask("11010119491001001X") == "110101********001X"


@given(areas, borns, sequences)
def test_every_made_number_checks_and_says_what_it_was_made_from(area, born, sequence):
    result = idnumber.check(idnumber.make(area, born, sequence), TODAY)
    assert result.birth_date == born
    assert result.sex == ("M" if sequence % 2 else "F")


@given(areas, borns, sequences, st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=9))
def test_any_single_digit_change_is_refused(area, born, sequence, position, delta):
    """MOD 11-2 catches every single-digit substitution (weights are all non-zero mod 11)."""
    number = idnumber.make(area, born, sequence)
    changed = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1:]
    assert isinstance(idnumber.check(changed, TODAY), Problem)


@given(areas, borns, sequences, st.integers(min_value=0, max_value=15))
def test_swapping_two_different_adjacent_digits_is_refused(area, born, sequence, position):
    number = idnumber.make(area, born, sequence)
    a, b = number[position], number[position + 1]
    if a == b:
        return
    swapped = number[:position] + b + a + number[position + 2:]
    assert isinstance(idnumber.check(swapped, TODAY), Problem)


@given(st.text(max_size=25))
def test_check_never_raises(raw):
    result = idnumber.check(raw, TODAY)
    assert isinstance(result, (Problem, idnumber.IdNumber))
