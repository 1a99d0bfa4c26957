"""Demo data for the README's demo command: the real tree, an account for every role, a round."""
import click
from sqlalchemy import select

from .accounts.models import User
from .accounts.services import create_user
from .clock import beijing_today
from .extensions import db
from .geography.services import import_divisions, shipped_list
from .rounds.demo import DEMO_ROUND, load_demo_round
from .transactions import CommandGroup

demo_cli = CommandGroup("demo", help="Demo data.")

DEMO_PASSWORD = "demo-2026-bj"
# username, role, unit, display name (and a vetting department's name)
DEMO_ACCOUNTS = [
    ("admin", "city_admin", "110000000000", "市民政局 管理员"),
    ("dongcheng", "district_official", "110101000000", "东城区 民政科"),
    ("donghuamen", "township_official", "110101001000", "东华门街道 选举办"),
    ("duofuxiang", "election_committee", "110101001001", "多福巷社区 选举委员会"),
    ("clerk", "clerk", "110101001001", "多福巷社区 计票员"),
    ("observer", "observer", "110101000000", "东城区 观察员"),
    ("huairou", "district_official", "110116000000", "怀柔区 民政局"),
    ("tanghekou", "township_official", "110116107000", "汤河口镇 选举办"),
    ("gongan", "department", "110101001000", "东华门派出所 审查员"),
]
DEMO_DEPARTMENTS = {"gongan": "公安"}


@demo_cli.command("load")
def load():
    """Load the Beijing tree, the demo accounts and a training round (idempotent); print the logins."""
    report = import_divisions(shipped_list())
    click.echo(f"Divisions: {len(report.added)} added, {len(report.renamed)} renamed, {len(report.retired)} retired")
    existing = set(db.session.scalars(select(User.username)))
    for username, role, unit, name in DEMO_ACCOUNTS:
        if username not in existing:
            create_user(username, DEMO_PASSWORD, role, unit, display_name=name,
                        department=DEMO_DEPARTMENTS.get(username))
    if load_demo_round(beijing_today()):
        click.echo(f"Opened the training round {DEMO_ROUND} with plans for a few dozen committees")
    click.echo("Demo logins (password for all: %s):" % DEMO_PASSWORD)
    for username, role, unit, name in DEMO_ACCOUNTS:
        click.echo(f"  {username:<12} {role:<20} {unit}  {name}")
