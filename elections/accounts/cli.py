import click

from ..roles import Role
from ..transactions import CommandGroup
from . import services

users_cli = CommandGroup("users", help="Manage accounts.")


@users_cli.command("create")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--unit", "unit_code", required=True, help="Code of the unit the account is bound to.")
@click.option("--password", required=True)
@click.option("--display-name", default="")
@click.option("--department", default=None,
              help="For a vetting department account: the department as the criteria name it (公安, 法院, …).")
def create(name, role, unit_code, password, display_name, department):
    """Create an account bound to one unit."""
    try:
        user = services.create_user(name, password, role, unit_code, display_name=display_name,
                                    department=department)
    except services.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{user.username} ({user.role}{', ' + user.department if user.department else ''}, {user.unit_code})")
