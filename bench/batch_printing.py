"""Batch printing (issue 17's targets): a district's certificates of election, about 3,000 pages, and
a township's voter cards, 20 committees × 1,500 voters, each as one PDF through `flask documents`'
path (documents.cli.run_batch: parts rendered by worker processes, joined by pypdf), beside the
baselines measured in the same run: one process rendering one document, and separate documents.

Memory is the whole process tree's (this process and its workers, PSS), sampled every 0.1 s.

Run: .venv/bin/python bench/batch_printing.py   (WORKERS=2; PARTS=certificates,cards: some only)
"""
import os
import random
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import bench_app  # noqa: E402
from roll_pdfs import TOWNSHIP, township_rolls  # noqa: E402

from elections.documents import batches, certificates, serials  # noqa: E402
from elections.documents.cli import run_batch  # noqa: E402
from elections.documents.models import Certificate  # noqa: E402
from elections.extensions import db  # noqa: E402
from elections.rolls.documents import voter_cards_pdf  # noqa: E402
from elections.rounds import services  # noqa: E402
from elections.rounds.models import CommitteeElection  # noqa: E402

DISTRICT = "110105000000"  # 朝阳区
CERTIFICATES = 3000
POSTS = ["director", "deputy_director", "member", "member", "member", "member"]
NAMES = "王秀英 李建国 张伟 刘芳 陈静 杨帆 赵敏 黄磊 周杰 吴婷 徐明 孙丽 马超 朱玥 胡赟 郭堃".split()


class TreeMemory:
    """The peak of the summed proportional memory (PSS: pages shared after fork counted once, split
    among their sharers) of this process and its children."""

    def __init__(self):
        self.peak, self._stop = 0, threading.Event()

    @staticmethod
    def _rss(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def _tree(self) -> int:
        me = os.getpid()
        children = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if f"PPid:\t{me}\n" in (entry / "status").read_text():
                        children.append(int(entry.name))
                except OSError:
                    pass
        return self._rss(me) + sum(self._rss(pid) for pid in children)

    def __enter__(self):
        def sample():
            while not self._stop.wait(0.1):
                self.peak = max(self.peak, self._tree())
        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def certificates_data(round_) -> None:
    """CERTIFICATES certificates over the district's committees, six a committee (rows of the table,
    as certification would issue them: what is measured is their printing)."""
    elections = db.session.scalars(select(CommitteeElection).where(
        CommitteeElection.round_id == round_.id, CommitteeElection.district_code == DISTRICT)
        .order_by(CommitteeElection.committee_code).limit(CERTIFICATES // len(POSTS))).all()
    rng = random.Random(17)
    for election in elections:
        for post in POSTS:
            db.session.add(Certificate(
                serial=serials.new_serial(), election_id=election.id, ballot_number=1, post=post,
                name=rng.choice(NAMES) + rng.choice("华强芳敏"), term_number=11, term_start=date(2026, 5, 16),
                term_end=date(2031, 5, 15), issuing_authority="朝阳区某街道办事处", issued_on=date(2026, 5, 18),
                issued_by="bench"))
    db.session.commit()


def timed_batch(kind: str, code: str, round_, workers: int, label: str) -> None:
    out = Path(tempfile.mkdtemp()) / f"{kind}.pdf"
    with TreeMemory() as memory:
        t = time.perf_counter()
        run_batch(kind, code, out, round_.id, False, workers)
        elapsed = time.perf_counter() - t
    db.session.rollback()
    pages = batches.join([out], Path(tempfile.mkdtemp()) / "count.pdf", kind)
    print(f"{label}: {pages} pages in {elapsed:.1f} s = {elapsed / pages * 1000:.1f} ms/page with {workers} "
          f"worker processes; peak memory (PSS) of the process tree {memory.peak / 2**20:.0f} MB; "
          f"{out.stat().st_size / 1e6:.1f} MB", flush=True)


def main():
    workers = int(os.environ.get("WORKERS", os.cpu_count() or 1))
    parts = os.environ.get("PARTS", "certificates,cards").split(",")
    app = bench_app()
    with app.test_request_context():
        round_ = services.open_round("基准测试", date(2026, 5, 1), date(2026, 6, 30), village_term=12,
                                     residential_term=11, ruleset="national-2026")
        db.session.commit()
        if "certificates" in parts:
            certificates_data(round_)
            chosen = db.session.scalars(select(Certificate).order_by(Certificate.id)).all()
            certificates.certificates_pdf(chosen[:1], number="warm-up")  # fonts
            t = time.perf_counter()
            for one in chosen[:10]:
                certificates.certificates_pdf([one], number="baseline")
            separate = (time.perf_counter() - t) / 10
            t = time.perf_counter()
            certificates.certificates_pdf(chosen[:200], number="baseline")
            rate = (time.perf_counter() - t) / 200
            print(f"baseline, one process: separate documents {separate * 1000:.0f} ms each; one document of 200 "
                  f"certificates {rate * 1000:.1f} ms/page (so {len(chosen)} pages ≈ {rate * len(chosen):.0f} s)")
            timed_batch("certificates", DISTRICT, round_, workers, f"district certificates ({len(chosen)})")
        if "cards" in parts:
            township = township_rolls(round_, random.Random(2026))
            db.session.commit()
            voter_cards_pdf(township[0], 1)  # warm-up
            t = time.perf_counter()
            for election in township[:2]:
                voter_cards_pdf(election, 1)
            one = (time.perf_counter() - t) / 2
            print(f"baseline, one process: a committee's 1,500 cards (188 pages) {one:.1f} s = "
                  f"{one / 188 * 1000:.0f} ms/page (so 20 committees ≈ {one * 20:.0f} s)", flush=True)
            timed_batch("cards", TOWNSHIP, round_, workers, "township voter cards (20 × 1,500)")


if __name__ == "__main__":
    main()
