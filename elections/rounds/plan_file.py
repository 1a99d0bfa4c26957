"""The plan file of a township: one row per committee election, as XLSX or CSV, and its template.

A township official downloads the template (the township's committees listed, each with its current
plan), edits it in a spreadsheet program and uploads it, or loads it with `flask rounds plan FILE`.
This module only reads and writes the file: it reports every cell it cannot read, with the row
number the user sees in the spreadsheet (the header is row 1) and the column header, and leaves the
law (R-SIZE-1, R-MODE-1/2) to `plans.check_plan` through `services.apply_plans`.
Pure: no Flask, no database.
"""
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..messages import N_, Problem
from ..spreadsheets import UnreadableFile, neutralised_row, normal_header, open_table
from ..spreadsheets import text as text_of
from ..rulesets import RuleSet, ruleset_for

# A plan file lists committees of the city (7,007 in 2026): more rows than this is not a plan file,
# and reading it whole would cost the memory of a bigger one.
MAX_PLAN_ROWS = 10_000
# The template's columns, in order: the plan field (or "committee") and its header. The headers
# are the file format, the same in every locale.
HEADERS = {
    "committee": "村(居)委会代码",
    "mode": "选举方式",
    "election_day": "选举日",
    "seats_director": "主任名额",
    "seats_deputy_director": "副主任名额",
    "seats_member": "委员名额",
    "ballot_method": "投票方式",
}
NAME_HEADER = "村(居)委会名称"  # for people to read; ignored when the file is read
# One table of labels for the writer and the reader. 居民代表选举 is the representative mode of
# whichever rule set the round follows (R-MODE-2: group_representative; R26-MODE: representative).
MODE_LABELS = {
    "direct": "直接选举",
    "household": "户代表选举",
    "group_representative": "居民代表选举",
    "representative": "居民代表选举",
}
BALLOT_METHOD_LABELS = {"single": "一次投票", "separate": "分次投票"}
SEAT_COLUMNS = ("seats_director", "seats_deputy_director", "seats_member")

_CODE_RE = re.compile(r"\d{12}")
_SCIENTIFIC_RE = re.compile(r"[+-]?\d+(\.\d*)?[eE][+-]?\d+")
_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WIDTHS = {"committee": 16, "mode": 14, "election_day": 13, "seats_director": 10, "seats_deputy_director": 12,
           "seats_member": 10, "ballot_method": 12}


@dataclass
class PlanFile:
    # (row, committee code, changes): the rows read in full, for services.apply_plans.
    rows: list[tuple[int, str, dict]] = field(default_factory=list)
    # (row or None, committee code or None, problem with `field` = the column header).
    problems: list[tuple[int | None, str | None, Problem]] = field(default_factory=list)


def column_of(field_name: str | None) -> str | None:
    """The column a problem is about, for the reader's problems (a header) and the plan checks'
    (a plan field or "committee"); None for a problem about no column of the file."""
    if field_name in HEADERS.values():
        return field_name
    return HEADERS.get(field_name)


def modes_by_label(rules: RuleSet) -> dict[str, str]:
    """Label → mode for the modes of `rules`: 居民代表选举 reads as this rule set's representative mode."""
    return {MODE_LABELS[mode]: mode for kind in rules.modes for mode in rules.modes[kind]}


def ballot_methods_by_label() -> dict[str, str]:
    return {label: method for method, label in BALLOT_METHOD_LABELS.items()}


# ---- reading ---------------------------------------------------------------------------------

def read_plan_file(data: bytes, filename: str, rules: RuleSet) -> PlanFile:
    """Read every row of an XLSX or CSV plan file; rows with an unreadable cell are reported, not kept."""
    result = PlanFile()
    table = _table(data, filename, result.problems)
    if table is None:
        return result
    rows = [(number, cells) for number, cells in table if any(text_of(c) for c in cells)]
    if not rows:
        result.problems.append((None, None, Problem(N_("The file is empty."))))
        return result
    (header_row, header), data_rows = rows[0], rows[1:]
    columns = _columns(header_row, header, result.problems)
    if columns is None:
        return result
    if not data_rows:
        result.problems.append((None, None, Problem(N_("The file lists no committees."))))
    readers = _readers(rules)
    for number, cells in data_rows:
        problems = []
        values = {name: _read_cell(cells[index] if index < len(cells) else None, name, readers[name], problems)
                  for name, index in columns.items()}
        code = values.pop("committee")
        result.problems += [(number, code, p) for p in problems]
        if not problems:
            result.rows.append((number, code, _mode_of_the_day(values, rules)))
    return result


def _mode_of_the_day(values: dict, rules: RuleSet) -> dict:
    """居民代表选举 names the representative mode of whichever rule set governs the row's election day
    (rules.md): group representatives before 2026-01-01, residents' representatives from it (R26-MODE),
    so a round whose window spans the change plans both through one file."""
    day, mode = values.get("election_day"), values.get("mode")
    if day is None or MODE_LABELS.get(mode) != MODE_LABELS["representative"]:
        return values
    label = {m: m for m in ruleset_for(day).modes["residential"] if MODE_LABELS[m] == MODE_LABELS[mode]}
    return {**values, "mode": next(iter(label), mode)}


