"""The demo's voter rolls: synthetic rolls imported through the importer, as a township official
would, then published on the days the demo's calendar says, with one objection decided."""
import io
import random
from datetime import date, timedelta

from ..geography.codes import CITY_CODE
from ..rounds.models import CommitteeElection, Round
from . import importer, services, synthetic

BIG_COMMITTEE = "110101001001"  # 多福巷社区: a roll of real size, its election committee's demo account
BIG, SMALL = 600, (40, 120)


def import_rolls(round_: Round, elections: list[CommitteeElection], registered_on: date) -> None:
    """One file for all `elections`, checked and applied whole, the people registered on
    `registered_on` (before any list is published); refuses loudly if the generator and the checks
    ever disagree, since the demo must load."""
    rng = random.Random(2026)
    people = synthetic.People(rng, min(e.election_day for e in elections))
    wanted = {e.committee_code for e in elections}
    committees = [c for c in synthetic.committees(CITY_CODE) if c[0] in wanted]
    text = io.StringIO()
    rows = (row for committee in committees for row in synthetic.households(
        people, committee, BIG if committee[0] == BIG_COMMITTEE else rng.randint(*SMALL)))
    synthetic.write_csv(text, rows)
    checked = importer.check_import(round_, text.getvalue().encode("utf-8-sig"), "demo.csv", CITY_CODE, None)
    if checked.status != "checked":
        raise RuntimeError(f"the demo roll did not pass its check: {checked.problems} problems")
    importer.apply_import(checked, None, today=registered_on)


def publish(election: CommitteeElection, on: date) -> None:
    services.publish(election, None, today=on)


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
