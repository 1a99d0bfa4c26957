"""The township plan file: what officials download, edit in Excel or WPS, and upload.

Pure tests of the reader and the template writer (no app, no database): the law itself is checked
by services.apply_plans and tested in test_rounds_cli.py.
"""
import io
import zipfile
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from elections.rounds.models import CommitteeElection
from elections.rounds.plan_file import HEADERS, NAME_HEADER, column_of, read_plan_file, write_template
from elections.rulesets import BEIJING_2018, NATIONAL_2026

HEADER = list(HEADERS.values())
GOOD = ["110101001001", "直接选举", "2019-06-15", "1", "2", "4", "一次投票"]
GOOD_CHANGES = {"mode": "direct", "election_day": date(2019, 6, 15), "seats_director": 1,
                "seats_deputy_director": 2, "seats_member": 4, "ballot_method": "single"}


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def csv_text(rows: list[list]) -> str:
    return "".join(",".join("" if v is None else str(v) for v in row) + "\r\n" for row in rows)


def read_csv(rows: list[list], rules=BEIJING_2018, encoding="utf-8"):
    return read_plan_file(csv_text(rows).encode(encoding), "plan.csv", rules)


def messages(result) -> list[tuple]:
    return [(row, code, p.field, p.message % p.params if p.params else p.message) for row, code, p in result.problems]


def election(code: str, **plan) -> CommitteeElection:
    return CommitteeElection(committee_code=code, **plan)


# ---- formats ---------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_is_read_in_utf8_with_or_without_bom_and_in_gb18030(encoding):
    """Excel on Chinese Windows saves "CSV" as GB18030; other programs write UTF-8, often with a BOM."""
    result = read_csv([HEADER, GOOD], encoding=encoding)
    assert result.problems == []
    assert result.rows == [(2, "110101001001", GOOD_CHANGES)]


def test_xlsx_with_real_numbers_and_date_cells_reads_like_text():
    """Excel stores what people type as numbers and dates: 3 becomes 3.0, a code a number, a day a date."""
    result = read_plan_file(xlsx([HEADER, [110101001001, "直接选举", datetime(2019, 6, 15), 1.0, 2, 4.0, "一次投票"],
                                  [110101001002.0, "直接选举", date(2019, 6, 15), 1, 2, 4, "一次投票"]]),
                            "plan.xlsx", BEIJING_2018)
    assert result.problems == []
    assert result.rows == [(2, "110101001001", GOOD_CHANGES), (3, "110101001002", GOOD_CHANGES)]


def test_content_decides_the_format_not_the_file_name():
    """Browsers and mail programs rename attachments; a workbook called .csv is still a workbook."""
    assert read_plan_file(xlsx([HEADER, GOOD]), "plan.csv", BEIJING_2018).rows == [(2, "110101001001", GOOD_CHANGES)]


def _zip_without_workbook() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return output.getvalue()


@pytest.mark.parametrize("data, filename, expected", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.png", "neither an XLSX workbook nor a CSV file"),
    (_zip_without_workbook(), "letter.docx", "neither an XLSX workbook nor a CSV file"),
    (b"PK\x03\x04 truncated", "plan.xlsx", "neither an XLSX workbook nor a CSV file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "plan.xls", "Excel 97–2003"),
    (b"", "plan.csv", "The file is empty."),
    (b"\r\n , ,\r\n", "plan.csv", "The file is empty."),
    (b"\xff\xfe\xfa\xfb\x81", "plan.csv", "neither an XLSX workbook nor a CSV file"),
])
def test_a_file_that_is_not_a_plan_gives_one_clear_problem(data, filename, expected):
    result = read_plan_file(data, filename, BEIJING_2018)
    assert result.rows == []
    assert len(result.problems) == 1, result.problems
    assert result.problems[0][:2] == (None, None)
    assert expected in result.problems[0][2].message


# ---- headers ---------------------------------------------------------------------------------

def test_columns_in_any_order_with_spaces_full_width_brackets_and_extra_columns():
    """People retype headers with an IME (村（居）委会代码) and add columns of their own."""
    header = ["备注", " 投票方式", "委员名额", "副主任名额 ", "主任名额", "选举日", "选 举 方 式", "村（居）委会代码", NAME_HEADER]
    row = ["已核对", "一次投票", "4", "2", "1", "2019-06-15", "直接选举", "110101001001", "多福巷社区居委会"]
    result = read_csv([header, row])
    assert result.problems == []
    assert result.rows == [(2, "110101001001", GOOD_CHANGES)]


def test_each_missing_header_is_one_problem_naming_it():
    result = read_csv([[h for h in HEADER if h not in ("选举日", "投票方式")], GOOD[:2] + GOOD[3:6]])
    assert result.rows == []
    assert messages(result) == [(1, None, "选举日", "The column 选举日 is missing."),
                                (1, None, "投票方式", "The column 投票方式 is missing.")]


