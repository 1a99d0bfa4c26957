"""Election day for tests: a committee whose candidate list is published in good time before its
day, places with their staff from the roll, and the issuer's account."""
from datetime import time, timedelta

from sqlalchemy import select

from elections.accounts.models import User
from elections.candidates import services as candidates
from elections.extensions import db
from elections.polling import services
from elections.rolls import services as rolls
from elections.rounds import services as rounds
from elections.rounds.models import Round
from support.candidates_data import qualify
from support.rolls_data import person, planned, user
from support.transactions import save

# Person n of the roll: 1–9 are the candidates (R-CAND-6 keeps them off the staff), 11–24 signed
# their nominations; the staff and voters of the tests are 30 and above.
CANDIDATES = [(1, "director", 14), (2, "director", 11), (3, "deputy_director", 13), (4, "deputy_director", 10),
              (5, "member", 16), (6, "member", 15), (7, "member", 13), (8, "member", 12), (9, "member", 10)]


def published_election(code: str, day, *, voters: int = 60, mode: str = "direct", name="2026年换届选举",
                       people=None):
    """`code`'s election on `day` in the round `name`, its roll published 25 days before, its
    candidates 7 days before (R-ROLL-5, R-CAND-5). `people(n)` makes the n-th person (default: support.rolls_data.person)."""
    round_ = db.session.scalar(select(Round).where(Round.name == name)) or rounds.open_round(
        name, day - timedelta(days=40), day + timedelta(days=40), village_term=12, residential_term=11,
        ruleset="national-2026")  # a second committee joins the round of the first
    election = planned(round_, code, mode=mode, election_day=day, venue="社区活动中心",
                       seats_member=4 if mode != "village" else 3)
    roll_day, nominated_on = day - timedelta(days=25), day - timedelta(days=14)
    for n in range(1, voters + 1):
        save(rolls.add_voter, election, (people or person)(n), user("committee"), today=roll_day)
    save(rolls.publish, election, user("committee"), today=roll_day)
    candidates.open_nomination(election, user("committee"), today=nominated_on)

    def number(n: int) -> str:
        return (people or person)(n).id_number

    for n, post, signers in CANDIDATES:
        nominee = save(candidates.add_joint_nomination, election, who=number(n), post=post, method="voters",
                       signers=[number(s) for s in range(11, 11 + signers)], submitted_on=nominated_on,
                       actor=user("committee"), today=nominated_on)
        qualify(nominee)
    save(candidates.publish, election, user("committee"), today=day - timedelta(days=7))
    return election


def place(election, kind="central", name=None, *, groups=(), households=(), voters=(), staff=(), on=None):
    """A place with `staff` ((roll number, role) pairs) assigned."""
    data = services.PlaceInput(kind=kind, name=name or {"central": "中心会场", "station": "第一投票站",
                                                         "mobile": "流动票箱一"}[kind],
                               address="多福巷1号", opens=time(8), closes=time(17), groups=list(groups),
                               households=list(households), voters=[str(v) for v in voters])
    made = save(services.add_place, election, data, user("committee"))
    for number, role in staff:
        save(services.assign_staff, made, str(number), role, user("committee"), today=on)
    return made


def scrutineers(first: int) -> list[tuple[int, str]]:
    return [(first, "chief_scrutineer"), (first + 1, "scrutineer"), (first + 2, "scrutineer")]


def issuer(made, number: int):
    """Roll person `number` as issuer at `made`, with an account: (user, password)."""
    assignment = save(services.assign_staff, made, str(number), "issuer", user("committee"))
    if assignment.user_id is not None:
        return db.session.get(User, assignment.user_id), None
    return save(services.create_issuer_account, assignment, user("committee"))
