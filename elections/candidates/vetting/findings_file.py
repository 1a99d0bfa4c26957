"""The workbook a vetting department gets with the township's letter and sends back filled in
(R-CAND-3): one row per nominee and ten-cannot item it is asked about, the department's finding
in the last columns. Writing it, and reading a returned one row by row with each cell's problems.

Plain: no Flask, no database; the rows are checked against the nominees in `letters`.
"""
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from ...messages import N_, Problem
from ...spreadsheets import UnreadableFile, neutralised_row, normal_header, open_table
from ...spreadsheets import text as text_of

# The columns, in order; the headers are the file format, the same in every locale.
HEADERS = {
    "nominee": "被提名人编号", "committee": "村(居)委会", "name": "姓名", "id_number": "公民身份号码",
    "department": "审查部门", "item": "审查事项", "item_text": "事项内容",
    "holds": "结论(有/无)", "evidence": "证据或说明", "found_on": "查实日期", "ended_on": "处理结束日期",
}
FILLED_IN = ("holds", "evidence", "found_on", "ended_on")  # what the department writes
HOLDS = {"有": True, "是": True, "存在": True, "无": False, "否": False, "不存在": False}
MAX_ROWS = 20_000  # a district's nominees times their items, with room to spare


@dataclass(frozen=True)
class LetterRow:
    nominee_id: int
    committee: str
    name: str
    id_number: str
    department: str
    item_id: str
    item_text: str
    lookback: bool  # the item has a look-back period: the end of the matter is asked too


def workbook(rows: list[LetterRow]) -> bytes:
    """The letter's workbook: the department fills in the shaded columns and sends it back."""
    book = Workbook()
    sheet = book.active
    sheet.title = "审查意见"
    sheet.append(list(HEADERS.values()))
    shaded = PatternFill("solid", fgColor="FFF2CC")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(neutralised_row((row.nominee_id, row.committee, row.name, row.id_number, row.department,
                                      row.item_id, row.item_text, None, None, None, None)))
    columns = list(HEADERS)
    for name in FILLED_IN:
        letter = sheet.cell(row=1, column=columns.index(name) + 1).column_letter
        for cell in sheet[letter][1:]:
            cell.fill = shaded
    holds_letter = sheet.cell(row=1, column=columns.index("holds") + 1).column_letter
    choice = DataValidation(type="list", formula1='"有,无"', allow_blank=True)
    sheet.add_data_validation(choice)
    if rows:
        choice.add(f"{holds_letter}2:{holds_letter}{len(rows) + 1}")
    for letter, width in zip("ABCDEFGHIJK", (12, 22, 10, 22, 12, 10, 40, 12, 40, 14, 14)):
        sheet.column_dimensions[letter].width = width
    for cell in sheet["G"][1:]:
        cell.alignment = Alignment(wrap_text=True)
    sheet.freeze_panes = "A2"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass
class ReturnedRow:
    row: int
    nominee_id: int | None
    name: str
    id_number: str
    department: str
    item_id: str
    holds: bool | None
    evidence: str
    found_on: date | None
    ended_on: date | None
    problems: list[Problem] = field(default_factory=list)


def _day(value, header: str, problems: list) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(text_of(value).replace("/", "-").replace(".", "-"))
    except ValueError:
        problems.append(Problem(N_("%(column)s: %(value)s is not a date (write it as 2026-05-10)."),
                                {"column": header, "value": text_of(value)[:30]}, field=header))
        return None


def read(data: bytes, filename: str) -> tuple[list[ReturnedRow], list[Problem]]:
    """The rows of a returned workbook (or CSV) with their own problems, and the problems of the
    file as a whole (unreadable, a column missing). Rows the department left without a finding are
    skipped: an answer is given or not."""
    closers = []
    try:
        rows, _ = open_table(data, filename, closers, max_rows=MAX_ROWS)
        rows = list(rows)
    except UnreadableFile as error:
        return [], [error.problem]
    finally:
        for close in reversed(closers):
            close()
    if not rows:
        return [], [Problem(N_("The file is empty."))]
    header = [normal_header(cell) for cell in rows[0][1]]
    wanted = {normal_header(h): name for name, h in HEADERS.items()}
    at = {wanted[h]: i for i, h in enumerate(header) if h in wanted}
    missing = [HEADERS[name] for name in ("nominee", "name", "id_number", "department", "item", "holds",
                                          "evidence", "found_on") if name not in at]
    if missing:
        return [], [Problem(N_("The file lacks the columns %(columns)s: send back the workbook of the letter."),
                            {"columns": "、".join(missing)})]
    found = []
    for number, cells in rows[1:]:
        cell = lambda name: cells[at[name]] if name in at and at[name] < len(cells) else None  # noqa: E731
        if all(text_of(cell(name)) == "" for name in FILLED_IN):
            continue
        problems = []
        nominee = text_of(cell("nominee"))
        holds_text = text_of(cell("holds"))
        holds = HOLDS.get(holds_text)
        if holds is None:
            problems.append(Problem(N_("%(column)s: write 有 (the item holds) or 无 (it does not), not %(value)s."),
                                    {"column": HEADERS["holds"], "value": holds_text or "—"}, field=HEADERS["holds"]))
        found_on = _day(cell("found_on"), HEADERS["found_on"], problems)
        if found_on is None and not any(p.field == HEADERS["found_on"] for p in problems):
            problems.append(Problem(N_("%(column)s: the day the department established its finding is needed."),
                                    {"column": HEADERS["found_on"]}, field=HEADERS["found_on"]))
        found.append(ReturnedRow(
            number, int(nominee) if nominee.isdigit() and len(nominee) < 10 else None, text_of(cell("name")),
            text_of(cell("id_number")).upper(), text_of(cell("department")), text_of(cell("item")), holds,
            text_of(cell("evidence")), found_on, _day(cell("ended_on"), HEADERS["ended_on"], problems), problems))
    if not found:
        return [], [Problem(N_("No row of the file has a finding filled in."))]
    return found, []
