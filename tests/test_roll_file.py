"""The voter-roll file: what committees fill in from their household registers and upload.

Pure tests of the streaming reader and the template writer (no app, no database): the law (R-ROLL-1,
2, 3, 6, R-MODE-2) is the importer's and is tested in test_roll_import.py.
"""
import io
import tracemalloc
import zipfile
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from elections.rolls import roll_file
from elections.rolls.idnumber import make
from elections.rolls.roll_file import HEADERS, OPTIONAL_HEADERS, RollFileError, open_roll, write_template

HEADER = list(HEADERS.values())
ID = make("110101", date(1980, 5, 17), 13)  # a man
GOOD = ["110101001001", "张伟", ID, "男", "1980-05-17", "0001", "第一居民小组", "1", "北京市东城区", "是"]


def csv_bytes(rows: list[list], encoding="utf-8") -> bytes:
    return "".join(",".join("" if v is None else str(v) for v in row) + "\r\n" for row in rows).encode(encoding)


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def read(data: bytes, filename="roll.csv") -> list[roll_file.RollRow]:
    with open_roll(data, filename) as roll:
        return list(roll)


def problems(rows) -> list[tuple]:
    return [(r.row, p.field, p.message % p.params if p.params else p.message) for r in rows for p in r.problems]


def refused(data: bytes, filename="roll.csv") -> list[str]:
    with pytest.raises(RollFileError) as error:
        open_roll(data, filename)
    return [p.message % p.params if p.params else p.message for p in error.value.problems]


# ---- formats ---------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_utf8_with_or_without_bom_and_in_gb18030(encoding):
    """Excel on Chinese Windows saves "CSV" as GB18030; other programs write UTF-8, often with a BOM."""
    [row] = read(csv_bytes([HEADER, GOOD], encoding))
    assert row.problems == []
    assert (row.row, row.committee, row.name, row.id_number, row.sex, row.birth_date, row.household, row.group,
            row.category, row.hukou_place, row.household_representative) == (
        2, "110101001001", "张伟", ID, "M", date(1980, 5, 17), "0001", "第一居民小组", 1, "北京市东城区", True)
    assert (row.address, row.consent_on, row.consent_body) == ("", None, None)


def test_a_path_is_read_like_the_content(tmp_path):
    path = tmp_path / "roll.csv"
    path.write_bytes(csv_bytes([HEADER, GOOD], "gb18030"))
    assert [r.name for r in read(path)] == ["张伟"]


def test_xlsx_cells_as_spreadsheets_store_them():
    """Typed cells: a date cell, a category typed as a number, a household number that became 12.0."""
    row = ["110101001001", "张伟", ID, "男", datetime(1980, 5, 17), 12.0, 3, 1, "北京市东城区", "否"]
    [read_row] = read(xlsx([HEADER, row]), "roll.xlsx")
    assert read_row.problems == []
    assert (read_row.birth_date, read_row.household, read_row.group, read_row.category,
            read_row.household_representative) == (date(1980, 5, 17), "12", "3", 1, False)


def test_content_decides_the_format_not_the_file_name():
    assert [r.name for r in read(xlsx([HEADER, GOOD]), "roll.csv")] == ["张伟"]


def _zip_without_workbook() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return output.getvalue()


@pytest.mark.parametrize("data, filename, expected", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "roll.xls", "Excel 97–2003"),
    (b"ID,name\r\n", "roll.xls", "Excel 97–2003"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.png", "neither an XLSX workbook nor a CSV file"),
    (_zip_without_workbook(), "letter.docx", "neither an XLSX workbook nor a CSV file"),
    (b"PK\x03\x04 truncated", "roll.xlsx", "neither an XLSX workbook nor a CSV file"),
    (b"\xff\xfe\xfa\xfb\x81", "roll.csv", "neither an XLSX workbook nor a CSV file"),
    (b"", "roll.csv", "The file is empty."),
    (b"\r\n , ,\r\n", "roll.csv", "The file is empty."),
])
def test_a_file_that_is_not_a_roll_is_one_clear_problem(data, filename, expected):
    [message] = refused(data, filename)
    assert expected in message


