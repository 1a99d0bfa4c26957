"""The demo's voter rolls: synthetic rolls imported through the importer, as a township official
would, then published on the days the demo's calendar says, with one objection decided."""
import io
import random
from datetime import date, timedelta

from sqlalchemy import func, select

from ..extensions import db
from ..geography.codes import CITY_CODE
from ..rounds.models import CommitteeElection, Round
from . import importer, services, synthetic
from .models import Household, Voter, VoterGroup

BIG_COMMITTEE = "110101001001"  # 多福巷社区: a roll of real size, its election committee's demo account
BIG, SMALL = 600, (40, 120)
REPRESENTED = (150, 250)  # representative mode: groups of 20 households or more send representatives


def import_rolls(round_: Round, elections: list[CommitteeElection], registered_on: date) -> None:
    """One file for all `elections`, checked and applied whole, the people registered on
    `registered_on` (before any list is published); refuses loudly if the generator and the checks
    ever disagree, since the demo must load."""
    rng = random.Random(2026)
    people = synthetic.People(rng, min(e.election_day for e in elections))
    modes = {e.committee_code: e.mode for e in elections}
    committees = [c for c in synthetic.committees(CITY_CODE) if c[0] in modes]
    text = io.StringIO()
    rows = (row for committee in committees for row in synthetic.households(
        people, committee, BIG if committee[0] == BIG_COMMITTEE else
        rng.randint(*(REPRESENTED if modes[committee[0]] == "representative" else SMALL))))
    synthetic.write_csv(text, rows)
    checked = importer.check_import(round_, text.getvalue().encode("utf-8-sig"), "demo.csv", CITY_CODE, None)
    if checked.status != "checked":
        raise RuntimeError(f"the demo roll did not pass its check: {checked.problems} problems")
    importer.apply_import(checked, None, today=registered_on)


def publish(election: CommitteeElection, on: date) -> None:
    """Publish the list on its day; in representative mode the residents' representatives are
    chosen first, for the term: each group big enough sends the fewest the law allows (R26-MODE)."""
    if election.mode == "representative":
        choose_representatives(election, on - timedelta(days=3))
    services.publish(election, None, today=on)


def choose_representatives(election: CommitteeElection, on: date) -> None:
    low, high = election.rules.households_per_representative
    groups = db.session.scalars(select(VoterGroup).where(VoterGroup.election_id == election.id)
                                .order_by(VoterGroup.id)).all()
    for group in groups:
        heads = db.session.scalars(select(Voter.number).join(Household, Household.id == Voter.household_id).where(
            Household.group_id == group.id, Voter.status == "registered", Voter.household_representative)
            .order_by(Voter.number)).all()
        households = db.session.scalar(select(func.count(func.distinct(Household.id))).join(Voter).where(
            Household.group_id == group.id, Voter.status == "registered"))
        wanted = max(1, -(-households // high))
        if low * wanted <= households <= high * wanted and len(heads) >= wanted:
            services.elect_group_representatives(group, heads[::max(1, len(heads) // wanted)][:wanted], on, None,
                                                 today=on)


def decide_an_objection(election: CommitteeElection, published_on: date) -> None:
    """An objection that a voter has moved away, upheld the next day: the roll's first change."""
    voter = services.first_registered(election)
    received, decided = published_on + timedelta(days=2), published_on + timedelta(days=3)
    objection = services.lodge_objection(
        election, lodged_by="周桂兰", contact="13900000017", request="remove", subject_name=voter.name,
        subject_id_number=None, subject_voter=voter, grounds=f"{voter.name}已于上月举家迁往昌平区居住，户籍一并迁出。",
        received_on=received, actor=None, today=received)
    services.decide_objection(objection, "upheld", "经入户核实，该选民户籍已迁出本社区，异议成立，从选民名单中删除。",
                              decided, None, today=decided)
