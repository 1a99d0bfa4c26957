"""Demo data for the README's demo command: the real tree, an account for every role, and a training
round whose committees stand at every stage, each taken there by the work of the stages before it
(plans, rolls imported and published, candidates nominated, vetted and published)."""
import click
from sqlalchemy import select

from .accounts.models import User
from .accounts.services import create_user
from .candidates import demo as candidates_demo
from .clock import beijing_today
from .extensions import db
from .geography.services import import_divisions, shipped_list
from .polling import demo as polling_demo
from .rolls import demo as rolls_demo
from .rounds import demo as rounds_demo
from .rounds import services as rounds
from .rounds import stages
from .rounds.demo import DEMO_ROUND
from .tallies import demo as tallies_demo
from .transactions import CommandGroup

demo_cli = CommandGroup("demo", help="Demo data.")

DEMO_PASSWORD = "demo-2026-bj"
# username, role, unit, display name (and a vetting department's name)
DEMO_ACCOUNTS = [
    ("admin", "city_admin", "110000000000", "市民政局 管理员"),
    ("dongcheng", "district_official", "110101000000", "东城区 民政科"),
    ("donghuamen", "township_official", "110101001000", "东华门街道 选举办"),
    ("duofuxiang", "election_committee", "110101001001", "多福巷社区 选举委员会"),
    ("clerk", "clerk", rounds_demo.COUNTING_COMMITTEE, "计票员甲"),
    ("clerk2", "clerk", rounds_demo.COUNTING_COMMITTEE, "计票员乙"),
    ("observer", "observer", "110101000000", "东城区 观察员"),
    ("huairou", "district_official", "110116000000", "怀柔区 民政局"),
    ("tanghekou", "township_official", "110116107000", "汤河口镇 选举办"),
    ("gongan", "department", "110101001000", "东华门派出所 审查员"),
]
DEMO_DEPARTMENTS = {"gongan": "公安"}


def load_demo_round(today):
    """Open the demo round unless it exists; returns it when it was created."""
    opened = rounds_demo.open_demo_round(today)
    if opened is None:
        return None
    round_, planned = opened
    # The voter rolls, imported as a township official would; each list is published on its day
    # (R-ROLL-5), which moves its election on, and the rest of the way is stage by stage; candidate
    # lists are nominated, vetted and published through the candidates' services (R-CAND-1…5).
    # Voting is reached by the ballots issued on election day, counting by the clerks' sheets, the
    # stages after it by the ballot the result calls for or the township's certification.
    # Registered when registration began, before the first list is published (R-ROLL-5).
    registered_on = min([when["registration"] for _, _, when in planned] or [today])
    rolls_demo.import_rolls(round_, [election for election, _, _ in planned], registered_on)
    nominating = 0
    # The first election at nomination has a bit of everything in its vetting.
    showcase = next(election for election, stage, _ in planned if stage == "nomination")
    certified = []
    for election, stage, when in planned:
        path = stages.path_to("voting" if stage == "counting" else stage)
        if "roll_published" not in path:
            continue
        rolls_demo.publish(election, when["roll_published"])
        if election.committee_code == rolls_demo.BIG_COMMITTEE:  # the roll's first change, before nomination
            rolls_demo.decide_an_objection(election, when["roll_published"])
        for target in path[path.index("roll_published") + 1:]:
            if target == "candidates_published":  # nominated, vetted, and the list published on its day
                candidates_demo.publish(election, when)
                continue
            if target == "voting":  # the first ballot issued on the day moves it (R-POLL-3)
                if election.committee_code == rounds_demo.ELECTION_DAY_COMMITTEE:
                    polling_demo.under_way(election, today, DEMO_PASSWORD)
                elif stage == "counting":
                    polling_demo.closed(election, today)
                    tallies_demo.waiting(election, today)
                else:
                    polling_demo.voted(election, when["voting"], 0.4 if stage == "new_election_pending" else
                                       polling_demo.TURNOUT)
                continue
            if target == "counted":  # both clerks' sheets, the last of which counts the ballot
                tallies_demo.count(election, when["counted"], tallies_demo.OUTCOMES[stage])
                continue
            if target in tallies_demo.OUTCOMES:
                tallies_demo.follow(election, target, when, today)
                certified += [election] if target == "certified" else []
                continue
            rounds.move_stage(election, target, today=when[target])
            if target == stage == "nomination":  # vetting still under way
                variant = 0 if election is showcase else 3 - nominating % 3
                nominating += variant != 0
                candidates_demo.in_progress(election, when, today, variant)
    if certified:
        tallies_demo.amend_one(certified[0], today)
    first = rounds.election_for(round_, rolls_demo.BIG_COMMITTEE)
    rounds_demo.add_election_committee(first, today)
    return round_


@demo_cli.command("city")
@click.option("--scale", type=click.FloatRange(0.0001, 1.0), default=1.0, show_default=True,
              help="The share of each district's committees (1: all 7,007, about 11 million voters).")
def city(scale):
    """A whole synthetic city in one training round, through the services: rolls, candidates,
    election day, tallies, results and certificates. Resumable: run it again to go on."""
    from .demo_city import build

    made = build(scale, beijing_today())
    click.echo(f"Round {made['round']}: {made['committees']} committees, {made['voters']:,} voters; "
               f"{made['made']} built in {made['seconds']:.0f} s")


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
    if rounds_demo.open_history_round():
        click.echo(f"Opened and closed the history round {rounds_demo.HISTORY_ROUND} (beijing-2018)")
    if load_demo_round(beijing_today()):
        click.echo(f"Opened the training round {DEMO_ROUND} (national-2026) with plans for a few dozen committees")
    click.echo("Demo logins (password for all: %s):" % DEMO_PASSWORD)
    for username, role, unit, name in DEMO_ACCOUNTS:
        click.echo(f"  {username:<12} {role:<20} {unit}  {name}")
    if db.session.scalar(select(User.id).where(User.username == polling_demo.ISSUER)):
        click.echo(f"  {polling_demo.ISSUER:<12} {'issuer':<20} {rounds_demo.ELECTION_DAY_COMMITTEE}  "
                   "多福巷社区 中心会场 发票员 (tablet: /issue)")
