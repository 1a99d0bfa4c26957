"""`flask polling`: election day from the command line. `turnout` prints the live turnout under a
unit, from the counts kept with each issue (R-MODE-3); `print` writes a committee's ballot, its
specimen, the notice of places or the list of proxies, as the election-day page does."""
import sys
from pathlib import Path

import click
from flask_babel import gettext as _

from ..audit.services import record
from ..extensions import db
from ..geography.models import Division
from ..rounds import services as rounds
from ..rounds.cli import chosen_round
from ..transactions import CommandGroup
from . import documents, issuance

polling_cli = CommandGroup("polling", help="Election day: turnout and printed documents.")
PRINTED = {"ballot": lambda e: documents.ballot_pdf(e, specimen=False),
           "specimen": lambda e: documents.ballot_pdf(e, specimen=True),
           "places": documents.places_notice_pdf, "proxies": documents.proxies_pdf}


@polling_cli.command("turnout")
@click.option("--unit", "code", required=True, help="The city, a district, a township or a committee.")
@click.option("--round", "round_id", type=int, help="The round (default: the open one).")
def turnout(code, round_id):
    """Ballots issued against the electorate under a unit, by child unit (tab-separated)."""
    round_ = chosen_round(round_id)
    unit = db.session.get(Division, code)
    if unit is None:
        click.echo(_("No such unit."), err=True)
        sys.exit(2)
    rolled = issuance.rollup(round_, unit)
    for child, name, voting, electorate, issued in rolled.children:
        click.echo(f"{child}\t{name}\t{voting}\t{electorate}\t{issued}\t{_share(issued, electorate)}")
    click.echo(f"{unit.code}\t{unit.name}\t{rolled.voting}\t{rolled.electorate}\t{rolled.issued}\t"
               f"{_share(rolled.issued, rolled.electorate)}")


def _share(issued: int, electorate: int) -> str:
    return f"{100 * issued / electorate:.1f}%" if electorate else "—"


@polling_cli.command("print")
@click.argument("code")
@click.option("--what", type=click.Choice(sorted(PRINTED)), default="ballot", show_default=True,
              help="The ballot to print from, its specimen (样票), the notice of places, the list of proxies.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="The PDF file to write.")
@click.option("--round", "round_id", type=int, help="The round (default: the open one).")
def print_command(code, what, out, round_id):
    """Print one of a committee's election-day documents."""
    round_ = chosen_round(round_id)
    election = rounds.election_for(round_, code)
    if election is None:
        click.echo(_("Give the code of a committee of the round."), err=True)
        sys.exit(2)
    try:
        data = PRINTED[what](election)
    except documents.NoCandidateList:
        click.echo(_("The ballot paper is printed from the published candidate list (R-CAND-5)."), err=True)
        sys.exit(2)
    out.write_bytes(data)
    record(None, code, "polling.print", "round", round_.id, after={"what": what})
    click.echo(_("%(name)s: written to %(file)s.", name=election.committee.name, file=str(out)))
