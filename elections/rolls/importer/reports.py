"""Reading imports for the pages: a unit's recent imports, the committees a template lists, and an
import's report (its committees' names, its problems counted and listed in row order)."""
from dataclasses import dataclass

from sqlalchemy import func, select

from ...extensions import db
from ...geography.codes import scope_prefix
from ...geography.models import Division
from ...rounds.models import CommitteeElection
from ..models import ImportProblem, RollImport
from .bulk import BATCH


def recent_imports(round_, unit_code: str, limit: int = 20) -> list[RollImport]:
    return list(db.session.scalars(
        select(RollImport).where(RollImport.round_id == round_.id,
                                 RollImport.scope_code.startswith(scope_prefix(unit_code)))
        .order_by(RollImport.id.desc()).limit(limit)))


def template_committees(round_, unit) -> list[tuple[str, str]]:
    """(code, name) of the committees of the round within the township or committee `unit`."""
    column = CommitteeElection.township_code if unit.level == "township" else CommitteeElection.committee_code
    return list(db.session.execute(
        select(CommitteeElection.committee_code, Division.name)
        .join(Division, Division.code == CommitteeElection.committee_code)
        .where(CommitteeElection.round_id == round_.id, column == unit.code)
        .order_by(CommitteeElection.committee_code)).all())


@dataclass
class Report:
    names: dict[str, str]  # committee code → name, for the summary
    counts: dict[str, int]  # severity → problems
    problems: list[tuple]  # (row, name, column, severity, message, params, rule), the first `shown`


def _problems(roll_import: RollImport):
    return (select(ImportProblem.row, ImportProblem.name, ImportProblem.column, ImportProblem.severity, ImportProblem.message,
                   ImportProblem.params, ImportProblem.rule)
            .where(ImportProblem.import_id == roll_import.id)
            .order_by(ImportProblem.row.is_not(None), ImportProblem.row, ImportProblem.id))


def report(roll_import: RollImport, shown: int) -> Report:
    names = dict(db.session.execute(select(Division.code, Division.name).where(
        Division.code.in_(list(roll_import.summary or {})))).all())
    counts = dict(db.session.execute(
        select(ImportProblem.severity, func.count()).where(ImportProblem.import_id == roll_import.id)
        .group_by(ImportProblem.severity)).all())
    return Report(names, counts, list(db.session.execute(_problems(roll_import).limit(shown)).all()))


def all_problems(roll_import: RollImport):
    """Every problem of the import, streamed in batches (for the CSV of a file of any size)."""
    return db.session.execute(_problems(roll_import).execution_options(yield_per=BATCH))
