"""`flask rolls …`: bulk work on the voter rolls.

`flask rolls import FILE` loads a roll file for the whole city: it is checked whole, then applied
whole, or nothing is written. `flask rolls print CODE` prints a township's lists or cards, which
are too many pages for a web request in a large township. Problems go to stderr in the app's default locale (Chinese), with
their row and column, and the command exits with status 2 when any row is bad.
"""
import os
import sys
from pathlib import Path
from typing import NoReturn

import click
from flask_babel import gettext as _
from sqlalchemy import select

from ..documents.cli import run_batch
from ..extensions import db
from ..geography.codes import CITY_CODE
from ..geography.models import Division
from ..messages import Problem
from ..rounds import services as rounds
from ..audit.services import record
from ..transactions import CommandGroup
from . import documents, importer, services
from .models import ImportProblem, RollImport

rolls_cli = CommandGroup("rolls", help="Voter rolls.")


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


@rolls_cli.command("print")
@click.argument("code")
@click.option("--what", type=click.Choice(("list", "cards")), default="list", show_default=True,
              help="The voter lists (选民榜) or the voter cards (参选证).")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="The PDF file to write.")
@click.option("--round", "round_id", type=int, help="The round (default: the open one).")
def print_command(code, what, out, round_id):
    """Print the latest published lists or cards of a township (every committee, one PDF) or of one
    committee: for townships too large to print in the browser."""
    round_ = rounds.get_round(round_id) if round_id is not None else rounds.current_round()
    unit = db.session.get(Division, code)
    if round_ is None or unit is None or unit.level not in ("township", "committee"):
        click.echo(_("Give the code of a township or a committee, and a round that exists."), err=True)
        sys.exit(2)
    if unit.level == "township" and what == "cards":  # in parallel parts, as the batch printing page does
        run_batch("cards", code, out, round_id, only_new=False, workers=os.cpu_count() or 1)
        return
    try:
        if unit.level == "committee":
            election = rounds.election_for(round_, code)
            latest = services.latest_version(election)
            if latest is None:
                raise documents.NotPublished(code)
            maker = documents.voter_list_pdf if what == "list" else documents.voter_cards_pdf
            data = maker(election, latest.number)
        else:
            with click.progressbar(length=1, label=_("Printing"), file=sys.stderr, show_pos=True) as bar:
                def progress(done: int, total: int) -> None:
                    bar.length = total
                    bar.update(done - bar.pos)

                data = documents.township_batch_pdf(round_, code, what, progress=progress)
    except documents.NotPublished:
        click.echo(_("No voter list of %(name)s has been published yet.", name=unit.name), err=True)
        sys.exit(2)
    out.write_bytes(data)
    record(None, code, "roll.print", "round", round_.id, after={"what": what, "batch": unit.level == "township"})
    click.echo(_("%(name)s: written to %(file)s.", name=unit.name, file=str(out)))
