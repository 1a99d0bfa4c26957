"""Reading and checking a divisions list (the CSV shipped in `data/`), with no database.

The whole file is checked before anything is written, and every problem is reported with its
line number, so an official fixing a file sees all that is wrong in one pass.
"""
import csv
import io
from dataclasses import dataclass

from flask_babel import gettext as _

from .codes import COMMITTEE_KINDS, TOWNSHIP_KINDS, URBAN_RURAL_CODES, is_code, level_of

COLUMNS = ["code", "name", "level", "parent_code", "kind", "urban_rural_code", "district_name", "township_name"]
PARENT_LEVEL = {"township": "district", "committee": "township"}


@dataclass(frozen=True)
class DivisionRow:
    line: int
    code: str
    name: str
    level: str
    parent_code: str | None
    kind: str
    urban_rural_code: str | None


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return _("line %(line)d: %(message)s", line=self.line, message=self.message)


class DivisionsFileError(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _check_row(raw: dict, line: int) -> tuple[DivisionRow | None, list[Problem]]:
    problems = []
    code = (raw.get("code") or "").strip()
    name = (raw.get("name") or "").strip()
    level = (raw.get("level") or "").strip()
    parent = (raw.get("parent_code") or "").strip() or None
    kind = (raw.get("kind") or "").strip()
    ur = (raw.get("urban_rural_code") or "").strip() or None

    def bad(message):
        problems.append(Problem(line, message))

    if not is_code(code):
        bad(_("code %(code)r is not a 12-digit Beijing division code", code=code))
    if not name:
        bad(_("name is empty"))
    if level not in ("district", "township", "committee"):
        bad(_("level %(level)r is not district, township or committee", level=level))
    elif is_code(code) and level_of(code) != level:
        bad(_("code %(code)s is not the code of a %(level)s", code=code, level=level))
    elif level == "district":
        if parent:
            bad(_("a district has no parent_code"))
        if kind != "district":
            bad(_("kind %(kind)r of a district must be 'district'", kind=kind))
    else:
        if level == "township" and kind not in TOWNSHIP_KINDS:
            bad(_("kind %(kind)r is not one of %(kinds)s", kind=kind, kinds=", ".join(TOWNSHIP_KINDS)))
        if level == "committee":
            if kind not in COMMITTEE_KINDS:
                bad(_("kind %(kind)r is not one of %(kinds)s", kind=kind, kinds=", ".join(COMMITTEE_KINDS)))
            if ur not in URBAN_RURAL_CODES:
                bad(_("urban_rural_code %(value)r is not one of %(codes)s", value=ur, codes=", ".join(URBAN_RURAL_CODES)))
        if not parent:
            bad(_("parent_code is empty"))
        elif is_code(code) and not (
            level_of(parent) == PARENT_LEVEL[level]
            and code.startswith(parent[:6] if level == "township" else parent[:9])
        ):
            bad(_("code %(code)s does not lie under parent_code %(parent)s", code=code, parent=parent))
    if problems:
        return None, problems
    return DivisionRow(line, code, name, level, parent, kind, ur if level == "committee" else None), []


def parse(data: bytes | str) -> list[DivisionRow]:
    """Parse and check a whole list; raise DivisionsFileError with every problem found."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DivisionsFileError([Problem(1, _("the file is not UTF-8 text (%(reason)s)", reason=exc.reason))]) from exc
    reader = csv.DictReader(io.StringIO(data, newline=""))
    if reader.fieldnames is None or [f.strip() for f in reader.fieldnames] != COLUMNS:
        raise DivisionsFileError(
            [Problem(1, _("header must be %(expected)s; found %(found)s", expected=",".join(COLUMNS), found=",".join(reader.fieldnames or [])))]
        )
    rows: list[DivisionRow] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    present: set[str] = set()  # every code in the file, even on a bad line
    for raw in reader:
        line = reader.line_num
        present.add((raw.get("code") or "").strip())
        if None in raw:
            problems.append(Problem(line, _("%(found)d fields, expected %(expected)d", found=len(COLUMNS) + len(raw[None]), expected=len(COLUMNS))))
            continue
        row, row_problems = _check_row(raw, line)
        problems.extend(row_problems)
        if row is None:
            continue
        if row.code in seen:
            problems.append(Problem(line, _("code %(code)s already appears on line %(line)d", code=row.code, line=seen[row.code])))
            continue
        seen[row.code] = line
        rows.append(row)
    for row in rows:
        if row.parent_code and row.parent_code not in present:
            problems.append(Problem(row.line, _("parent_code %(parent)s is not in the file", parent=row.parent_code)))
    if not rows and not problems:
        problems.append(Problem(1, _("the file has no divisions")))
    if problems:
        raise DivisionsFileError(sorted(problems, key=lambda p: p.line))
    return rows
