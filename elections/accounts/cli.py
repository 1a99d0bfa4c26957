import click
from flask.cli import AppGroup

from ..roles import Role
from . import services

users_cli = AppGroup("users", help="Manage accounts.")


@users_cli.command("create")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--unit", "unit_code", required=True, help="Code of the unit the account is bound to.")
@click.option("--password", required=True)
@click.option("--display-name", default="")
def create(name, role, unit_code, password, display_name):
    """Create an account bound to one unit."""
    try:
        user = services.create_user(name, password, role, unit_code, display_name=display_name)
    except services.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{user.username} ({user.role}, {user.unit_code})")
