import sys
from pathlib import Path

import click
from flask_babel import gettext as _

from ..transactions import CommandGroup
from .divisions_file import DivisionsFileError
from .services import import_divisions, shipped_list

geo_cli = CommandGroup("geo", help="The administrative tree.")


@geo_cli.command("import")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file):
    """Load a divisions list (default: the shipped Beijing list); idempotent."""
    data = file.read_bytes() if file else shipped_list()
    try:
        report = import_divisions(data)
    except DivisionsFileError as exc:
        click.echo(_("The file was rejected; nothing was changed:"), err=True)
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(2)
    click.echo(_("added %(a)d, renamed %(r)d, changed %(c)d, retired %(t)d, reactivated %(x)d",
                 a=len(report.added), r=len(report.renamed), c=len(report.changed),
                 t=len(report.retired), x=len(report.reactivated)))
    for code, old, new in report.renamed:
        click.echo("  " + _("renamed %(code)s: %(old)s → %(new)s", code=code, old=old, new=new))
    for code in report.retired:
        click.echo("  " + _("retired %(code)s", code=code))
    for code in report.reactivated:
        click.echo("  " + _("reactivated %(code)s", code=code))
    if len(report.added) <= 50:
        for code in report.added:
            click.echo("  " + _("added %(code)s", code=code))
