"""The voter-roll file: one row per person, as XLSX or CSV, and its template.

A township official or a committee's election committee downloads the template, fills it in (or
exports it from the household register), and uploads it or loads it with `flask rolls import`.
This module only reads and writes the file. It reads as a stream, yielding each row as soon as it
is read, so that a city-wide file of a million rows keeps memory flat. It reports every cell it
cannot read, with the row number the user sees in the spreadsheet (the header is row 1) and the
column header, and leaves the law (R-ROLL-1/2/3/6, R-MODE-2) to `importer`.
Pure: no Flask, no database.
"""
import io
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from operator import itemgetter
from typing import Iterator

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..messages import N_, Problem
from ..spreadsheets import UnreadableFile, neutralised_row, normal_header, open_table
from ..spreadsheets import text as text_of

# The template's columns, in order: the field and its header. The headers are the file format,
# the same in every locale.
HEADERS = {
    "committee": "村(居)委会代码",
    "name": "姓名",
    "id_number": "公民身份号码",
    "sex": "性别",
    "birth_date": "出生日期",
    "household": "户号",
    "group": "居民小组",
    "category": "登记类别",
    "hukou_place": "户籍地",
    "household_representative": "户代表",
}
# Columns a file may add: the household's address, and the consent R-ROLL-2 asks for categories
# 3 and 4 of a village (R26-ROLL: category 3 of a residents' committee).
OPTIONAL_HEADERS = {
    "address": "家庭住址",
    "consent_on": "同意日期",
    "consent_body": "同意机构",
    "opted_in_on": "参选登记日期",  # R26-ROLL: the day the person said they will take part
    "relatives": "近亲属",  # R26-SIZE: near relatives on the same roll, by ID number and relation
}
# Villages call their groups 村民小组.
ALIASES = {"村民小组": "group"}
SEX_LABELS = {"M": "男", "F": "女"}
CONSENT_BODY_LABELS = {
    "villagers_assembly": "村民会议",
    "representatives_assembly": "村民代表会议",
    "election_committee": "选举委员会",
}
REPRESENTATIVE_LABELS = {True: "是", False: "否"}
# What a near relative is to the row's person, as the 近亲属 column writes it: 110101…（配偶）.
RELATION_TEXT = {"spouse": "配偶", "parent": "父母", "child": "子女", "grandparent": "祖父母",
                 "grandchild": "孙子女", "sibling": "兄弟姐妹"}
CATEGORIES = (1, 2, 3, 4)  # R-ROLL-2: which of them a committee may use depends on its kind
# The longest text each column may hold (the columns of roll_import_rows).
MAX_LENGTHS = {"name": 50, "household": 30, "group": 50, "hukou_place": 200, "address": 200}

_ALL_HEADERS = {**HEADERS, **OPTIONAL_HEADERS}
_SCIENTIFIC_RE = re.compile(r"[+-]?\d+(\.\d*)?[eE][+-]?\d+")
_DAY_RE = re.compile(r"(\d{4})(?:([-/])(\d{1,2})\2(\d{1,2})|(\d{2})(\d{2}))")
# Excel keeps 15 significant digits: a number of 15 digits or more in the ID column has lost the
# number as typed (and an 18-digit one its last three digits), so it is never guessed back.
_PRECISE_DIGITS = 15
_SEXES = {label: sex for sex, label in SEX_LABELS.items()}
_REPRESENTATIVE = {"是": True, "否": False, "": False}
_CATEGORY_TEXT = {str(c): c for c in CATEGORIES}
_CONSENT_BODIES = {label: body for body, label in CONSENT_BODY_LABELS.items()}
_RELATIONS = {label: relation for relation, label in RELATION_TEXT.items()} | {"外祖父母": "grandparent",
                                                                               "外孙子女": "grandchild"}