def test_a_file_damaged_part_of_the_way_names_the_last_row_read():
    """A cell no spreadsheet can hold (past the CSV module's field limit) is not a roll row."""
    data = csv_bytes([HEADER, GOOD, GOOD]) + b'"' + b"x" * 200_000 + b'"\r\n'
    with open_roll(data, "roll.csv") as roll, pytest.raises(RollFileError) as error:
        list(roll)
    [problem] = error.value.problems
    assert problem.message % problem.params == "Row 4 has a cell longer than 131,072 characters: the file cannot be read."


# ---- headers ---------------------------------------------------------------------------------

def test_headers_in_any_order_with_spaces_full_width_brackets_the_village_alias_and_extras():
    """People retype headers with an IME, call the group 村民小组 in villages and add columns."""
    header = ["备注", "户代表", "户籍地", "登记类别", "村民小组", "户号", "出生日期", " 性 别", "公民身份号码", "姓名",
              "村（居）委会代码", "同意机构", "同意日期", "家庭住址"]
    row = ["已核对", "是", "河北省保定市", "4", "第二村民小组", "0007", "", "", ID, "张伟", "110116107201", "村民代表会议",
           "2026/03/01", "汤河口村12号"]
    [read_row] = read(csv_bytes([header, row]))
    assert read_row.problems == []
    assert (read_row.committee, read_row.group, read_row.category, read_row.sex, read_row.birth_date,
            read_row.consent_body, read_row.consent_on, read_row.address) == (
        "110116107201", "第二村民小组", 4, None, None, "representatives_assembly", date(2026, 3, 1), "汤河口村12号")


def test_each_missing_header_is_one_problem_naming_it():
    assert refused(csv_bytes([[h for h in HEADER if h not in ("户号", "登记类别")], GOOD[:5] + GOOD[6:7]])) == [
        "The column 户号 is missing.", "The column 登记类别 is missing."]


def test_a_repeated_column_is_refused():
    """Which of two 居民小组 columns is meant cannot be guessed (村民小组 is the same column)."""
    assert refused(csv_bytes([HEADER + ["村民小组"], GOOD + ["第二村民小组"]])) == [
        "The column 居民小组 appears twice."]


def test_a_table_without_the_template_headers_is_one_problem():
    [message] = refused(csv_bytes([["name", "id"], ["张伟", ID]]))
    assert "村(居)委会代码、姓名、公民身份号码" in message


# ---- rows and cells --------------------------------------------------------------------------

def test_row_numbers_are_those_the_spreadsheet_shows_and_blank_rows_are_skipped():
    """Row 1 is the header; blank rows still count, as in Excel, so the user finds the row named."""
    second = GOOD[:1] + ["李娜"] + GOOD[2:]
    rows = read(xlsx([[], HEADER, GOOD, [], [None, None], second, [" "]]), "roll.xlsx")
    assert [(r.row, r.name) for r in rows] == [(3, "张伟"), (6, "李娜")]


@pytest.mark.parametrize("column, value, expected", [
    ("村(居)委会代码", "11010100100", "Not a 12-digit committee code: 11010100100."),
    ("村(居)委会代码", "1.10101E+11", "The code 1.10101E+11 was shortened to scientific notation"),
    ("公民身份号码", "1.10101E+17", "The ID number 1.10101E+17 was stored as a number"),
    ("性别", "M", "The sex is 男 or 女 (or empty: the ID number says it), not M."),
    ("出生日期", "17.05.1980", "Not a date (YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD): 17.05.1980."),
    ("出生日期", "1980-02-30", "Not a date (YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD): 1980-02-30."),
    ("登记类别", "5", "The registration category is 1, 2, 3 or 4, not 5."),
    ("登记类别", "一", "The registration category is 1, 2, 3 or 4, not 一."),
    ("户代表", "Y", "The household representative column is 是, 否 or empty, not Y."),
    ("姓名", "张" * 51, "This value is longer than 50 characters."),
    ("户号", "1" * 31, "This value is longer than 30 characters."),
])
def test_an_unreadable_cell_is_reported_with_its_row_and_column(column, value, expected):
    row = list(GOOD)
    row[HEADER.index(column)] = value
    rows = read(csv_bytes([HEADER, GOOD, row, GOOD]))
    [(number, field, message)] = problems(rows)
    assert (number, field) == (3, column)
    assert message.startswith(expected)
    assert len(rows) == 3  # the other rows are read on


