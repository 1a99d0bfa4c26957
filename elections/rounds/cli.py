"""`flask rounds …`: open a round and load plan files, for set-up scripts and the demo.

Bad input exits with status 2 and every problem on stderr, in the app's default locale (Chinese).
"""
import sys
from pathlib import Path
from typing import NoReturn

import click
from flask_babel import gettext as _

from ..rulesets import DEFAULT_RULESET, RULESETS
from ..transactions import CommandGroup
from . import plan_file, services

rounds_cli = CommandGroup("rounds", help="Election rounds.")
DAY = click.DateTime(formats=["%Y-%m-%d"])


def chosen_round(round_id: int | None):
    """The round a command's --round names, else the current one; exits with status 2 when none."""
    round_ = services.get_round(round_id) if round_id is not None else services.current_round()
    if round_ is None:
        click.echo(_("There is no such round."), err=True)
        sys.exit(2)
    return round_


def _fail(heading: str, problems: list) -> NoReturn:
    """Print every (row, committee, problem) under `heading` to stderr and exit with status 2."""
    click.echo(heading, err=True)
    for row, code, problem in sorted(problems, key=lambda p: p[0] or 0):
        where = [_("row %(row)s", row=row)] if row is not None else []
        where += [f"[{code}]"] if code else []
        column = plan_file.column_of(problem.field)
        message = problem.text(_)
        if column:
            message = _("%(column)s: %(message)s", column=column, message=message)
        click.echo("  " + " ".join([*where, message]), err=True)
    sys.exit(2)


@rounds_cli.command("open")
@click.argument("name")
@click.option("--first-day", required=True, type=DAY, help="First election day of the window (YYYY-MM-DD).")
@click.option("--last-day", required=True, type=DAY, help="Last election day of the window (YYYY-MM-DD).")
@click.option("--training", is_flag=True, help="A training round, kept apart from real ones.")
@click.option("--village-term", default=12, show_default=True, help="The term village committees elect.")
@click.option("--residential-term", default=11, show_default=True, help="The term residents' committees elect.")
@click.option("--ruleset", default=DEFAULT_RULESET, show_default=True, type=click.Choice(sorted(RULESETS)))
def open_command(name, first_day, last_day, training, village_term, residential_term, ruleset):
    """Open a round: one committee election per active committee."""
    try:
        round_ = services.open_round(name, first_day.date(), last_day.date(), village_term=village_term,
                                     residential_term=residential_term, ruleset=ruleset, training=training)
    except services.RoundsError as error:
        _fail(_("The round was not opened:"), [(None, None, p) for p in error.problems])
    click.echo(_("Round %(id)s opened: %(count)s committee elections.", id=round_.id,
                 count=services.count_elections(round_)))


@rounds_cli.command("plan")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--round", "round_id", type=int, help="The round (default: the open one).")
def plan_command(file, round_id):
    """Load a plan file (XLSX or CSV, the township template): every row is applied, or none."""
    round_ = services.get_round(round_id) if round_id is not None else services.current_round()
    if round_ is None:
        message = _("There is no round %(id)s.", id=round_id) if round_id is not None else _(
            "There is no round: open one with flask rounds open.")
        click.echo(message, err=True)
        sys.exit(2)
    parsed = plan_file.read_plan_file(file.read_bytes(), file.name, round_.rules)
    try:
        report = services.apply_plans(round_, parsed.rows, check_only=bool(parsed.problems))
    except services.RoundsError as error:
        _fail(_("The file was rejected; nothing was changed:"), [(None, None, p) for p in error.problems])
    problems = [*parsed.problems, *report.problems]
    if problems:
        _fail(_("The file was rejected; nothing was changed:"), problems)
    click.echo(_("%(changed)s committee elections changed, %(unchanged)s unchanged.",
                 changed=report.changed, unchanged=report.unchanged))
