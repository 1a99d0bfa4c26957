"""Counting night, from the last sheet to the printed announcement: the demo's 智德社区 has its
central venue's sheet entered once and its mobile box's two entries in the correction queue; the
second clerk enters the central sheet, then the township decides the mobile box's figures — the
last sheet, whose request builds the record from the sheets, counts it, stores the result and moves
the election to `counted` — and the results announcement is printed (the PDF request).

Baselines measured in the same run: the count alone (`counting.count` of the same record, what
`flask results recount` runs) and the count page drawn with its result.

Run: .venv/bin/python bench/counting_night.py   (SQLite; REPEAT=5 copies of the demo database)
"""
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from sqlalchemy import select  # noqa: E402

from elections import create_app  # noqa: E402
from elections.extensions import db  # noqa: E402
from elections.results.counting import count  # noqa: E402
from elections.results.parsing import parse_record  # noqa: E402
from elections.rounds.demo import COUNTING_COMMITTEE, DEMO_ROUND  # noqa: E402
from elections.rounds.models import CommitteeElection, Round  # noqa: E402
from elections.tallies import ballots, services, sheet  # noqa: E402

REPEAT = int(os.environ.get("REPEAT", "5"))
PASSWORD = "demo-2026-bj"


def app_on(path: Path):
    return create_app({"DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})


def tonight() -> CommitteeElection:
    return db.session.scalar(select(CommitteeElection).join(Round, Round.id == CommitteeElection.round_id).where(
        Round.name == DEMO_ROUND, CommitteeElection.committee_code == COUNTING_COMMITTEE))


def client_as(app, username):
    client = app.test_client()
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
    return client


def once(master: Path, folder: Path) -> dict:
    path = folder / "night.db"
    shutil.copy(master, path)
    app = app_on(path)
    with app.app_context():
        election = tonight()
        ballot = ballots.current(election)
        layout = ballots.layout(ballot)
        central, mobile = services.boxes(ballot)[:2]
        central_form = sheet.form_values(central.sheet.entries[0].figures, layout)
        mobile_form = sheet.form_values(mobile.sheet.entries[0].figures, layout)
        base = f"/rounds/{election.round_id}/count/{COUNTING_COMMITTEE}/ballots/{ballot.number}"
        page = f"/rounds/{election.round_id}/count/{COUNTING_COMMITTEE}"
        central_id, mobile_id = central.place.id, mobile.place.id
        db.session.remove()
    second = client_as(app, "clerk2")
    assert second.post(f"{base}/boxes/{central_id}", data={"mode": "enter", **central_form}).status_code == 302
    township = client_as(app, "donghuamen")
    started = time.perf_counter()
    answer = township.post(f"{base}/boxes/{mobile_id}", data={"mode": "resolve", "reason": "核对纸质计票单",
                                                               **mobile_form})
    last_sheet = time.perf_counter() - started
    assert answer.status_code == 302, answer.get_data(as_text=True)[:500]
    started = time.perf_counter()
    pdf = township.get(f"{base}/announcement.pdf")
    printed = time.perf_counter() - started
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    started = time.perf_counter()
    assert township.get(page).status_code == 200
    shown = time.perf_counter() - started
    with app.app_context():
        record = ballots.current(tonight()).record
        started = time.perf_counter()
        count(parse_record(record))
        alone = time.perf_counter() - started
        db.session.remove()
        db.engine.dispose()
    return {"last sheet (decide → counted)": last_sheet, "announcement PDF": printed,
            "last sheet to printed announcement": last_sheet + printed,
            "baseline: count alone (recount)": alone, "baseline: count page with its result": shown}


def main():
    folder = Path(tempfile.mkdtemp())
    master = folder / "demo.db"
    app = app_on(master)
    with app.app_context():
        from flask_migrate import upgrade
        upgrade()
    started = time.perf_counter()
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    print(f"demo loaded in {time.perf_counter() - started:.1f} s; {REPEAT} runs on copies of it (SQLite)")
    runs = [once(master, folder) for _ in range(REPEAT)]
    for name in runs[0]:
        values = [r[name] * 1000 for r in runs]
        print(f"  {name:<42} median {statistics.median(values):8.1f} ms   max {max(values):8.1f} ms")


if __name__ == "__main__":
    main()
