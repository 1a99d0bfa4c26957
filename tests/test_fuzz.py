"""Hypothesis throws made-up input at every parser of outside data: the roll and plan file readers
and the election-record parser. Each either reads the input or refuses it with its own error that
names the problem; nothing else is ever raised. How many inputs each tried is printed at the end of
the run (conftest's terminal summary)."""
import csv
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from elections.results.parsing import RecordError, loads_record
from elections.rolls.roll_file import HEADERS as ROLL_HEADERS
from elections.rolls.roll_file import RollFileError, open_roll
from elections.rounds.plan_file import HEADERS as PLAN_HEADERS
from elections.rounds.plan_file import read_plan_file
from elections.rulesets import RULESETS

TRIED = {}  # parser → inputs tried, for the summary
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Text a workbook can hold (no control characters), and values that mean something in a roll.
CELL = st.one_of(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30), st.sampled_from(["110101001001", "男", "女", "是", "否", "1", "3",
                                                        "2026-05-01", "19800101", "=1+1", "", " ", "1.10101E+17"]))


def tried(name: str) -> None:
    TRIED[name] = TRIED.get(name, 0) + 1


def csv_of(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_of(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_roll(data: bytes, name: str) -> None:
    try:
        with open_roll(data, name) as roll:
            for row in roll:
                assert row.row >= 2
    except RollFileError as error:
        assert error.problems and all(p.message for p in error.problems)


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(["roll.csv", "roll.xlsx", "roll.xls", "roll"]))
def test_roll_files_of_any_bytes(data, name):
    tried("roll file, bytes")
    read_roll(data, name)


@FUZZ
@given(st.lists(st.lists(CELL, max_size=14), max_size=8), st.booleans())
def test_roll_files_of_any_cells_under_the_real_headers(rows, as_xlsx):
    tried("roll file, cells")
    table = [list(ROLL_HEADERS.values()), *rows]
    read_roll(xlsx_of(table) if as_xlsx else csv_of(table), "roll.xlsx" if as_xlsx else "roll.csv")


@FUZZ
@given(st.binary(min_size=1, max_size=64), st.integers(min_value=0))
def test_damaged_workbooks(patch, where):
    """A real workbook with some of its bytes overwritten."""
    tried("roll file, damaged XLSX")
    data = bytearray(xlsx_of([list(ROLL_HEADERS.values()), ["110101001001", "张三", "110101198001010011"]]))
    start = where % len(data)
    data[start:start + len(patch)] = patch
    read_roll(bytes(data), "roll.xlsx")


@FUZZ
@given(st.one_of(st.binary(max_size=2000),
                 st.lists(st.lists(CELL, max_size=9), max_size=8).map(
                     lambda rows: csv_of([list(PLAN_HEADERS.values()), *rows]))))
def test_plan_files(data):
    tried("plan file")
    result = read_plan_file(data, "plan.csv", RULESETS["beijing-2018"])
    assert all(problem.message for _, _, problem in result.problems)


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
                    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
                    max_leaves=30)
RECORD_KEYS = ["round", "committee", "ballot", "electorate", "issued", "cast", "posts", "candidates", "votes",
               "name", "ruleset", "election_day", "seats", "invalid"]


@FUZZ
@given(st.one_of(st.text(max_size=300), JSON.map(json.dumps),
                 st.dictionaries(st.sampled_from(RECORD_KEYS), JSON, max_size=8).map(json.dumps)))
def test_election_records(text):
    tried("election record")
    try:
        loads_record(text)
    except RecordError as error:
        assert error.problems
