"""Batch printing: a jurisdiction's certificates (R-CERT-2), announcements (R-CERT-1) or voter cards
(R-ROLL-5) as one PDF in committee-code order, in the background with progress, from the browser
and from `flask documents`, and through the real Huey consumer."""
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from support.accounts import IN_TOWNSHIP, login
from support.pdf import pdf_pages, pdf_text
from support.rolls_data import person, user
from support.tally_data import CLEAR, enter_twice, voted
from support.transactions import save
from elections.documents import batches, certificates
from elections.documents.models import PrintJob
from elections.extensions import db
from elections.geography.models import Division
from elections.results import services as results

DAY = date(2026, 6, 6)
ROOT = Path(__file__).resolve().parent.parent


def squash(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def two_certified(app):
    """Two committees of 东华门街道 counted and certified: twelve certificates."""
    made = []
    # Certified out of code order; 银闸's people are born ten years earlier, so not the same people.
    for code, born in (("110101001002", date(1970, 1, 1)), ("110101001001", date(1980, 1, 1))):
        election, ballot, (central,) = voted(DAY, code=code, people=lambda n, born=born: person(n, born=born))
        enter_twice(ballot, central, DAY, issued=50, found=50, votes=CLEAR)
        save(results.certify, election, user("township"), today=DAY)
        made.append(election)
    return made


def test_r_cert_2_a_township_prints_all_its_certificates_in_the_background(two_certified, client, tmp_path):
    login(client, "township")
    round_id = two_certified[0].round_id
    page = client.get(f"/documents/rounds/{round_id}/batches/{IN_TOWNSHIP}")
    assert page.status_code == 200 and "批量打印" in page.get_data(as_text=True)
    response = client.post(f"/documents/rounds/{round_id}/batches/{IN_TOWNSHIP}", data={"kind": "certificates"})
    assert response.status_code == 302
    job = db.session.scalar(select(PrintJob).order_by(PrintJob.id.desc()))
    db.session.refresh(job)
    assert (job.kind, job.status, job.documents, job.pages_done, job.pages_total) == ("certificates", "done", 12, 12, 12)
    progress = client.get(f"/documents/jobs/{job.id}.json").get_json()
    assert progress["status"] == "done" and progress["pages_done"] == 12
    data = client.get(f"/documents/jobs/{job.id}.pdf").data
    assert pdf_pages(data, tmp_path) == 12
    pages = [squash(p) for p in pdf_text(data, tmp_path).split("\f") if p.strip()]
    # Ordered by committee code: 多福巷 (…001) before 银闸 (…002), each by post.
    assert [("多福巷" in p, "委员会主任。" in p) for p in pages[:2]] == [(True, True), (True, False)]
    assert all("银闸社区" in p for p in pages[6:])
    db.session.expire_all()
    assert all(c.printed_at is not None for e in two_certified for c in certificates.certificates_of(e))
    # Only the new: none left, and the page says why.
    again = client.post(f"/documents/rounds/{round_id}/batches/{IN_TOWNSHIP}",
                        data={"kind": "certificates", "only_new": "1"})
    assert again.status_code == 422 and "还没有可打印的当选证书" in again.get_data(as_text=True)
    # A re-issued certificate is new again.
    old = certificates.certificates_of(two_certified[0])[0]
    save(certificates.reissue, old, "遗失", user("township"))
    client.post(f"/documents/rounds/{round_id}/batches/{IN_TOWNSHIP}", data={"kind": "certificates", "only_new": "1"})
    latest = db.session.scalar(select(PrintJob).order_by(PrintJob.id.desc()))
    db.session.refresh(latest)
    assert (latest.documents, latest.status) == (1, "done")
    assert "补发证书" in squash(pdf_text(client.get(f"/documents/jobs/{latest.id}.pdf").data, tmp_path))
    # Another township's official sees neither the job nor its file.
    login(client, "township_out")
    assert client.get(f"/documents/jobs/{job.id}.pdf").status_code == 404


def test_r_cert_1_a_district_prints_every_announcement(two_certified, client, tmp_path):
    login(client, "district")
    round_id = two_certified[0].round_id
    client.post(f"/documents/rounds/{round_id}/batches/110101000000", data={"kind": "announcements"})
    job = db.session.scalar(select(PrintJob).order_by(PrintJob.id.desc()))
    db.session.refresh(job)
    assert job.status == "done" and job.documents == 2
    text = squash(pdf_text(client.get(f"/documents/jobs/{job.id}.pdf").data, tmp_path))
    assert text.index("多福巷社区第十一届居民委员会选举结果公告") < text.index("银闸社区第十一届居民委员会选举结果公告")


def test_r_roll_5_voter_cards_of_a_township_a_deck_a_part(two_certified, app, tmp_path):
    round_ = two_certified[0].round
    township = db.session.get(Division, IN_TOWNSHIP)
    parts, documents, pages = batches.plan_parts("cards", round_.id, township)
    assert len(parts) == documents == 2 and pages == 2 * 8  # 60 voters each: 8 sheets of 8 cards
    job = save(batches.plan, "cards", round_.id, township, user("township"))
    for index in range(job.parts):
        assert batches.begin(job.id)
        pages = batches.render_part(job.id, index)
        last = batches.part_done(job.id, pages)
        db.session.commit()
    assert last
    batches.finish(job.id)
    db.session.commit()
    data = batches.output(job).read_bytes()
    assert pdf_pages(data, tmp_path) == 16
    text = pdf_text(data, tmp_path)
    assert squash(text).count("姓名") == 120 and squash(text).count("第8页/共8页") == 2  # each deck numbered alone


def test_flask_documents_certificates_writes_the_batch(two_certified, runner, tmp_path):
    out = tmp_path / "district.pdf"
    result = runner.invoke(args=["documents", "certificates", "--unit", "110101000000", "--out", str(out),
                                 "--round", str(two_certified[0].round_id), "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "12" in result.output and pdf_pages(out.read_bytes(), tmp_path) == 12
    again = runner.invoke(args=["documents", "certificates", "--unit", "110101000000", "--out", str(out),
                                "--round", str(two_certified[0].round_id), "--only-new"])
    assert again.exit_code == 2 and "R-CERT-2" in again.output
    bad = runner.invoke(args=["documents", "cards", "--unit", "110101001001", "--out", str(out)])
    assert bad.exit_code == 2


def test_the_real_huey_consumer_prints_a_queued_batch(two_certified, app, tmp_path):
    """Not in immediate mode: the job is queued in a SQLite Huey file and a consumer with two worker
    processes, as scripts/demo.sh starts it, renders and joins the parts."""
    township = db.session.get(Division, IN_TOWNSHIP)
    job = save(batches.plan, "certificates", two_certified[0].round_id, township, user("township"))
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "test",
           "HUEY_SQLITE": str(tmp_path / "huey.db"), "PRINTS_FOLDER": app.config["PRINTS_FOLDER"]}
    subprocess.run([sys.executable, "-c", "from elections.documents import jobs\n"
                    f"for i in range({job.parts}): jobs.render_part({job.id}, i)"], env=env, check=True, cwd=ROOT)
    consumer = subprocess.Popen([str(Path(sys.executable).parent / "huey_consumer"), "elections.documents.jobs.huey",
                                 "-k", "process", "-w", "2"], env=env, cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            status = db.session.scalar(select(PrintJob.status).where(PrintJob.id == job.id))
            db.session.rollback()  # hold no lock on SQLite while the workers write
            if status in ("done", "failed"):
                break
            time.sleep(0.5)
    finally:
        consumer.terminate()
        consumer.wait(10)
    done = db.session.get(PrintJob, job.id)
    assert done.status == "done", done.error
    assert pdf_pages(batches.output(done).read_bytes(), tmp_path) == 12
