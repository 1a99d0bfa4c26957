"""Statistics at the scale of the city, on a database `flask demo city` built (scale 1: 7,007
committees, about 11 million voters): the statistics pages of the city, every district, a township
and a committee; the city's XLSX, CSV and PDF report; the memory of the process; and how soon a
ballot issued shows in the live figures.

Baselines measured in the same run: the unit page of the city (/geo/, the progress the officials
already keep open), and the figures recomputed from the data for every election (`figures.verify`,
what the pages would cost without the kept figures).

Run: DATABASE_URL=sqlite:////tmp/city1.db .venv/bin/python bench/statistics_pages.py
     (after `flask db upgrade` and `flask stats rebuild` on a city built before the figures existed)
Options (environment): N=20 requests per page; VERIFY=0 skips the recompute baseline.
"""
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import PASSWORD, time_pages  # noqa: E402

from sqlalchemy import select  # noqa: E402

from elections import create_app  # noqa: E402
from elections.accounts.models import User  # noqa: E402
from elections.accounts.services import create_user  # noqa: E402
from elections.demo_city import CITY_ROUND  # noqa: E402
from elections.extensions import db  # noqa: E402
from elections.geography.models import Division  # noqa: E402
from elections.polling import issuance  # noqa: E402
from elections.polling.models import BallotIssue, PollingPlace  # noqa: E402
from elections.rolls.models import Voter  # noqa: E402
from elections.rounds.models import CommitteeElection, Round  # noqa: E402
from elections.statistics import figures  # noqa: E402
from elections.tallies import ballots  # noqa: E402

N = int(os.environ.get("N", "20"))
CITY = "110000000000"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    app = create_app({"DATABASE_URL": os.environ["DATABASE_URL"], "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        if db.session.scalar(select(User.id).where(User.username == "bench_city")) is None:
            create_user("bench_city", PASSWORD, "city_admin", CITY)
            db.session.commit()
        round_ = db.session.scalar(select(Round).where(Round.name == CITY_ROUND))
        districts = db.session.scalars(select(Division.code).where(Division.level == "district")
                                       .order_by(Division.code)).all()
        township = db.session.scalar(select(CommitteeElection.township_code).where(
            CommitteeElection.round_id == round_.id, CommitteeElection.stage == "certified").limit(1))
        committee = db.session.scalar(select(CommitteeElection.committee_code).where(
            CommitteeElection.township_code == township, CommitteeElection.round_id == round_.id,
            CommitteeElection.stage == "certified").limit(1))
        voters = db.session.scalar(select(db.func.count()).select_from(Voter).where(Voter.round_id == round_.id))
        print(f"{db.engine.dialect.name}: {round_.name}, {voters:,} voters; peak RSS so far {peak_mb():.0f} MB")

    rid = round_.id
    print("-- baseline: the unit page of the city (progress), and every election's figures from the data")
    time_pages(app, [("unit page /geo/ (baseline)", "bench_city", f"/geo/{CITY}?round={rid}")], N, 2)
    if os.environ.get("VERIFY", "1") != "0":
        with app.app_context():
            t = time.perf_counter()
            checked, differences = figures.verify(round_)
            print(f"figures recomputed from the data for {checked} elections (baseline): {time.perf_counter() - t:.1f} s, "
                  f"{len(differences)} differ from those kept")

    print("-- statistics pages")
    time_pages(app, [("city", "bench_city", f"/stats/{rid}/{CITY}"),
                     ("township", "bench_city", f"/stats/{rid}/{township}"),
                     ("committee", "bench_city", f"/stats/{rid}/{committee}"),
                     ("city chart: turnout", "bench_city", f"/stats/{rid}/{CITY}/charts/turnout.svg"),
                     ("city live figures", "bench_city", f"/stats/{rid}/{CITY}/live")], N, 2)
    time_pages(app, [(f"district {code}", "bench_city", f"/stats/{rid}/{code}") for code in districts], max(5, N // 4), 1)

    print("-- exports of the city")
    client = app.test_client()
    client.post("/login", data={"username": "bench_city", "password": PASSWORD})
    for fmt in ("xlsx", "csv", "pdf"):
        t = time.perf_counter()
        response = client.get(f"/stats/{rid}/{CITY}/export.{fmt}")
        assert response.status_code == 200, fmt
        print(f"city {fmt}: {time.perf_counter() - t:.2f} s, {len(response.data) / 1024:.0f} KiB")
    print(f"peak RSS of the process: {peak_mb():.0f} MB")

    print("-- live turnout: a ballot issued, then the city's live figures")
    with app.app_context():
        election = db.session.scalar(select(CommitteeElection).where(
            CommitteeElection.round_id == rid, CommitteeElection.stage.in_(("new_election_pending", "voting")))
            .order_by(CommitteeElection.id).limit(1))
        ballot = ballots.current(election)
        central = db.session.scalar(select(PollingPlace).where(PollingPlace.election_id == election.id,
                                                              PollingPlace.kind == "central"))
        issued_before = client.get(f"/stats/{rid}/{CITY}/live").get_json()["issued"]
        issued = select(BallotIssue.voter_id).where(BallotIssue.election_id == election.id,
                                                    BallotIssue.ballot == ballot.number)
        voter = db.session.scalar(select(Voter.number).where(Voter.election_id == election.id, Voter.id.not_in(issued))
                                  .order_by(Voter.number.desc()).limit(1))
        t = time.perf_counter()
        issuance.issue(central, str(voter), f"bench-{time.time_ns()}", None, today=ballot.held_on)
        db.session.commit()
        committed = time.perf_counter()
        seen = client.get(f"/stats/{rid}/{CITY}/live").get_json()["issued"]
        shown = time.perf_counter()
        print(f"issue committed in {1000 * (committed - t):.0f} ms; the city's live figures showed it "
              f"{1000 * (shown - committed):.0f} ms later ({issued_before} → {seen} ballots issued)")
        assert seen == issued_before + 1


if __name__ == "__main__":
    main()
