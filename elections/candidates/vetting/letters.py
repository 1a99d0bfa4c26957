"""The township's letters to the vetting departments and their returns (R-CAND-3).

Each department the criteria name gets one letter (函) for the unit's nominees still awaiting its
answer, with a workbook of one row per nominee and item to check. The department returns the
workbook filled in; it is taken whole or not at all: every bad row is reported with its number and
the person's name, and a file with any bad row records nothing.
"""
from dataclasses import dataclass
from datetime import date

from ...audit.services import record
from ...messages import N_, Problem
from ...roles import Role
from .. import services
from ..models import Nominee
from . import law as vetting
from . import worklist
from .findings_file import LetterRow, ReturnedRow


@dataclass(frozen=True)
class RowProblem:
    row: int | None
    name: str
    problem: Problem


class FindingsRefused(services.CandidatesError):
    """A returned workbook with bad rows: each (row, name, problem), none of its findings recorded."""

    def __init__(self, rows: list[RowProblem]):
        super().__init__([r.problem for r in rows])
        self.rows = rows


def in_vetting(people: list[Nominee]) -> list[Nominee]:
    """The nominees still in vetting: not withdrawn, not yet decided."""
    return [person for person in people
            if person.withdrawn_on is None and (person.vetting is None or person.vetting.decision is None)]


def nominees(round_, unit) -> list[Nominee]:
    """The unit's nominees still in vetting, in the order of the committees and nominees."""
    people = worklist.nominees_of(worklist.elections_in(round_, unit))
    return in_vetting([person for group in people.values() for person in group])


def pending(people: list[Nominee]) -> dict[str, list[tuple[Nominee, dict]]]:
    """For each department the criteria name: the (nominee, item) it has still to answer."""
    by_department: dict[str, list[tuple[Nominee, dict]]] = {}
    for person in people:
        items = {item["id"]: item for item in services.criteria_items(person)}
        for item_id, department in services.progress_of(person).missing:
            if department != vetting.ANY_DEPARTMENT:
                by_department.setdefault(department, []).append((person, items[item_id]))
    return dict(sorted(by_department.items()))


def letter_rows(asked: list[tuple[Nominee, dict]], department: str) -> list[LetterRow]:
    return [LetterRow(person.id, person.election.committee.name, person.name, person.voter.id_number, department,
                      item["id"], item["zh"], bool(item.get("lookback_years"))) for person, item in asked]


def record_returned(round_, unit, rows: list[ReturnedRow], actor, today: date, *, filename: str = "") -> int:
    """Record every finding of a returned workbook, or none: raises FindingsRefused naming each bad
    row. A department's account records its own department's findings only."""
    people = {person.id: person for person in nominees(round_, unit)}
    bad: list[RowProblem] = []
    seen: dict[tuple, int] = {}
    own = actor.department if getattr(actor, "role", None) == Role.department else None
    for row in rows:
        bad += [RowProblem(row.row, row.name, p) for p in row.problems]
        person = people.get(row.nominee_id)
        if person is None:
            bad.append(RowProblem(row.row, row.name, Problem(
                N_("No nominee of this unit awaiting vetting has the number %(number)s."),
                {"number": row.nominee_id or "—"}, field="被提名人编号")))
            continue
        if row.name != person.name or row.id_number != person.voter.id_number:
            bad.append(RowProblem(row.row, row.name, Problem(
                N_("The name or ID number is not that of nominee %(number)s (%(name)s): the row was changed."),
                {"number": person.id, "name": person.name}, field="姓名")))
            continue
        if own is not None and row.department != own:
            bad.append(RowProblem(row.row, row.name, Problem(N_("You answer for %(department)s only."),
                                                             {"department": own}, field="审查部门")))
            continue
        key = (person.id, row.item_id, row.department)
        if key in seen:
            bad.append(RowProblem(row.row, row.name, Problem(
                N_("Row %(other)s answers the same item for the same nominee."), {"other": seen[key]})))
            continue
        seen[key] = row.row
        if row.problems:
            continue
        try:
            services.record_finding(person, row.item_id, row.department, row.holds, row.evidence, row.found_on,
                                    row.ended_on, actor, today=today)
        except services.CandidatesError as error:
            bad += [RowProblem(row.row, row.name, p) for p in error.problems]
    if bad:
        raise FindingsRefused(bad)
    record(actor, unit.code, "vetting.findings.import", "unit", unit.code,
           after={"file": filename[:200], "findings": len(rows),
                  "departments": sorted({row.department for row in rows})})
    return len(rows)
