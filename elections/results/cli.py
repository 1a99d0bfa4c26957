import json
import sys
from pathlib import Path

import click
from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..geography.codes import scope_prefix
from ..rounds.models import CommitteeElection
from ..tallies.models import Ballot
from ..rounds.cli import chosen_round
from ..transactions import CommandGroup
from .counting import count
from .i18n import describe
from .parsing import RecordError, loads_record
from .result import result_json

results_cli = CommandGroup("results", help="Election results: recount a record, export and show the stored ones.")


@results_cli.command("recount")
@click.argument("record", type=click.File("rb"))
def recount(record):
    """Recount an election RECORD file (- for standard input) and print the result JSON.

    Needs nothing from the database: an auditor can check a committee's result from its exported
    record alone (record-format.md). Exit status 2 when the record is malformed or inconsistent.
    """
    try:
        # utf-8-sig: Windows Notepad, which officials use, saves UTF-8 with a byte-order mark.
        text = record.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        click.echo(_("%(file)s is not UTF-8 text.", file=record.name), err=True)
        sys.exit(2)
    try:
        result = count(loads_record(text))
    except RecordError as exc:
        click.echo(_("The record %(file)s was rejected:", file=record.name), err=True)
        for problem in exc.problems:
            click.echo("  " + describe(problem), err=True)
        sys.exit(2)
    click.echo(json.dumps(result_json(result), ensure_ascii=False, indent=2))


# ---- the stored records and results --------------------------------------------------------------

def _counted(round_, code: str | None, unit: str | None, number: int | None) -> list[Ballot]:
    """The counted ballots of one committee (one of them with `number`) or of every committee in a unit,
    in committee-code and ballot order."""
    if (code is None) == (unit is None):
        click.echo(_("Name a committee, or a unit with --unit."), err=True)
        sys.exit(2)
    query = (select(Ballot).join(CommitteeElection, CommitteeElection.id == Ballot.election_id)
             .where(CommitteeElection.round_id == round_.id, Ballot.status == "counted")
             .order_by(CommitteeElection.committee_code, Ballot.number))
    if code is not None:
        if not db.session.scalar(select(CommitteeElection.id).where(CommitteeElection.round_id == round_.id,
                                                                   CommitteeElection.committee_code == code)):
            click.echo(_("No committee %(code)s in this round.", code=code), err=True)
            sys.exit(2)
        query = query.where(CommitteeElection.committee_code == code)
        if number is not None:
            query = query.where(Ballot.number == number)
    else:
        query = query.where(CommitteeElection.committee_code.startswith(scope_prefix(unit)))
    found = list(db.session.scalars(query))
    if code is not None and not found:
        click.echo(_("No counted ballot of %(code)s.", code=code), err=True)
        sys.exit(2)
    if code is not None and number is None:
        found = found[-1:]  # the latest counted ballot
    return found


@results_cli.command("export")
@click.argument("code", required=False)
@click.option("--unit", help="Every counted ballot of every committee in this unit, one file each.")
@click.option("--ballot", "number", type=int, help="The ballot's number (default: the latest counted).")
@click.option("--round", "round_id", type=int, help="The round (default: the open one).")
@click.option("--out", required=True, type=click.Path(), help="The record file, or with --unit a directory.")
def export(code, unit, number, round_id, out):
    """Write the election record of a committee's ballot (record-format.md), the input of `recount`."""
    found = _counted(chosen_round(round_id), code, unit, number)
    if unit is not None:
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        for ballot in found:
            path = folder / f"{ballot.election.committee_code}-{ballot.number}.json"
            path.write_text(json.dumps(ballot.record, ensure_ascii=False, indent=2), encoding="utf-8")
        click.echo(_("%(n)d records written to %(dir)s.", n=len(found), dir=out), err=True)
        return
    Path(out).write_text(json.dumps(found[0].record, ensure_ascii=False, indent=2), encoding="utf-8")


@results_cli.command("show")
@click.argument("code", required=False)
@click.option("--unit", help="Every stored result of the unit, one JSON object a line.")
@click.option("--ballot", "number", type=int, help="The ballot's number (default: the latest counted).")
@click.option("--round", "round_id", type=int, help="The round (default: the open one).")
@click.option("--json", "as_json", is_flag=True, help="Print the result JSON (bj-election-result/1).")
def show(code, unit, number, round_id, as_json):
    """Print the stored result of a committee's ballot, or of every committee in a unit."""
    found = _counted(chosen_round(round_id), code, unit, number)
    for ballot in found:
        if as_json and unit is not None:
            click.echo(json.dumps(ballot.result, ensure_ascii=False))
        elif as_json:
            click.echo(json.dumps(ballot.result, ensure_ascii=False, indent=2))
        else:
            result = ballot.result
            elected = "、".join(f"{e['name']}({e['post']})" for e in result["elected"]) or "—"
            click.echo(f"{ballot.election.committee_code}\t{ballot.number}\t{ballot.kind}\t{result['status']}\t"
                       f"{result['next']}\t{elected}")
