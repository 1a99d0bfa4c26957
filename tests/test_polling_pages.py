"""The election-day page as the election committee uses it: places, staff, an issuer's account
whose password is shown once, proxies, the printed notices and ballot read back from the PDFs,
and the live turnout on the township, district and city pages."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from elections.accounts.models import User
from elections.audit.models import AuditEntry
from elections.clock import beijing_today
from elections.extensions import db
from elections.polling import issuance
from elections.polling.models import PollingPlace, Proxy, StaffAssignment
from support.accounts import IN_COMMITTEE, login
from support.pdf import pdf_fonts, pdf_pages, pdf_text
from support.polling_data import CANDIDATES, published_election
from support.rolls_data import user
from support.transactions import save

TODAY = beijing_today()


def squash(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def election(app):
    return published_election(IN_COMMITTEE, TODAY + timedelta(days=3))


def url(election, path=""):
    return f"/rounds/{election.round_id}/polling/{IN_COMMITTEE}{path}"


def test_the_committee_prepares_places_staff_an_issuer_and_proxies_in_the_browser_forms(client, election):
    login(client, "committee")
    page = client.get(url(election))
    assert page.status_code == 200 and 'id="no-places"' in page.get_data(as_text=True)
    added = client.post(url(election, "/places"), data={"kind": "central", "name": "中心会场", "address": "多福巷1号",
                                                        "opens": "08:00", "closes": "17:00"})
    assert added.status_code == 302
    bad = client.post(url(election, "/places"), data={"kind": "mobile", "name": "流动票箱一", "opens": "09:00",
                                                      "closes": "08:00", "voters": "41, 42"})
    assert bad.status_code == 422 and "结束时间必须晚于开始时间" in bad.get_data(as_text=True)
    box = client.post(url(election, "/places"), data={"kind": "mobile", "name": "流动票箱一", "opens": "09:00",
                                                      "closes": "11:00", "voters": "41、42\n居民0043"})
    assert box.status_code == 302
    mobile = db.session.scalar(select(PollingPlace).where(PollingPlace.kind == "mobile"))
    assert len(mobile.serves["voters"]) == 3
    central = db.session.scalar(select(PollingPlace).where(PollingPlace.kind == "central"))
    refused = client.post(url(election, f"/places/{central.id}/staff"), data={"who": "1", "role": "scrutineer"})
    assert refused.status_code == 422 and "R-CAND-6" in refused.get_data(as_text=True)
    assert client.post(url(election, f"/places/{central.id}/staff"), data={"who": "30", "role": "issuer"}
                       ).status_code == 302
    assignment = db.session.scalar(select(StaffAssignment).where(StaffAssignment.role == "issuer"))
    shown = client.post(url(election, f"/staff/{assignment.id}/account"))
    text = shown.get_data(as_text=True)
    username = re.search(r'id="new-username">([^<]+)<', text).group(1)
    password = re.search(r'id="new-password">([^<]+)<', text).group(1)
    account = db.session.scalar(select(User).where(User.username == username))
    assert account.role == "issuer" and account.unit_code == IN_COMMITTEE
    assert password not in client.get(url(election)).get_data(as_text=True)  # shown once
    assert password not in str([e.after for e in db.session.scalars(select(AuditEntry))])
    recorded = client.post(url(election, "/proxies"), data={"principal": "44", "holder": "45",
                                                            "signed_on": TODAY.isoformat(), "reason": "出差"})
    assert recorded.status_code == 302
    candidate = client.post(url(election, "/proxies"), data={"principal": "46", "holder": "2",
                                                             "signed_on": TODAY.isoformat()})
    assert candidate.status_code == 422 and "R-CAND-6" in candidate.get_data(as_text=True)
    assert db.session.scalar(select(Proxy.holder_id).where(Proxy.withdrawn_on.is_(None))) is not None
    issuer = client.application.test_client()
    login(issuer, username, password)
    assert issuer.get("/issue").status_code == 200


def test_the_printed_ballot_notice_proxies_and_box_list_say_what_the_data_says(client, election, tmp_path,
                                                                                 artifacts):
    from support.polling_data import place, scrutineers
    from elections.polling import services
    central = place(election, "central", staff=[(30, "issuer")])
    mobile = place(election, "mobile", voters=[41, 42], staff=scrutineers(31))
    save(services.record_proxy, election, "44", "45", TODAY, "出差", user("committee"))
    login(client, "committee")
    ballot = client.get(url(election, "/ballot.pdf"))
    assert ballot.status_code == 200 and ballot.mimetype == "application/pdf"
    (artifacts / "ballot.pdf").write_bytes(ballot.data)
    text = squash(pdf_text(ballot.data, tmp_path))
    assert "多福巷社区第十一届居民委员会选举选票" in text and "样票" not in text
    assert "主任（应选1名）" in text and "委员（应选4名）" in text and "另选他人" in text
    members = [f"居民{n:04d}" for n, post, _v in sorted(CANDIDATES, key=lambda c: -c[2]) if post == "member"]
    assert text.index(members[0]) < text.index(members[1]) < text.index(members[-1])  # R-CAND-5: list order
    assert "多于应选名额的，该职务的选票无效" in text
    assert pdf_pages(ballot.data, tmp_path) == 1 and "CJK" in pdf_fonts(ballot.data, tmp_path)
    specimen = client.get(url(election, "/specimen.pdf"))
    (artifacts / "ballot-specimen.pdf").write_bytes(specimen.data)
    assert "样票" in squash(pdf_text(specimen.data, tmp_path))
    notice = client.get(url(election, "/places.pdf"))
    (artifacts / "places-notice.pdf").write_bytes(notice.data)
    text = squash(pdf_text(notice.data, tmp_path))
    assert "多福巷社区选举投票站点公告" in text and "中心会场" in text and "流动票箱" in text and "2名选民" in text
    listed = client.get(url(election, f"/places/{mobile.id}/voters.pdf"))
    (artifacts / "mobile-box-voters.pdf").write_bytes(listed.data)
    text = squash(pdf_text(listed.data, tmp_path))
    assert "居民0041" in text and "居民0042" in text and "居民0043" not in text and "共2人" in text
    assert client.get(url(election, f"/places/{central.id}/voters.pdf")).status_code == 404
    proxies = client.get(url(election, "/proxies.pdf"))
    (artifacts / "proxies.pdf").write_bytes(proxies.data)
    text = squash(pdf_text(proxies.data, tmp_path))
    assert "居民0044" in text and "居民0045" in text and "委托投票人员名单公告" in text and "不得超过3人" in text
    audited = db.session.scalars(select(AuditEntry.after).where(AuditEntry.action == "polling.print")).all()
    assert sorted(a["what"] for a in audited) == ["ballot", "place_voters", "places", "proxies", "specimen"]


def test_turnout_is_live_on_the_committee_township_district_and_city_pages(client, app):
    from support.polling_data import place
    election = published_election(IN_COMMITTEE, TODAY)
    central = place(election, "central")
    for n in range(40, 55):
        save(issuance.issue, central, str(n), f"key-page-{n}", None)
    login(client, "city")
    for code in ("110000000000", "110101000000", "110101001000"):
        page = client.get(f"/geo/{code}?round={election.round_id}").get_data(as_text=True)
        assert 'id="rollup-issued">15<' in page and 'id="rollup-electorate">60<' in page, code
        assert 'id="rollup-share">25.0%<' in page
    page = client.get(url(election)).get_data(as_text=True)
    assert 'id="turnout-issued">15<' in page and 'id="turnout-share">25.0%<' in page


def test_flask_polling_prints_turnout_and_the_ballot(runner, app, tmp_path):
    from support.polling_data import place
    election = published_election(IN_COMMITTEE, TODAY)
    central = place(election, "central")
    for n in range(40, 46):
        save(issuance.issue, central, str(n), f"key-cli-{n}", None)
    result = runner.invoke(args=["polling", "turnout", "--unit", "110101001000", "--round", str(election.round_id)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"{IN_COMMITTEE}\t多福巷社区居委会\t1\t60\t6\t10.0%",
                                          "110101001000\t东华门街道办事处\t1\t60\t6\t10.0%"]
    out = tmp_path / "ballot.pdf"
    result = runner.invoke(args=["polling", "print", IN_COMMITTEE, "--what", "specimen", "--out", str(out),
                                 "--round", str(election.round_id)])
    assert result.exit_code == 0, result.output
    assert "样票" in squash(pdf_text(out.read_bytes(), tmp_path))
    bad = runner.invoke(args=["polling", "turnout", "--unit", "999"])
    assert bad.exit_code == 2
