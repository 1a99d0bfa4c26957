import json
import sys

import click
from flask_babel import gettext as _

from ..transactions import CommandGroup
from .counting import count
from .i18n import describe
from .parsing import RecordError, loads_record
from .result import result_json

results_cli = CommandGroup("results", help="Election results.")


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
