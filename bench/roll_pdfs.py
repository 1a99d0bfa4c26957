"""Roll documents: the voter list and voter cards of a 3,000-voter committee (version 2, with 1 %
of changes), and a township batch of 20 committees × 1,500 voters, list and cards.

Run: .venv/bin/python bench/roll_pdfs.py   (PARTS=list,cards,township-list,township-cards: some only)
"""
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import bench_app  # noqa: E402

from elections.extensions import db  # noqa: E402
from elections.rolls.documents import township_batch_pdf, voter_cards_pdf, voter_list_pdf  # noqa: E402
from elections.rolls.idnumber import make  # noqa: E402
from elections.rolls.models import Household, RollChange, RollVersion, Voter, VoterGroup  # noqa: E402
from elections.rounds import services  # noqa: E402
from elections.rounds.models import CommitteeElection  # noqa: E402

COMMITTEE = "110101001001"  # 多福巷社区
TOWNSHIP = "110112106000"  # 漷县镇, 61 village committees: the first 20
PUBLISHED = date(2026, 5, 10)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红玲芬燕春菊凤洁梅琳云莲雪荣爱香月瑞佳嘉琼珍莉晶妍秋婷颖露建国志文德海"
people = iter(range(10**7))


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def build_roll(election: CommitteeElection, voters: int, rng: random.Random) -> None:
    """Version 1 of a roll: groups of ~40 households of 1-5 voters, numbered as a committee would."""
    sizes = []
    while sum(sizes) < voters:
        sizes.append(min(rng.choice((1, 2, 2, 3, 3, 3, 4, 5)), voters - sum(sizes)))
    groups = db.session.scalars(insert(VoterGroup).returning(VoterGroup.id), [
        {"election_id": election.id, "name": f"第{g + 1}组"} for g in range((len(sizes) + 39) // 40)]).all()
    households = db.session.scalars(insert(Household).returning(Household.id), [
        {"election_id": election.id, "number": f"{h + 1:04d}", "group_id": groups[h // 40]}
        for h in range(len(sizes))], ).all()
    rows = []
    for household, size in zip(households, sizes):
        for _ in range(size):
            n = next(people)
            born = date(1950, 1, 1) + timedelta(days=n // 1000)
            rows.append({"round_id": election.round_id, "election_id": election.id, "household_id": household,
                         "number": len(rows) + 1, "name": name(rng), "id_number": make("110101", born, n % 1000), "sex": "M" if n % 2 else "F",
                         "birth_date": born, "category": 1, "status": "registered", "status_on": PUBLISHED,
                         "added_on": PUBLISHED, "listed_in": 1})
    db.session.execute(insert(Voter), rows)
    db.session.add(RollVersion(election_id=election.id, number=1, published_on=PUBLISHED, published_by="bench",
                               registered=voters, households=len(sizes), representatives=0))
    election.election_day, election.venue = date(2026, 6, 20), "社区居委会会议室"


def change_roll(election: CommitteeElection, additions: int, removals: int, rng: random.Random) -> None:
    """Version 2: some voters removed (died, moved out), some added to existing households."""
    voters = db.session.scalars(select(Voter).where(Voter.election_id == election.id)).all()
    on = PUBLISHED + timedelta(days=6)
    for voter in rng.sample(voters, removals):
        voter.status, voter.delisted_in = "removed", 2
        db.session.add(RollChange(election_id=election.id, voter=voter, kind="removal",
                                  reason=rng.choice(("died", "moved_out")), on_date=on, actor="bench", published_in=2))
    for number, host in enumerate(rng.sample(voters, additions), start=len(voters) + 1):
        n = next(people)
        born = date(2008, 1, 1) + timedelta(days=n // 1000)
        voter = Voter(round_id=election.round_id, election_id=election.id, household_id=host.household_id,
                      number=number, name=name(rng), id_number=make("110101", born, n % 1000), sex="M" if n % 2 else "F",
                      birth_date=born, category=1, status="registered", status_on=on, added_on=on, listed_in=2)
        db.session.add(voter)
        db.session.add(RollChange(election_id=election.id, voter=voter, kind="addition",
                                  reason=rng.choice(("turned_18", "moved_in")), on_date=on, actor="bench",
                                  published_in=2))
    db.session.add(RollVersion(election_id=election.id, number=2, published_on=on + timedelta(days=4),
                               published_by="bench", registered=len(voters) - removals + additions,
                               households=0, representatives=0))


def pages(data: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def measure(label: str, render) -> None:
    t = time.perf_counter()
    data = render()
    elapsed = time.perf_counter() - t
    n = pages(data)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label}: {n} pages in {elapsed:.1f} s = {elapsed / n * 1000:.0f} ms/page "
          f"({len(data) / 1e6:.1f} MB; process peak {peak:.0f} MB so far)", flush=True)


def township_rolls(round_, rng: random.Random) -> list[CommitteeElection]:
    """The first 20 committees of TOWNSHIP, 1,500 voters each."""
    township = db.session.scalars(select(CommitteeElection).where(
        CommitteeElection.round_id == round_.id, CommitteeElection.township_code == TOWNSHIP)
        .order_by(CommitteeElection.committee_code).limit(20)).all()
    for election in township:
        build_roll(election, 1500, rng)
    return township


def main():
    rng = random.Random(2026)
    app = bench_app()
    with app.test_request_context():
        round_ = services.open_round("基准测试", date(2026, 5, 1), date(2026, 6, 30), village_term=12,
                                     residential_term=11, ruleset="national-2026")
        t = time.perf_counter()
        committee = services.election_for(round_, COMMITTEE)
        build_roll(committee, 3000, rng)
        db.session.flush()
        change_roll(committee, 30, 20, rng)
        township_rolls(round_, rng)
        db.session.commit()
        print(f"data: {time.perf_counter() - t:.1f} s", flush=True)

        voter_list_pdf(committee, 1)  # warm-up (fonts)
        runs = {
            "list": ("list, 3,000 voters, version 2 (30 added, 20 removed)", lambda: voter_list_pdf(committee, 2)),
            "cards": ("cards, 3,000 voters", lambda: voter_cards_pdf(committee, 2)),
            "township-list": ("township list, 20 × 1,500 voters",
                              lambda: township_batch_pdf(round_, TOWNSHIP, "list")),
            "township-cards": ("township cards, 20 × 1,500 voters",
                               lambda: township_batch_pdf(round_, TOWNSHIP, "cards")),
        }
        # PARTS picks some (peak memory is the process's, so measure one part per run to see its own).
        for part in os.environ.get("PARTS", ",".join(runs)).split(","):
            measure(*runs[part])


if __name__ == "__main__":
    main()