@pytest.mark.parametrize("value, expected", [
    ("1980-05-17", date(1980, 5, 17)), ("1980/5/17", date(1980, 5, 17)), ("19800517", date(1980, 5, 17)),
    (" 1980-05-17 ", date(1980, 5, 17)), ("", None),
])
def test_birth_dates_in_the_three_forms_people_type(value, expected):
    row = list(GOOD)
    row[HEADER.index("出生日期")] = value
    [read_row] = read(csv_bytes([HEADER, row]))
    assert (read_row.birth_date, read_row.problems) == (expected, [])


@pytest.mark.parametrize("cell", [110101198005170013, 1.10101198005170e17, 110101198005170])
def test_an_id_number_the_spreadsheet_made_a_number_is_reported_not_guessed(cell):
    """Excel keeps 15 significant digits: the last digits of an 18-digit number typed into a General
    column are gone (and an X cannot be a number at all)."""
    row = list(GOOD)
    row[HEADER.index("公民身份号码")] = cell
    [read_row] = read(xlsx([HEADER, row]), "roll.xlsx")
    [(_, field, message)] = problems([read_row])
    assert field == "公民身份号码" and "format the column as text and enter the number again" in message
    assert read_row.id_number == ""


def test_the_consent_columns():
    header = HEADER + ["同意日期", "同意机构"]
    rows = read(csv_bytes([header, GOOD + ["2026-03-01", "村民会议"], GOOD + ["", "选举委员会"],
                           GOOD + ["", "居委会"]]))
    assert [(r.consent_on, r.consent_body) for r in rows] == [
        (date(2026, 3, 1), "villagers_assembly"), (None, "election_committee"), (None, None)]
    assert [m for _, _, m in problems(rows)] == [
        "Not a body that consents to a registration: 居委会. Use one of: 村民会议、村民代表会议、选举委员会."]


def test_rows_are_read_as_a_stream():
    """A million rows must not be held at once: reading 60,000 rows keeps a small fraction of them."""
    data = csv_bytes([HEADER] + [GOOD[:1] + [f"张{n}"] + GOOD[2:] for n in range(60_000)])
    tracemalloc.start()
    try:
        with open_roll(data, "roll.csv") as roll:
            count = sum(1 for _ in roll)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 60_000
    assert peak < 8 * 1024 * 1024, peak


# ---- round trip --------------------------------------------------------------------------------

_texts = st.text(alphabet=st.characters(whitelist_categories=("Lo", "Nd", "Lu")), min_size=1, max_size=12)
_row = st.fixed_dictionaries({
    "committee": st.from_regex(r"11[0-9]{10}", fullmatch=True),
    "name": _texts,
    "id_number": st.builds(make, st.just("110101"), st.dates(date(1920, 1, 1), date(2008, 12, 31)),
                           st.integers(0, 999)),
    "sex": st.sampled_from(["M", "F", None]),
    "birth_date": st.one_of(st.none(), st.dates(date(1920, 1, 1), date(2008, 12, 31))),
    "household": st.from_regex(r"[0-9A-Z]{1,8}", fullmatch=True),
    "group": st.one_of(st.just(""), _texts),
    "category": st.sampled_from([1, 2, 3, 4]),
    "hukou_place": st.one_of(st.just(""), _texts),
    "household_representative": st.booleans(),
    "address": st.one_of(st.just(""), _texts),
    "consent_on": st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2026, 1, 1))),
    "consent_body": st.sampled_from([None, *roll_file.CONSENT_BODY_LABELS]),
    "opted_in_on": st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2026, 12, 1))),
    "relatives": st.lists(st.tuples(st.builds(make, st.just("110101"), st.dates(date(1920, 1, 1), date(2008, 12, 31)),
                                              st.integers(0, 999)),
                                    st.sampled_from(list(roll_file.RELATION_TEXT))), max_size=3).map(tuple),
})