def _table(data: bytes, filename: str, problems: list) -> list[tuple[int, tuple]] | None:
    """The file as (row number, cells) pairs, or None after reporting why it cannot be read."""
    closers = []
    try:
        rows, _ = open_table(data, filename, closers, max_rows=MAX_PLAN_ROWS)
        return [(number, tuple(cells)) for number, cells in rows]
    except UnreadableFile as error:
        problems.append((None, None, error.problem))
        return None
    finally:
        for close in reversed(closers):
            close()


def _columns(row: int, header: tuple, problems: list) -> dict[str, int] | None:
    """Column index per field; None after reporting a missing or repeated header."""
    wanted = {normal_header(h): name for name, h in HEADERS.items()}
    columns, found = {}, []
    for index, cell in enumerate(header):
        name = wanted.get(normal_header(cell))
        if name is None:
            continue
        if name in columns:
            found.append(Problem(N_("The column %(header)s appears twice."), {"header": HEADERS[name]},
                                 field=HEADERS[name]))
        columns.setdefault(name, index)
    if not columns:
        found.append(Problem(N_("The first row must hold the template's column headers: %(headers)s."),
                             {"headers": "、".join(HEADERS.values())}))
    else:
        found += [Problem(N_("The column %(header)s is missing."), {"header": h}, field=h)
                  for name, h in HEADERS.items() if name not in columns]
    problems += [(row, None, p) for p in found]
    return None if found else columns


class _Unreadable(Exception):
    def __init__(self, message: str, params: dict | None = None):
        super().__init__(message)
        self.problem_message, self.params = message, params or {}


def _readers(rules: RuleSet) -> dict:
    modes, methods = modes_by_label(rules), ballot_methods_by_label()
    return {
        "committee": _code,
        "mode": lambda value: _label(value, modes, N_("Not an election mode: %(value)s. Use one of: %(labels)s.")),
        "election_day": _day,
        **{name: _seats for name in SEAT_COLUMNS},
        "ballot_method": lambda value: _label(value, methods,
                                              N_("Not a ballot method: %(value)s. Use one of: %(labels)s.")),
    }


def _read_cell(value, name: str, reader, problems: list):
    """The value of one cell, or None after adding a problem about it to `problems`."""
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "":
        problems.append(Problem(N_("This value is required."), field=HEADERS[name]))
        return None
    try:
        return reader(value)
    except _Unreadable as error:
        problems.append(Problem(error.problem_message, error.params, field=HEADERS[name]))
        return None


def _integral(value) -> int | None:
    """The whole number a cell holds (Excel gives 3.0 for 3), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return int(number) if number.is_finite() and number == number.to_integral_value() else None


def _code(value) -> str:
    if isinstance(value, str) and _SCIENTIFIC_RE.fullmatch(value):
        raise _Unreadable(N_("The code %(value)s was shortened to scientific notation by the spreadsheet program "
                             "and its digits are lost: format the column as text and enter the 12-digit code."),
                          {"value": value})
    number = _integral(value) if isinstance(value, (int, float)) else None
    code = str(value) if number is None else str(number)
    if not _CODE_RE.fullmatch(code):
        raise _Unreadable(N_("Not a 12-digit committee code: %(value)s."), {"value": value})
    return code


def _label(value, by_label: dict, message: str) -> str:
    label = re.sub(r"\s+", "", str(value))
    if label not in by_label:
        raise _Unreadable(message, {"value": value, "labels": "、".join(by_label)})
    return by_label[label]


def _day(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DAY_RE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _Unreadable(N_("Not a date in the form YYYY-MM-DD: %(value)s."), {"value": value})


def _seats(value) -> int:
    number = _integral(value)
    if number is None or number < 0:
        raise _Unreadable(N_("A number of seats is a whole number, 0 or more: %(value)s."), {"value": value})
    return number


# ---- the template ----------------------------------------------------------------------------

def write_template(elections, committee_names: dict, rules: RuleSet) -> bytes:
    """The township's plan file: one row per committee election with its current plan (empty where unset).

    `elections`: objects with `committee_code` and the plan fields (CommitteeElection), in the
    order of the rows; `committee_names`: code → name, for the last column.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "选举计划"
    names = [*HEADERS, "name"]
    sheet.append([*HEADERS.values(), NAME_HEADER])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for election in elections:
        mode, method = election.mode, election.ballot_method
        sheet.append(neutralised_row([
            election.committee_code,
            MODE_LABELS[mode] if mode else None,
            election.election_day,
            election.seats_director,
            election.seats_deputy_director,
            election.seats_member,
            BALLOT_METHOD_LABELS[method] if method else None,
            committee_names.get(election.committee_code, ""),
        ]))
    last_row = max(sheet.max_row, 2)
    for index, name in enumerate(names, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = _WIDTHS.get(name, 30)
        for (cell,) in sheet.iter_rows(min_row=2, max_row=last_row, min_col=index, max_col=index):
            if name == "committee":
                cell.number_format = "@"  # text: Excel must not turn the code into 1.10101E+11
            elif name == "election_day":
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    for name, labels in (("mode", modes_by_label(rules)), ("ballot_method", BALLOT_METHOD_LABELS.values())):
        letter = get_column_letter(names.index(name) + 1)
        validation = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True,
                                    showErrorMessage=True, error="请从列表中选择。", errorTitle=HEADERS[name])
        validation.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(validation)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