def test_a_repeated_column_is_refused():
    """Which of two 选举日 columns is meant cannot be guessed."""
    result = read_csv([HEADER + ["选举日"], GOOD + ["2019-06-16"]])
    assert result.rows == []
    assert messages(result) == [(1, None, "选举日", "The column 选举日 appears twice.")]


def test_a_table_without_the_template_headers_is_one_problem():
    result = read_csv([["姓名", "身份证号"], ["张三", "110101199003070011"]])
    assert len(result.problems) == 1
    assert result.problems[0][0] == 1 and "村(居)委会代码" in messages(result)[0][3]


def test_a_header_without_rows_says_so():
    assert messages(read_csv([HEADER])) == [(None, None, None, "The file lists no committees.")]


# ---- cells -----------------------------------------------------------------------------------

def test_row_numbers_are_those_the_spreadsheet_shows_and_empty_rows_are_skipped():
    """Row 1 is the header; blank rows still count, as in Excel, so the user finds the row named."""
    second = ["110101001002"] + GOOD[1:]
    bad = ["110101001003"] + GOOD[1:3] + ["x"] + GOOD[4:]
    result = read_plan_file(xlsx([HEADER, GOOD, [], [None, None], second, [" "], bad]), "plan.xlsx", BEIJING_2018)
    assert [(row, code) for row, code, _ in result.rows] == [(2, "110101001001"), (5, "110101001002")]
    assert [(row, code, field) for row, code, field, _ in messages(result)] == [(7, "110101001003", "主任名额")]


@pytest.mark.parametrize("column, value, expected", [
    ("村(居)委会代码", "11010100100", "Not a 12-digit committee code: 11010100100."),
    ("村(居)委会代码", "11010100100X", "Not a 12-digit committee code: 11010100100X."),
    ("村(居)委会代码", "1.10101E+11", "The code 1.10101E+11 was shortened to scientific notation"),
    ("选举方式", "直选", "Not an election mode: 直选. Use one of: 直接选举、户代表选举、居民代表选举."),
    ("选举日", "2019/6/15", "Not a date in the form YYYY-MM-DD: 2019/6/15."),
    ("选举日", "2019-02-29", "Not a date in the form YYYY-MM-DD: 2019-02-29."),
    ("选举日", "15.06.2019", "Not a date in the form YYYY-MM-DD: 15.06.2019."),
    ("主任名额", "2.5", "A number of seats is a whole number, 0 or more: 2.5."),
    ("副主任名额", "-1", "A number of seats is a whole number, 0 or more: -1."),
    ("委员名额", "四", "A number of seats is a whole number, 0 or more: 四."),
    ("投票方式", "两次投票", "Not a ballot method: 两次投票. Use one of: 一次投票、分次投票."),
    ("选举日", "", "This value is required."),
    ("投票方式", "  ", "This value is required."),
])
def test_an_unreadable_cell_is_reported_with_its_row_column_and_value(column, value, expected):
    row = list(GOOD)
    row[HEADER.index(column)] = value
    result = read_csv([HEADER, ["110101001002"] + GOOD[1:], row, ["110101001003"] + GOOD[1:]])
    code = None if column == "村(居)委会代码" else "110101001001"
    [(number, problem_code, field, message)] = messages(result)
    assert (number, problem_code, field) == (3, code, column)
    assert message.startswith(expected)
    # The other rows are kept, so the caller can check them against the law in the same pass.
    assert [r[1] for r in result.rows] == ["110101001002", "110101001003"]


@pytest.mark.parametrize("column, value", [
    ("主任名额", 2.5), ("委员名额", -3), ("委员名额", True), ("选举日", 43631), ("选举日", datetime(2019, 6, 15).time()),
    ("村(居)委会代码", 110101001001.5), ("村(居)委会代码", 1101010010),
])
def test_unreadable_excel_numbers_and_dates(column, value):
    """Typed cells too: a serial day number or a fractional seat count is not guessed at."""
    row = list(GOOD)
    row[HEADER.index(column)] = value
    result = read_plan_file(xlsx([HEADER, row]), "plan.xlsx", BEIJING_2018)
    assert result.rows == []
    assert [(r, f) for r, _, f, _ in messages(result)] == [(2, column)]
    assert str(value) in messages(result)[0][3]


def test_a_row_with_several_bad_cells_lists_each():
    """One round of corrections should fix the whole file."""
    result = read_csv([HEADER, ["110101001001", "直选", "2019/6/15", "1", "", "4", "一次"]])
    assert [field for _, _, field, _ in messages(result)] == ["选举方式", "选举日", "副主任名额", "投票方式"]
    assert result.rows == []