def _cells(values: dict) -> list:
    """A row as people type it: labels, dates as text."""
    return [values["committee"], values["name"], values["id_number"], roll_file.SEX_LABELS.get(values["sex"], ""),
            values["birth_date"].isoformat() if values["birth_date"] else "", values["household"], values["group"],
            str(values["category"]), values["hukou_place"], roll_file.REPRESENTATIVE_LABELS[
                values["household_representative"]], values["address"],
            values["consent_on"].isoformat() if values["consent_on"] else "",
            roll_file.CONSENT_BODY_LABELS.get(values["consent_body"], ""),
            values["opted_in_on"].isoformat() if values["opted_in_on"] else "",
            "、".join(f"{n}（{roll_file.RELATION_TEXT[r]}）" for n, r in values["relatives"])]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(_row, min_size=1, max_size=8), reverse=st.booleans())
def test_rows_round_trip_through_csv_and_xlsx(rows, reverse):
    """Whatever the column order, a row written as people write it reads back as it was."""
    header = [*HEADERS.values(), *OPTIONAL_HEADERS.values()]
    table = [header, *(_cells(r) for r in rows)]
    if reverse:
        table = [list(reversed(line)) for line in table]
    for data, name in ((csv_bytes(table, "gb18030"), "roll.csv"), (xlsx(table), "roll.xlsx")):
        read_rows = read(data, name)
        assert [r.problems for r in read_rows] == [[] for _ in rows]
        assert [{k: getattr(r, k) for k in rows[0]} for r in read_rows] == rows
        assert [r.row for r in read_rows] == list(range(2, len(rows) + 2))


# ---- the template ----------------------------------------------------------------------------

def test_the_template_has_the_headers_text_columns_dropdowns_and_an_explanation():
    data = write_template([("110101001001", "多福巷社区居委会"), ("110101001002", "银闸社区居委会")], "national-2026")
    workbook = load_workbook(io.BytesIO(data))
    sheet, notes = workbook.worksheets
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet.column_dimensions["C"].number_format == "@"  # 公民身份号码 stays text
    assert sheet.column_dimensions["A"].number_format == "@"
    lists = {str(v.sqref)[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists == {"D": '"男,女"', "H": '"1,2,3,4"', "J": '"是,否"'}
    assert notes.title == "说明"
    text = [[c for c in row if c is not None] for row in notes.iter_rows(values_only=True)]
    assert [row[0] for row in text[1:11]] == HEADER
    assert ["多福巷社区居委会", "110101001001"] in text and ["银闸社区居委会", "110101001002"] in text
    assert any("家庭住址" in row for row in text) and any("同意机构" in row for row in text)
    # R26-ROLL: the categories in the words of the 2026 law, with the opt-in day and near relatives.
    category = next(row[2] for row in text if row[0] == "登记类别")
    assert "经常居住" in category and "社区工作者" in category and "满6个月" in category
    assert any("参选登记日期" in row for row in text) and any("近亲属" in row for row in text)
    old = load_workbook(io.BytesIO(write_template([("110101001001", "多福巷社区居委会")], "beijing-2018"))).worksheets[1]
    assert "农转非" in next(row[2] for row in old.iter_rows(values_only=True) if row[0] == "登记类别")


def test_the_template_reads_back_as_an_empty_roll():
    """Downloaded and uploaded at once: the headers are right, and it lists nobody."""
    assert read(write_template([("110101001001", "多福巷社区居委会")], "national-2026"), "roll.xlsx") == []