_RELATIVE_RE = re.compile(r"(\d{17}[\dXx])[（(]([^）)]+)[）)]")
_RELATIVE_SEPARATORS = re.compile(r"[、，,；;\s]+")


@dataclass(slots=True)
class RollRow:
    """One row as read: None or "" where the cell is empty or unreadable (and then in `problems`)."""

    row: int  # as the spreadsheet numbers it: the header is row 1
    committee: str | None
    name: str
    id_number: str  # as typed: the law (R-ROLL-6) checks it
    sex: str | None  # M / F
    birth_date: date | None
    household: str
    group: str
    category: int | None
    hukou_place: str
    household_representative: bool
    address: str
    consent_on: date | None
    consent_body: str | None
    opted_in_on: date | None = None
    # (ID number, relation: what that relative is to this row's person), checked for form only.
    relatives: tuple[tuple[str, str], ...] = ()
    problems: list[Problem] = field(default_factory=list)  # each with `field` = the column header


class RollFileError(Exception):
    """The file as a whole cannot be read: not a workbook or CSV, or without the template's headers."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def column_of(field_name: str | None) -> str | None:
    """The column header a problem is about: problems of this reader name the header, those of the
    law modules (idnumber.agreement) the field; None for a problem about no column."""
    if field_name in _ALL_HEADERS.values():
        return field_name
    return _ALL_HEADERS.get(field_name)


# ---- reading ---------------------------------------------------------------------------------

class RollFile:
    """An open roll file: `header_row`, `estimated_rows` (for a progress bar; None when unknown)
    and the rows, read as they are iterated. Use as a context manager, or call `close`."""

    def __init__(self, source: bytes | str | os.PathLike, filename: str):
        self._closers = []
        try:
            table, self.estimated_rows = self._open(source, filename)
            self._table = self._start(table)
        except UnreadableFile as error:
            self.close()
            raise RollFileError([error.problem]) from None
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> "RollFile":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def close(self) -> None:
        for close in reversed(self._closers):
            close()
        self._closers = []

    def __iter__(self) -> Iterator[RollRow]:
        """The rows, as they are read; raises RollFileError where the rest of the file cannot be read."""
        parse = self._parser
        number = self.header_row
        try:
            for number, cells in self._table:
                # A blank row still counts, as in the spreadsheet, but holds nobody. (The first cell
                # is almost always filled, so the test usually stops there.)
                first = cells[0] if cells else None
                if (first.strip() if type(first) is str else first is not None) or any(
                        c.strip() if isinstance(c, str) else c is not None for c in cells):
                    yield parse(number, cells)
        except UnreadableFile as error:
            raise RollFileError([error.problem]) from None

    # -- the container ----------------------------------------------------------------------------

    def _open(self, source, filename: str):
        return open_table(source, filename, self._closers)

    def _start(self, table):
        """Read up to the header row and set the parser for the columns it names."""
        for number, cells in table:
            if any(text_of(c) for c in cells):
                self.header_row = number
                self._parser = _parser(_columns(cells))
                return table
        raise RollFileError([Problem(N_("The file is empty."))])


def open_roll(source: bytes | str | os.PathLike, filename: str) -> RollFile:
    """Open a roll file (its content, or a path to it); raises RollFileError if it cannot be read."""
    return RollFile(source, filename)


def _columns(header) -> dict[str, int]:
    """Column index per field; raises RollFileError naming every missing or repeated header."""
    wanted = {normal_header(h): name for name, h in _ALL_HEADERS.items()} | ALIASES
    columns, problems = {}, []
    for index, cell in enumerate(header):
        name = wanted.get(normal_header(cell))
        if name is None:
            continue
        if name in columns:
            problems.append(Problem(N_("The column %(header)s appears twice."), {"header": _ALL_HEADERS[name]},
                                    field=_ALL_HEADERS[name]))
        columns.setdefault(name, index)
    if not columns:
        problems.append(Problem(N_("The first row must hold the template's column headers: %(headers)s."),
                                {"headers": "、".join(HEADERS.values())}))
    else:
        problems += [Problem(N_("The column %(header)s is missing."), {"header": h}, field=h)
                     for name, h in HEADERS.items() if name not in columns]
    if problems:
        raise RollFileError(problems)
    return columns


# ---- cells -----------------------------------------------------------------------------------
# Each reader takes a cell's value (a string from a CSV; a string, number, date or None from a
# workbook) and returns the field's value, or adds a problem about it and returns the empty value.

def _parser(columns: dict[str, int]):
    """The function that turns (row number, cells) into a RollRow, for the file's column order.

    A million rows must read in seconds, so the common case is kept short: codes, days, groups,
    households and places repeat, and every column remembers the text cells it has read without a
    problem, so that most cells cost one dictionary lookup; the readers below run for the others.
    """
    width = max(columns.values()) + 1
    # An optional column the file does not have reads the None put after the last cell.
    pick = itemgetter(*(columns.get(name, width) for name in (*HEADERS, *OPTIONAL_HEADERS)))
    codes, days, households, groups, places, consent_days = {}, {}, {}, {}, {}, {}
    sexes = {None: None, "": None, **_SEXES}
    categories = {None: None, "": None, **_CATEGORY_TEXT}
    representatives = {None: False, **_REPRESENTATIVE}
    bodies = {None: None, "": None, **_CONSENT_BODIES}
    household_name, group_name, place_name = (partial(_name, name=n) for n in ("household", "group", "hukou_place"))
    read_day, read_consent_day = partial(_day, name="birth_date"), partial(_day, name="consent_on")
    read_opt_in_day = partial(_day, name="opted_in_on")
    longest_name, longest_address = MAX_LENGTHS["name"], MAX_LENGTHS["address"]

    def parse(number: int, cells) -> RollRow:
        if len(cells) <= width:
            cells = (*cells, *(None,) * (width + 1 - len(cells)))
        elif cells[width] is not None:  # a column after the last the file names (备注): not an optional one
            cells = (*cells[:width], None)
        (committee, name, id_number, sex, birth_date, household, group, category, hukou_place, representative,
         address, consent_on, consent_body, opted_in_on, relatives) = pick(cells)
        problems = []
        if (value := codes.get(committee, _MISS)) is _MISS:
            value = _learn(codes, committee, _code, problems)
        committee = value
        if type(name) is str and len(name) <= longest_name:
            name = name.strip()
        else:
            name = _name(name, problems, "name")
        if type(id_number) is str and "E" not in id_number and "e" not in id_number:
            id_number = id_number.strip()
        else:
            id_number = _id_text(id_number, problems)
        if (value := sexes.get(sex, _MISS)) is _MISS:
            value = _sex(sex, problems)
        sex = value
        if (value := days.get(birth_date, _MISS)) is _MISS:
            value = _learn(days, birth_date, read_day, problems)
        birth_date = value
        if (value := households.get(household, _MISS)) is _MISS:
            value = _learn(households, household, household_name, problems)
        household = value
        if (value := groups.get(group, _MISS)) is _MISS:
            value = _learn(groups, group, group_name, problems)
        group = value
        if (value := categories.get(category, _MISS)) is _MISS:
            value = _category(category, problems)
        category = value
        if (value := places.get(hukou_place, _MISS)) is _MISS:
            value = _learn(places, hukou_place, place_name, problems)
        hukou_place = value
        if (value := representatives.get(representative, _MISS)) is _MISS:
            value = _representative(representative, problems)
        representative = value
        if type(address) is str and len(address) <= longest_address:
            address = address.strip()
        else:
            address = _name(address, problems, "address")
        if (value := consent_days.get(consent_on, _MISS)) is _MISS:
            value = _learn(consent_days, consent_on, read_consent_day, problems)
        consent_on = value
        if (value := bodies.get(consent_body, _MISS)) is _MISS:
            value = _consent_body(consent_body, problems)
        consent_body = value
        if opted_in_on is not None:  # optional columns the file may not have: no cost when it has not
            if (value := consent_days.get(opted_in_on, _MISS)) is _MISS:
                value = _learn(consent_days, opted_in_on, read_opt_in_day, problems)
            opted_in_on = value
        relatives = _relatives(relatives, problems) if relatives else ()
        return RollRow(number, committee, name, id_number, sex, birth_date, household, group, category,
                       hukou_place, representative, address, consent_on, consent_body, opted_in_on, relatives,
                       problems)

    return parse


_MISS = object()
_REMEMBERED = 20_000  # distinct cells a column remembers: enough for a city's codes, days and groups


def _learn(cache: dict, value, read, problems: list):
    """Read a cell the column has not seen, and remember it if it is text and read cleanly. (Only
    text: True == 1 and 1 == 1.0 as keys, so a number cell would answer for others.)"""
    before = len(problems)
    result = read(value, problems)
    if type(value) is str and len(problems) == before and len(cache) < _REMEMBERED:
        cache[value] = result
    return result


def _problem(problems: list, name: str, message: str, **params) -> None:
    problems.append(Problem(message, params, field=_ALL_HEADERS[name]))


def _whole_text(value) -> str:
    """A number typed into a text column (户号 12, 居民小组 3) as people read it: 12, not 12.0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return text_of(value)