def test_residents_representative_label_reads_as_the_representative_mode_of_the_rows_day():
    """R-MODE-2 names it group_representative (beijing-2018); R26-MODE replaces it with representative.
    The row's election day decides (rules.md), so one file plans both sides of 2026-01-01."""
    row = ["110101001001", "居民代表选举"] + GOOD[2:]
    assert read_csv([HEADER, row], BEIJING_2018).rows[0][2]["mode"] == "group_representative"
    assert read_csv([HEADER, row], NATIONAL_2026).rows[0][2]["mode"] == "group_representative"  # 2019-06-15
    row[2] = "2026-01-10"
    assert read_csv([HEADER, row], BEIJING_2018).rows[0][2]["mode"] == "representative"


def test_household_mode_is_read_even_for_a_village_so_the_law_check_can_name_r_mode_1():
    """R-MODE-1 is the law's business (plans.check_plan), not a reading error: the reader keeps the mode."""
    row = ["110116107201", "户代表选举"] + GOOD[2:]
    assert read_csv([HEADER, row]).rows[0][2]["mode"] == "household"


@pytest.mark.parametrize("field, column", [
    ("seats_member", "委员名额"), ("committee", "村(居)委会代码"), ("选举日", "选举日"), ("policy", None), (None, None),
])
def test_problems_of_the_reader_and_of_the_plan_checks_name_the_same_columns(field, column):
    """plans.check_plan names plan fields, the reader names headers: the report shows one vocabulary."""
    assert column_of(field) == column


# ---- the template ----------------------------------------------------------------------------

def test_template_layout():
    """What the official sees on opening it: bold frozen header, dropdowns, codes kept as text."""
    data = write_template([election("110101001001", mode="direct"), election("110101001002", mode="household")],
                          {"110101001001": "多福巷社区居委会", "110101001002": "银闸社区居委会"}, BEIJING_2018)
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == HEADER + [NAME_HEADER]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet["A2"].value == "110101001001" and sheet["A2"].data_type == "s" and sheet["A2"].number_format == "@"
    assert sheet["H3"].value == "银闸社区居委会"
    assert sheet["C2"].number_format == "yyyy-mm-dd"
    assert all(sheet.column_dimensions[letter].width >= 10 for letter in "ABCDEFGH")
    assert sheet.column_dimensions["H"].width >= 20
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists == {"B2:B3": '"直接选举,户代表选举,居民代表选举"', "G2:G3": '"一次投票,分次投票"'}


def test_template_of_a_fresh_round_leaves_unset_values_empty_and_they_must_be_filled():
    """A round starts with only the mode set: the file tells the official every cell still to fill."""
    data = write_template([election("110101001001", mode="direct")], {}, BEIJING_2018)
    result = read_plan_file(data, "plan.xlsx", BEIJING_2018)
    assert result.rows == []
    assert [field for _, _, field, _ in messages(result)] == HEADER[2:]
    assert {message for _, _, _, message in messages(result)} == {"This value is required."}


def test_template_round_trip_keeps_every_plan():
    plans = [
        ("110101001001", dict(mode="group_representative", election_day=date(2019, 6, 15), seats_director=1,
                              seats_deputy_director=2, seats_member=4, ballot_method="separate")),
        ("110116107201", dict(mode="direct", election_day=date(2019, 5, 1), seats_director=1,
                              seats_deputy_director=0, seats_member=2, ballot_method="single")),
    ]
    data = write_template([election(code, **plan) for code, plan in plans], {}, BEIJING_2018)
    result = read_plan_file(data, "plan.xlsx", BEIJING_2018)
    assert result.problems == []
    assert result.rows == [(2, plans[0][0], plans[0][1]), (3, plans[1][0], plans[1][1])]


@st.composite
def plan_rows(draw, rules):
    modes = sorted({m for kind in rules.modes for m in rules.modes[kind]})
    codes = draw(st.lists(st.from_regex(r"11[0-9]{10}", fullmatch=True), min_size=1, max_size=8, unique=True))
    # Days the rule set governs: a day of the other set reads 居民代表选举 as that set's mode.
    first, last = rules.first_day or date(1990, 1, 1), rules.last_day or date(2099, 12, 31)
    return [(code, dict(mode=draw(st.sampled_from(modes)),
                        election_day=draw(st.dates(first, last)),
                        seats_director=draw(st.integers(0, 20)), seats_deputy_director=draw(st.integers(0, 20)),
                        seats_member=draw(st.integers(0, 20)),
                        ballot_method=draw(st.sampled_from(["single", "separate"]))))
            for code in codes]


@settings(deadline=None, max_examples=40)
@given(st.sampled_from([BEIJING_2018, NATIONAL_2026]).flatmap(lambda rules: st.tuples(st.just(rules), plan_rows(rules))))
def test_any_plan_survives_write_then_read(case):
    """The template and the reader share one table of labels: whatever is written reads back the same."""
    rules, plans = case
    data = write_template([election(code, **plan) for code, plan in plans], {}, rules)
    result = read_plan_file(data, "plan.xlsx", rules)
    assert result.problems == []
    assert result.rows == [(row, code, plan) for row, (code, plan) in enumerate(plans, start=2)]
