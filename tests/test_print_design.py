"""One print design for every document the app prints: each kind, printed from the demo (a training
round), carries the committee and the round in its header, the document number (文号), the page
and the print time in its footer, the 演练 watermark, and embedded Noto CJK fonts; page 1 of each
is saved as a PNG in test-artifacts/print-design/ to be looked at."""
import re
import subprocess

import pytest
from sqlalchemy import select

from support.apps import fresh_app
from support.pdf import pdf_fonts, pdf_pages, pdf_text
from support.walk import load_demo
from elections.candidates.models import CandidateList, Nominee, VettingFile
from elections.documents.models import Certificate
from elections.extensions import db
from elections.polling.models import PollingPlace
from elections.rolls.models import Objection, RollVersion
from elections.rounds.demo import DEMO_ROUND
from elections.rounds.models import CommitteeElection, Round

BIG, TOWNSHIP = "110101001001", "110101001000"  # 多福巷社区, 东华门街道


@pytest.fixture(scope="module")
def demo(databases):
    with fresh_app(databases, databases.snapshot("demo", load_demo)) as app:
        yield app


def _urls() -> dict[str, str]:
    round_ = db.session.scalar(select(Round).where(Round.name == DEMO_ROUND))
    r = f"/rounds/{round_.id}"
    big = db.session.scalar(select(CommitteeElection).where(CommitteeElection.round_id == round_.id,
                                                            CommitteeElection.committee_code == BIG))
    version = db.session.scalar(select(RollVersion.number).where(RollVersion.election_id == big.id)
                                .order_by(RollVersion.number.desc()).limit(1))
    objection = db.session.scalar(select(Objection.id).where(Objection.election_id == big.id,
                                                             Objection.decision.is_not(None)))
    listed = db.session.scalar(select(CandidateList.number).where(CandidateList.election_id == big.id))
    place = db.session.scalar(select(PollingPlace.id).where(PollingPlace.election_id == big.id,
                                                            PollingPlace.kind == "station"))
    barred = db.session.execute(select(Nominee.id, CommitteeElection.committee_code)
                                .join(VettingFile, VettingFile.nominee_id == Nominee.id)
                                .join(CommitteeElection, CommitteeElection.id == Nominee.election_id)
                                .where(VettingFile.decision == "barred", CommitteeElection.round_id == round_.id)).first()
    certified = db.session.scalar(select(CommitteeElection.committee_code).join(
        Certificate, Certificate.election_id == CommitteeElection.id).where(CommitteeElection.round_id == round_.id))
    return {
        "unit_list": f"/documents/units/{TOWNSHIP}.pdf",
        "voter_list": f"{r}/rolls/{BIG}/versions/{version}/list.pdf",
        "voter_cards": f"{r}/rolls/{BIG}/versions/{version}/cards.pdf",
        "objection_decision": f"{r}/rolls/{BIG}/objections/{objection}/notice.pdf",
        "candidate_notice": f"{r}/candidates/{BIG}/lists/{listed}.pdf",
        "vetting_decision": f"{r}/vetting/{barred[1]}/nominees/{barred[0]}/decision.pdf",
        "ballot": f"{r}/polling/{BIG}/ballot.pdf",
        "places_notice": f"{r}/polling/{BIG}/places.pdf",
        "place_voters": f"{r}/polling/{BIG}/places/{place}/voters.pdf",
        "proxies": f"{r}/polling/{BIG}/proxies.pdf",
        "results_announcement": f"{r}/count/{certified}/ballots/1/announcement.pdf",
        "certificates": f"/documents/rounds/{round_.id}/certificates/{certified}.pdf",
    }


def test_every_document_shares_the_print_design(demo, tmp_path, artifacts):
    client = demo.test_client()
    assert client.post("/login", data={"username": "admin", "password": "demo-2026-bj"}).status_code == 302
    with demo.app_context():
        urls = _urls()
    out = artifacts / "print-design"
    out.mkdir(exist_ok=True)
    for kind, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == "application/pdf", (kind, url)
        data = response.data
        text = "".join(pdf_text(data, tmp_path).split())
        pages = pdf_pages(data, tmp_path)
        assert pages >= 1
        # The footer on every page: the document number, the page of the total, the print time.
        number = r"证书编号[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}第" if kind == "certificates" else r"文号[A-Z]{2}-\d{12}"
        assert len(re.findall(number, text)) >= pages, kind
        assert all(f"第{n}页/共{pages}页" in text for n in range(1, pages + 1)), kind
        assert len(re.findall(r"打印于\d{4}-\d\d-\d\d\d\d:\d\d", text)) == pages, kind
        # The header: the committee's township or district first, and the round (every kind but the
        # unit list, which is of no round).
        assert re.search(r"(区|街道办事处|镇|乡)", text[:60]), (kind, text[:60])
        if kind != "unit_list":
            assert text.count(DEMO_ROUND) >= pages, kind
            assert "演" in text and "练" in text, kind  # the training round's watermark
        assert re.search(r"Noto-?(Serif|Sans)-?CJK-?SC.*\byes\s+yes\b", pdf_fonts(data, tmp_path)), kind
        (tmp_path / "doc.pdf").write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", str(tmp_path / "doc.pdf"),
                        str(out / kind)], check=True)
        assert (out / f"{kind}.png").stat().st_size > 10_000  # drawn, not blank
