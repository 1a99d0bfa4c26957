"""The demo's nominations, vetting and candidate lists, made through the services as a committee
and a township would make them, on the days the demo's calendar gives.

Villages nominate at a meeting, residents' committees by joint nominations signed on the roll
the demo imported; under the 2026 law the Party organisation's decision nominates the director's
candidates (R26-CAND). An election that goes past nomination has every nominee vetted and qualified
and its list published on its day (R-CAND-5); one still at nomination keeps its vetting going,
so that the vetting queue, the decision and the overview have something to show. 多福巷 has a
nominee barred on TC-1 (and replaced by the next one in vote order), one waiting for findings,
one ready for the township's decision, the rest qualified, and two who are near relatives; one other committee's slate has no
woman (R-SIZE-3).
"""
import random
from datetime import date, timedelta

from sqlalchemy import func, select

from ..extensions import db
from ..rolls import relatives
from ..rolls.models import Voter
from ..rounds.models import CommitteeElection
from ..rulesets import POSTS
from . import profile, services
from .vetting import law as vetting
from .services import TallyRow

SKIPPED = 5  # the first voters of each roll are left alone: the rolls demo lodges an objection about one
CLEAR = "经核查，无相关记录。"
BARRED_ON = "TC-1"
BARRED_FINDINGS = {
    "法院": "（2018）京0101刑初256号刑事判决书：因盗窃罪被判处有期徒刑一年六个月，"
            "2020年3月刑满释放。",
    "公安": "违法犯罪记录查询结果：2018年因盗窃罪被判处刑罚。",
}
BARRED_DECISION = ("经法院、公安联审，该被提名人受过刑事处罚（（2018）京0101刑初256号），"
                   "属“十不能”第一项情形，不能确定为候选人。")


def _posts(election: CommitteeElection) -> list[tuple[str, int]]:
    """Each post with its seats, in the order posts are decided."""
    return [(post, getattr(election, f"seats_{post}") or 0) for post in POSTS if getattr(election, f"seats_{post}")]