def _name(value, problems: list, name: str) -> str:
    """A text column: a name, a household number, a group, a place or an address."""
    text = value.strip() if isinstance(value, str) else _whole_text(value)
    if len(text) > MAX_LENGTHS[name]:
        _problem(problems, name, N_("This value is longer than %(max)d characters."), max=MAX_LENGTHS[name])
        return ""
    return text


def _code(value, problems: list) -> str | None:
    text = value.strip() if isinstance(value, str) else _whole_text(value)
    if len(text) == 12 and text.isascii() and text.isdigit():
        return text
    if not text:
        return None
    if _SCIENTIFIC_RE.fullmatch(text):
        _problem(problems, "committee", N_(
            "The code %(value)s was shortened to scientific notation by the spreadsheet program and its digits "
            "are lost: format the column as text and enter the 12-digit code."), value=text)
    else:
        _problem(problems, "committee", N_("Not a 12-digit committee code: %(value)s."), value=text)
    return None


def _id_text(value, problems: list) -> str:
    """The ID number as typed, unless a spreadsheet made a number of it: then its digits are lost."""
    if isinstance(value, str):
        text = value.strip()
        if not _SCIENTIFIC_RE.fullmatch(text):
            return text
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        text = _whole_text(value)
        if len(text.lstrip("-").split(".")[0]) < _PRECISE_DIGITS:
            return text
    else:
        return text_of(value)
    _problem(problems, "id_number", N_(
        "The ID number %(value)s was stored as a number by the spreadsheet program and its last digits are "
        "lost: format the column as text and enter the number again."), value=text)
    return ""


