"""Importing a city-wide voter roll: check and apply of 1,000,000 rows, timed, with peak memory.

One round with every committee election; each has an election day in 60 days, and a third of the
residents' committees vote by household (so R-MODE-2's representative check runs). The file comes
from `synthetic_roll.py` (kept in the temporary directory between runs: generating a million rows
takes a while), as CSV (UTF-8 with BOM) and as XLSX the way Excel saves it (shared strings, a
dimension, dates as date cells). Each format is imported in its own process, so that its peak
resident memory (`resource.getrusage`) is its own; the voters are deleted after each.

Run: .venv/bin/python bench/roll_import.py                                  (SQLite)
     bash scripts/with-postgres.sh .venv/bin/python bench/roll_import.py    (PostgreSQL)
Options (environment): ROWS=1000000, FORMATS=csv,xlsx
"""
import multiprocessing
import os
import queue
import resource
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import bench_app  # noqa: E402
import synthetic_roll  # noqa: E402

from sqlalchemy import delete, func, select, text, update  # noqa: E402

from elections import create_app  # noqa: E402
from elections.clock import beijing_today  # noqa: E402
from elections.extensions import db  # noqa: E402
from elections.geography.codes import CITY_CODE  # noqa: E402
from elections.rolls import importer  # noqa: E402
from elections.rolls.models import Household, ImportProblem, ImportRow, RollImport, Voter, VoterGroup  # noqa: E402
from elections.rounds import services  # noqa: E402
from elections.rounds.models import CommitteeElection  # noqa: E402

ROWS = int(os.environ.get("ROWS", "1000000"))
FORMATS = os.environ.get("FORMATS", "csv,xlsx").split(",")
TODAY = beijing_today()
ELECTION_DAY = TODAY + timedelta(days=60)


def roll_file(suffix: str) -> Path:
    path = Path(tempfile.gettempdir()) / f"bench-roll-{ROWS}-{ELECTION_DAY}.{suffix}"
    if not path.exists():
        t = time.perf_counter()
        write = synthetic_roll.write_xlsx if suffix == "xlsx" else synthetic_roll.write_csv
        partial = path.with_suffix(".part")
        write(partial, synthetic_roll.rows(CITY_CODE, ROWS, ELECTION_DAY))
        partial.rename(path)
        print(f"generated {path} in {time.perf_counter() - t:.0f} s", flush=True)
    return path


def setup(app) -> int:
    with app.app_context():
        round_ = services.open_round("2026年村（居）民委员会换届选举", TODAY, TODAY + timedelta(days=90),
                                     village_term=12, residential_term=11, ruleset="national-2026")
        db.session.execute(update(CommitteeElection).where(CommitteeElection.round_id == round_.id)
                           .values(election_day=ELECTION_DAY))
        residential = db.session.scalars(select(CommitteeElection.id).where(
            CommitteeElection.round_id == round_.id, CommitteeElection.kind == "residential")).all()
        db.session.execute(update(CommitteeElection).where(CommitteeElection.id.in_(residential[::3]))
                           .values(mode="household"))
        db.session.commit()
        return round_.id


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(url: str, round_id: int, path: Path, results) -> None:
    """In its own process: check, apply, then delete what was written."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        round_ = services.get_round(round_id)
        start = peak_mb()
        t = time.perf_counter()
        roll_import = importer.check_import(round_, path, path.name, CITY_CODE, None)
        checked = time.perf_counter() - t
        assert roll_import.status == "checked", (roll_import.status, db.session.execute(
            select(ImportProblem.row, ImportProblem.message, ImportProblem.params).limit(5)).all())
        after_check = peak_mb()
        t = time.perf_counter()
        importer.apply_import(roll_import, None)
        db.session.commit()  # one unit of work, as `flask rolls import` commits it
        applied = time.perf_counter() - t
        voters = db.session.scalar(select(func.count()).select_from(Voter))
        households = db.session.scalar(select(func.count()).select_from(Household))
        results.put((path.suffix[1:], roll_import.rows, voters, households, checked, applied, start, after_check,
                     peak_mb()))
        models = (Voter, Household, VoterGroup, ImportProblem, ImportRow, RollImport)
        if db.engine.dialect.name == "postgresql":  # deleting row by row checks each foreign key: hours
            db.session.execute(text(f"TRUNCATE {', '.join(m.__table__.name for m in models)} CASCADE"))
        else:
            for model in models:
                db.session.execute(delete(model))
        db.session.commit()


def main():
    context = multiprocessing.get_context("spawn")
    # Generated in a process of their own: a child's peak RSS starts from its parent's size.
    with context.Pool(1) as pool:
        files = dict(zip(FORMATS, pool.map(roll_file, FORMATS)))
    app = bench_app()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    round_id = setup(app)
    with app.app_context():
        backend = db.engine.dialect.name
        db.engine.dispose()
    results = context.Queue()
    for suffix, path in files.items():
        child = context.Process(target=measure, args=(url, round_id, path, results))
        child.start()
        while True:
            try:
                kind, rows, voters, households, checked, applied, start, after_check, peak = results.get(timeout=5)
                break
            except queue.Empty:
                if not child.is_alive():
                    sys.exit(f"the {suffix} run failed (exit status {child.exitcode})")
        child.join()
        total = checked + applied
        print(f"{backend} {kind}: {rows:,} rows ({voters:,} voters, {households:,} households): "
              f"check {checked:.1f} s, apply {applied:.1f} s, total {total:.1f} s = {rows / total:,.0f} rows/s; "
              f"peak RSS {peak:.0f} MB (at start {start:.0f} MB, after check {after_check:.0f} MB)", flush=True)


if __name__ == "__main__":
    main()
