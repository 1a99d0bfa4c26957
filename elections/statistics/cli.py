"""`flask stats`: a unit's statistics as a file (`export`), and the figures each election keeps for
them rebuilt (`rebuild`) or checked against the data (`verify`, which exits 1 on a difference)."""
import sys
from pathlib import Path

import click
from flask_babel import gettext as _

from ..geography.models import Division
from ..extensions import db
from ..rounds.cli import chosen_round
from ..transactions import CommandGroup
from . import exports, figures
from .report import report

stats_cli = CommandGroup("stats", help="Turnout and composition statistics.")


@stats_cli.command("export")
@click.option("--unit", "code", required=True, help="The city, a district, a township or a committee.")
@click.option("--format", "fmt", type=click.Choice(exports.FORMATS), required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--round", "round_id", type=int, help="The round (default: the open one).")
def export(code, fmt, out, round_id):
    """The unit's statistics as XLSX, CSV or the printed PDF report."""
    round_ = chosen_round(round_id)
    unit = db.session.get(Division, code)
    if unit is None:
        click.echo(_("No such unit."), err=True)
        sys.exit(2)
    data = exports.export(report(round_, unit), fmt)
    out.write_bytes(data)
    click.echo(f"{out}\t{len(data)} bytes")


@stats_cli.command("verify")
@click.option("--round", "round_id", type=int, help="The round (default: the open one).")
def verify(round_id):
    """Recompute every election's figures from the data and compare them with those kept."""
    round_ = chosen_round(round_id)
    checked, differences = figures.verify(round_)
    for d in differences[:50]:
        changed = sorted(k for k in d.computed if (d.stored or {}).get(k) != d.computed[k])
        click.echo(f"{d.committee_code}\t{'missing' if d.stored is None else ', '.join(changed)}")
    click.echo(_("%(n)s elections checked, %(bad)s differ from their data.", n=checked, bad=len(differences)))
    if differences:
        sys.exit(1)


@stats_cli.command("rebuild")
@click.option("--round", "round_id", type=int, help="The round (default: the open one).")
def rebuild(round_id):
    """Rewrite every election's figures from the data."""
    done = figures.rebuild(chosen_round(round_id))
    click.echo(_("%(n)s elections' figures rewritten.", n=done))