def _sex(value, problems: list) -> str | None:
    text = text_of(value)
    if not text:
        return None
    sex = _SEXES.get(text)
    if sex is None:
        _problem(problems, "sex", N_("The sex is 男 or 女 (or empty: the ID number says it), not %(value)s."),
                 value=text)
    return sex


def _day(value, problems: list, name: str) -> date | None:
    """A date cell, or text as YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD (a number 19900307 too)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _whole_text(value)
    if not text:
        return None
    match = _DAY_RE.fullmatch(text)
    if match:
        year, _sep, month, day, month8, day8 = match.groups()
        try:
            return date(int(year), int(month or month8), int(day or day8))
        except ValueError:
            pass
    _problem(problems, name, N_("Not a date (YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD): %(value)s."), value=text)
    return None


def _category(value, problems: list) -> int | None:
    text = _whole_text(value)
    category = _CATEGORY_TEXT.get(text)
    if category is None and text:
        _problem(problems, "category", N_("The registration category is 1, 2, 3 or 4, not %(value)s."), value=text)
    return category


def _representative(value, problems: list) -> bool:
    if isinstance(value, bool):
        return value
    text = text_of(value)
    flag = _REPRESENTATIVE.get(text)
    if flag is None:
        _problem(problems, "household_representative", N_("The household representative column is 是, 否 or "
                                                          "empty, not %(value)s."), value=text)
        return False
    return flag


def _consent_body(value, problems: list) -> str | None:
    text = re.sub(r"\s+", "", text_of(value))
    if not text:
        return None
    body = _CONSENT_BODIES.get(text)
    if body is None:
        _problem(problems, "consent_body", N_("Not a body that consents to a registration: %(value)s. Use one of: "
                                              "%(labels)s."), value=text, labels="、".join(_CONSENT_BODIES))
    return body


def _relatives(value, problems: list) -> tuple[tuple[str, str], ...]:
    """The 近亲属 cell: ID numbers, each with the relation in brackets, separated by 、 , ; or
    spaces: 110101199003070011（配偶）、110101201001010013（子女）."""
    text = text_of(value).strip()
    found = []
    for token in filter(None, _RELATIVE_SEPARATORS.split(text)):
        match = _RELATIVE_RE.fullmatch(token)
        relation = match and _RELATIONS.get(match.group(2).strip())
        if not relation:
            _problem(problems, "relatives", N_("Near relatives are written as an ID number with the relation in "
                                               "brackets, such as 110101199003070011（配偶）; the relation is one of "
                                               "%(labels)s. Not: %(value)s."), labels="、".join(_RELATIONS),
                     value=token)
            return ()
        found.append((match.group(1).upper(), relation))
    return tuple(found)


# ---- the template ----------------------------------------------------------------------------

_WIDTHS = {"committee": 16, "name": 10, "id_number": 21, "sex": 6, "birth_date": 12, "household": 10,
           "group": 14, "category": 9, "hukou_place": 24, "household_representative": 8}
_TEMPLATE_ROWS = 100_000  # how far down the dropdowns reach
# The explanation sheet: each column, whether it must be filled in, and what it holds.
_EXPLANATIONS = [
    ("committee", "必填", "12位统计用区划代码，见下方本单位的村(居)委会列表。请保持文本格式，勿让表格软件改成科学计数法。"),
    ("name", "必填", "与居民身份证一致。"),
    ("id_number", "必填", "18位公民身份号码，末位可为X。本列已设为文本格式：若粘贴后显示为1.10101E+17，"
                        "说明号码已被改成数字、后几位已丢失，请将该列设为文本后重新录入。"),
    ("sex", "可空", "男或女；留空时按身份号码第17位确定。填写时须与身份号码一致。"),
    ("birth_date", "可空", "日期，或按YYYY-MM-DD、YYYY/MM/DD、YYYYMMDD书写；留空时按身份号码确定。"
                         "须年满18周岁（以选举日计算，选举日当天满18周岁的可以登记）。"),
    ("household", "必填", "本村(居)对户的编号。同一户的人填写相同户号。"),
    ("group", "可空", "所属居民小组或村民小组的名称（表头写“村民小组”亦可）。同一户只能属于一个小组。"),
    ("category", "必填", None),  # in the words of the round's rule set: CATEGORY_TEXT
    ("hukou_place", "可空", "户籍所在地。"),
    ("household_representative", "可空", "是或否（空为否）。采用户代表选举的社区，每户须有且只有一名户代表。"),
]
_OPTIONAL_EXPLANATIONS = [
    ("address", "可加列", "家庭住址，记入户的信息。"),
    ("consent_on", "可加列", "登记类别需同意时（村3、4类），同意的日期。缺少有效同意的，导入后暂列为未登记。"),
    ("consent_body", "可加列", "给予同意的机构：" + "、".join(CONSENT_BODY_LABELS.values()) + "。"),
    ("opted_in_on", "可加列", "2026年起（national-2026）居民委员会选民本人表示参加选举的日期；缺少的，导入后暂列为未登记，"
                           "本人表示参加后登记。"),
    ("relatives", "可加列", "本村(居)名单上的近亲属：公民身份号码后加括号写明关系（" + "、".join(RELATION_TEXT.values())
                         + "），多人用顿号隔开，如 110101199003070011（配偶）。近亲属不得同时担任本届委员会成员。"),
]


# R-ROLL-2 / R26-ROLL: the categories as the template's explanation gives them, per rule set.
CATEGORY_TEXT = {
    "beijing-2018": "1：户籍在本村(居)并居住；2：户籍在本村(居)但不居住，本人表示参加选举；"
                    "3、4：见《选举办法》（村：3为农转非、4为外来人员，均须村民会议或村民代表会议同意）。",
    "national-2026": "居民委员会（本人表示参加选举的方予登记，填写参选登记日期）：1：户籍在本社区；2：户籍不在本社区但在本社区"
                     "经常居住；3：户籍不在本社区、在本社区工作满6个月的社区工作者，本人申请并经选举委员会确认（填写同意日期，"
                     "同意机构为选举委员会）。村民委员会：1：户籍在本村并居住；2：户籍在本村但不居住，本人表示参加选举；"
                     "3：原农业户口转为非农业户口、在本村居住或工作；4：户籍不在本村、在本村居住满一年或在本村从事村务工作，"
                     "本人申请；3、4类均须村民会议或村民代表会议同意。",
}


def write_template(committees, ruleset: str) -> bytes:
    """The roll template: the headers in order, formatted so that spreadsheet programs keep codes and
    ID numbers as text, with dropdowns; and a sheet 说明 explaining each column in the words of the
    round's rule set (`ruleset`) and listing the unit's committees. `committees`: (code, name) pairs."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "选民登记"
    names = list(HEADERS)
    sheet.append(list(HEADERS.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, name in enumerate(names, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = _WIDTHS[name]
        if name in ("committee", "id_number", "household", "group"):
            dimension.number_format = "@"  # text: Excel must not turn 110101199003070011 into 1.10101E+17
        elif name == "birth_date":
            dimension.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    for name, labels in (("sex", SEX_LABELS.values()), ("category", map(str, CATEGORIES)),
                         ("household_representative", REPRESENTATIVE_LABELS.values())):
        letter = get_column_letter(names.index(name) + 1)
        validation = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True,
                                    showErrorMessage=True, error="请从列表中选择。", errorTitle=HEADERS[name])
        validation.add(f"{letter}2:{letter}{_TEMPLATE_ROWS}")
        sheet.add_data_validation(validation)

    notes = workbook.create_sheet("说明")
    notes.append(["列", "填写", "说明"])
    for name, need, text in _EXPLANATIONS:
        notes.append([HEADERS[name], need, text or CATEGORY_TEXT[ruleset]])
    for name, need, text in _OPTIONAL_EXPLANATIONS:
        notes.append([OPTIONAL_HEADERS[name], need, text])
    notes.append([])
    notes.append(["各列顺序可以调整；第一行必须是表头。整个文件检查无误后才会导入，有问题的行会逐一列出（行号、列、原因）。"])
    notes.append([])
    notes.append(["本单位的村(居)委会", "代码"])
    first_committee_row = notes.max_row + 1
    for code, name in committees:
        notes.append(neutralised_row([name, code]))
    for row in notes.iter_rows(min_row=first_committee_row, min_col=2, max_col=2):
        row[0].number_format = "@"
    for row in (1, first_committee_row - 1):
        for cell in notes[row]:
            cell.font = Font(bold=True)
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 16
    notes.column_dimensions["C"].width = 90
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
