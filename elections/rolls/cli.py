"""`flask rolls …`: bulk work on the voter rolls.

`flask rolls import FILE` loads a roll file for the whole city: it is checked whole, then applied
whole, or nothing is written. Problems go to stderr in the app's default locale (Chinese), with
their row and column, and the command exits with status 2 when any row is bad.
"""
import sys
from pathlib import Path
from typing import NoReturn

import click
from flask.cli import AppGroup
from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..geography.codes import CITY_CODE
from ..geography.models import Division
from ..messages import Problem
from ..rounds import services as rounds
from . import importer
from .models import ImportProblem, RollImport

rolls_cli = AppGroup("rolls", help="Voter rolls.")


def _fail(heading: str, problems: list[Problem]) -> NoReturn:
    click.echo(heading, err=True)
    for problem in problems:
        click.echo("  " + problem.text(_), err=True)
    sys.exit(2)


def _report(roll_import: RollImport) -> None:
    """Every error and notice of the import, in row order, on stderr."""
    for row, column, message, params, rule, severity in db.session.execute(
            select(ImportProblem.row, ImportProblem.column, ImportProblem.message, ImportProblem.params,
                   ImportProblem.rule, ImportProblem.severity)
            .where(ImportProblem.import_id == roll_import.id).order_by(ImportProblem.row, ImportProblem.id)):
        text = Problem(message, params, rule).text(_)
        if column:
            text = _("%(column)s: %(message)s", column=column, message=text)
        if severity == importer.NOTICE:
            text = _("Notice: %(message)s", message=text)
        where = _("row %(row)s", row=row) + " " if row is not None else ""
        click.echo(f"  {where}{text}", err=True)


def _counts(roll_import: RollImport) -> None:
    names = dict(db.session.execute(select(Division.code, Division.name).where(
        Division.code.in_(list(roll_import.summary or {})))).all())
    for code, counts in (roll_import.summary or {}).items():
        click.echo(_("%(code)s %(name)s: %(voters)s voters in %(households)s households and %(groups)s groups; "
                     "%(registered)s registered, %(not_registered)s not registered.",
                     code=code, name=names.get(code, ""), **counts))


@rolls_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--round", "round_id", type=int, help="The round (default: the open one).")
@click.option("--check-only", is_flag=True, help="Check the file and report; write nothing.")
def import_command(file, round_id, check_only):
    """Import a roll file (XLSX or CSV, the template's columns): every row is applied, or none."""
    round_ = rounds.get_round(round_id) if round_id is not None else rounds.current_round()
    if round_ is None:
        click.echo(_("There is no round %(id)s.", id=round_id) if round_id is not None else _(
            "There is no round: open one with flask rounds open."), err=True)
        sys.exit(2)
    with click.progressbar(length=1, label=_("Checking"), file=sys.stderr, show_pos=True) as bar:
        def progress(done: int, expected: int | None) -> None:
            bar.length = max(expected or 0, done, 1)
            bar.update(done - bar.pos)

        try:
            roll_import = importer.check_import(round_, file, file.name, CITY_CODE, None, progress=progress)
        except importer.ImportRefused as error:
            _fail(_("The file was not imported:"), error.problems)
    rejected = roll_import.status == "rejected"
    if rejected:
        click.echo(_("The file was rejected; nothing was changed. %(bad)s of %(rows)s rows are bad:",
                     bad=roll_import.bad_rows, rows=roll_import.rows), err=True)
    _report(roll_import)
    if check_only or rejected:
        rows = roll_import.rows
        if not rejected:
            _counts(roll_import)
        importer.delete_import(roll_import)
        if rejected:
            sys.exit(2)
        click.echo(_("The file is correct: %(rows)s rows checked, nothing was written (--check-only).", rows=rows))
        return
    try:
        importer.apply_import(roll_import, None)
    except importer.ImportRefused as error:
        _fail(_("The file was not imported:"), error.problems)
    _counts(roll_import)
    click.echo(_("%(rows)s rows imported.", rows=roll_import.rows))