def _people(election: CommitteeElection, count: int, *, women: bool) -> list[Voter]:
    """`count` registered voters to nominate, women and men by turns (men only if not `women`)."""
    voters = list(db.session.scalars(select(Voter).where(Voter.election_id == election.id,
                                                         Voter.status == "registered").order_by(Voter.id)))[SKIPPED:]
    pools = {sex: [v for v in voters if v.sex == sex] for sex in ("F", "M")}
    order = ("F", "M") if women else ("M",)
    chosen = []
    while len(chosen) < count:
        sex = order[len(chosen) % len(order)]
        if not pools[sex]:
            raise RuntimeError(f"the demo roll of {election.committee_code} has too few voters to nominate")
        voter = pools[sex].pop(len(pools[sex]) // 2)
        if all(voter.name != other.name for other in chosen):  # candidates' names are unique (record-format.md)
            chosen.append(voter)
    return chosen


def nominate(election: CommitteeElection, on: date, *, extra: dict | None = None, women: bool = True
             ) -> list:
    """Nominate seats + 1 people for each post (plus `extra` more for some), in falling vote order:
    a meeting's tally in a village, joint nominations in a residents' committee."""
    wanted = [(post, seats, seats + 1 + (extra or {}).get(post, 0)) for post, seats in _posts(election)]
    people = iter(_people(election, sum(n for _, _, n in wanted), women=women))
    named = [(post, seats, [next(people) for _ in range(n)]) for post, seats, n in wanted]
    if "party_organisation" in election.rules.nomination_methods[election.kind]:  # R26-CAND: the director
        _party(election, on, named[0])
        named = named[1:]
    if election.kind == "village":
        return _meeting(election, on, named)
    return _joint(election, on, named)


def _party(election: CommitteeElection, on: date, named) -> None:
    """The Party organisation's decision nominating the director's candidates, in falling votes."""
    post, _seats, people = named
    body = "中共" + election.committee.name.removesuffix("居委会").removesuffix("村委会") + "委员会"
    for rank, voter in enumerate(people):
        services.add_party_nomination(election, who=voter.id_number, post=post, body=body,
                                      reference=f"{body[2:4]}党发〔{on.year}〕{rank + 1}号", votes=7 - rank,
                                      decided_on=on, today=on)


def _meeting(election: CommitteeElection, on: date, named) -> list:
    if not named:
        return services.nominees(election)
    registered = db.session.scalar(select(func.count()).where(Voter.election_id == election.id,
                                                              Voter.status == "registered"))
    attendance = registered * 2 // 3 + 1
    rows, line = [], 0
    for post, seats, people in named:
        # Each ballot names at most `seats` people: the post's votes stay within seats × ballots.
        share = [0.8 - 0.5 * i / len(people) for i in range(len(people))]
        scale = min(1.0, seats / sum(share))
        for i, voter in enumerate(people):
            line += 1
            rows.append(TallyRow(line, voter.id_number, post, max(1, int(attendance * share[i] * scale) - i)))
    services.record_meeting(election, held_on=on, attendance=attendance, ballots_cast=attendance,
                  invalid={}, rows=rows, today=on)
    return services.nominees(election)


def _joint(election: CommitteeElection, on: date, named) -> list:
    methods = election.rules.nomination_methods[election.kind]
    household = election.mode == "household" and "household_representatives" in methods
    method = "household_representatives" if household else "voters"
    minimum = election.rules.joint_minimum[method]
    nominated = {v.id for _, _, people in named for v in people}
    pool = [v for v in db.session.scalars(select(Voter).where(Voter.election_id == election.id,
                                                              Voter.status == "registered").order_by(Voter.id))
            if v.id not in nominated and (v.household_representative or not household)]
    start = 0
    for post, _, people in named:
        for rank, voter in enumerate(people):
            count = min(len(pool), minimum + len(people) - rank)
            signers = [pool[(start + k) % len(pool)].id_number for k in range(count)]
            start += count
            services.add_joint_nomination(election, who=voter.id_number, post=post, method=method,
                          signers=signers, submitted_on=on, today=on)
    return services.nominees(election)


def _vet(person, found_on: date, *, leave: int = 0, barred: bool = False) -> None:
    """Assess every five-good item and answer every ten-cannot item (all but the last `leave`
    answers); a barred nominee has TC-1 found by the court and the police."""
    items = services.criteria_items(person)
    for item in items:
        if item["list"] == vetting.FIVE_GOOD:
            services.assess(person, item["id"], True, "")
    answers = [(item["id"], department) for item in items if item["list"] == vetting.TEN_CANNOT
               for department in item.get("departments") or ["选举委员会"]]
    for item_id, department in answers[:len(answers) - leave]:
        holds = barred and item_id == BARRED_ON
        evidence = BARRED_FINDINGS.get(department, CLEAR) if holds else CLEAR
        services.record_finding(person, item_id, department, holds, evidence, found_on, today=found_on)


def qualify(person, found_on: date, decided_on: date) -> None:
    _vet(person, found_on)
    services.decide(person, "qualified", [], "", today=decided_on)


def bar(person, found_on: date, decided_on: date) -> None:
    _vet(person, found_on, barred=True)
    services.decide(person, "barred", [BARRED_ON], BARRED_DECISION, today=decided_on)


def publish(election: CommitteeElection, when: dict) -> None:
    """Nominated on the day nomination opened, every nominee vetted and qualified, the list
    published on its day."""
    opened, published = when["nomination"], when["candidates_published"]
    found_on = min(opened + timedelta(days=4), published)
    decided_on = max(found_on, published - timedelta(days=1))
    for person in nominate(election, opened):
        qualify(person, found_on, decided_on)
        give_profile(person)
    services.publish(election, today=published)


def give_profile(person) -> None:
    """A plausible profile, as the election committee records it with the nomination (drawn from
    the nominee's id, so that every build gives the same): most with senior high school or more,
    about six in ten Party members, half of them incumbents, a few of Beijing's ethnic minorities,
    and a director's candidate who is often the Party secretary (一肩挑)."""
    rng = random.Random(person.id)
    person.education = rng.choices(profile.EDUCATION, weights=(3, 12, 30, 30, 22, 3))[0]
    person.ethnicity = rng.choices((profile.HAN, "满族", "回族", "蒙古族"), weights=(92, 4, 3, 1))[0]
    person.party_member = rng.random() < 0.6
    person.incumbent = rng.random() < 0.5
    person.party_secretary = person.party_member and any(n.post == "director" for n in person.nominations) \
        and rng.random() < 0.7


def in_progress(election: CommitteeElection, when: dict, today: date, variant: int) -> None:
    """An election still at nomination: nominated, and its vetting part of the way. Variant 0 is
    多福巷's mix; 1: vetting not begun; 2: half qualified, half waiting for findings; 3: all
    qualified, but no woman among the candidates (R-SIZE-3)."""
    opened = when["nomination"]
    found_on = min(opened + timedelta(days=4), today)
    decided_on = min(found_on + timedelta(days=1), today)
    if variant == 0:
        people = nominate(election, opened, extra={"deputy_director": 1, "member": 1})
        by_post = _by_post(people)
        # The top deputy is barred, so the third nominee for the post moves up (R-CAND-3).
        bar(by_post["deputy_director"][0], found_on, decided_on)
        waiting, ready = by_post["member"][1], by_post["member"][2]
        # Two member nominees are sisters: the list warns, and only one could keep a seat (R26-RELATIVES).
        relatives.link(by_post["member"][0].voter, by_post["member"][3].voter.number, "sibling", today=opened)
        for person in people:
            if person is waiting:
                _vet(person, found_on, leave=3)
            elif person is ready:
                _vet(person, found_on)
            elif person is not by_post["deputy_director"][0]:
                qualify(person, found_on, decided_on)
        return
    people = nominate(election, opened, women=variant != 3)
    if variant == 1:
        return
    for i, person in enumerate(people):
        if variant == 2 and i % 2:
            _vet(person, found_on, leave=2)
        else:
            qualify(person, found_on, decided_on)


def _by_post(people) -> dict:
    """Nominees by the post they were named for, highest nomination votes first."""
    found = {}
    for person in people:
        votes = services.votes_of(person)
        for post, n in votes.items():
            found.setdefault(post, []).append((n, person))
    return {post: [p for _, p in sorted(rows, key=lambda r: (-r[0], r[1].name))] for post, rows in found.items()}
