"""Counting night in the browser forms, as clerks, the chair and the township use them: the sheet
refused with its blank line named, two clerks' different entries in the correction queue, the
chair's decision line by line, the result on the count page, the announcement read back from its
PDF, and the record that `flask results recount` turns into exactly the stored result."""
import json
import re

import pytest

from elections.clock import beijing_today
from elections.extensions import db
from support.accounts import IN_COMMITTEE, login
from support.pdf import pdf_fonts, pdf_text
from support.tally_data import NAMES, clerk2, form, voted

TODAY = beijing_today()
CLEAR = {1: 31, 2: 15, 3: 30, 4: 16, 5: 40, 6: 38, 7: 36, 8: 30, 9: 20}


def squash(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def night(app):
    election, ballot, places = voted(TODAY)
    clerk2()
    return election, ballot, places[0]


def base(election):
    return f"/rounds/{election.round_id}/count/{IN_COMMITTEE}"


def post_sheet(client, election, ballot, central, data, mode="enter", **extra):
    """The sheet as the page offers it (its version), then the form sent (tests run without CSRF)."""
    page = client.get(f"{base(election)}/ballots/{ballot.number}/boxes/{central.id}?mode={mode}")
    version = re.search(r'name="version" value="(\d+)"', page.get_data(as_text=True)).group(1)
    return client.post(f"{base(election)}/ballots/{ballot.number}/boxes/{central.id}",
                       data={"mode": mode, "version": version, **data, **extra})


def test_r_cert_1_two_clerks_a_mismatch_the_chair_decides_and_the_result_is_announced_the_same_day(client, night, tmp_path, runner):
    """R-CERT-1: the results announcement is printed the day the ballot is counted."""
    election, ballot, central = night
    login(client, "clerk")
    home = client.get("/").get_data(as_text=True)
    assert f"{base(election)}" in home  # the clerk's start page opens the count
    page = client.get(base(election)).get_data(as_text=True)
    assert "中心会场" in page and "录入计票单" in page
    sheet_page = client.get(f"{base(election)}/ballots/1/boxes/{central.id}").get_data(as_text=True)
    assert 'name="issued"' in sheet_page and 'value="50"' in sheet_page  # prefilled from the register
    data = form(ballot, issued=50, found=50, votes=CLEAR)
    blank = dict(data, found="")
    refused = post_sheet(client, election, ballot, central, blank)
    assert refused.status_code == 422 and "这一行为空" in squash(refused.get_data(as_text=True))
    assert ballot.sheets == []
    assert post_sheet(client, election, ballot, central, data).status_code == 302
    client.get("/logout")
    login(client, "clerk2")
    other = form(ballot, issued=50, found=50, votes={**CLEAR, 5: 41})
    assert post_sheet(client, election, ballot, central, other).status_code == 302
    db.session.expire_all()
    assert ballot.sheets[0].status == "mismatch"
    client.get("/logout")
    login(client, "committee")
    queue = client.get(base(election)).get_data(as_text=True)
    assert "纠错" in queue or "决定" in queue
    decide = client.get(f"{base(election)}/ballots/1/boxes/{central.id}?mode=resolve").get_data(as_text=True)
    assert decide.count('class="table-danger differs"') == 1 and NAMES[5] in decide
    done = post_sheet(client, election, ballot, central, data, mode="resolve", reason="核对原始计票单")
    assert done.status_code == 302, done.get_data(as_text=True)[:2000]
    db.session.expire_all()
    assert election.stage == "counted" and ballot.result["next"] == "none"
    shown = client.get(base(election)).get_data(as_text=True)
    assert 'id="result"' in shown and NAMES[1] in shown
    pdf = client.get(f"{base(election)}/ballots/1/announcement.pdf")
    text = squash(pdf_text(pdf.data, tmp_path))
    assert "结果公告" in text and "当选" in text and "总监票人" in text and "计票人" in text
    assert f"主任{NAMES[1]}（31票）" in text and "发出选票" in text
    assert "NotoSansCJK" in pdf_fonts(pdf.data, tmp_path) or "Noto" in pdf_fonts(pdf.data, tmp_path)
    record = client.get(f"{base(election)}/ballots/1/record.json")
    assert json.loads(record.get_data(as_text=True)) == ballot.record
    path = tmp_path / "record.json"
    assert runner.invoke(args=["results", "export", IN_COMMITTEE, "--out", str(path)]).exit_code == 0
    recount = runner.invoke(args=["results", "recount", str(path)])
    assert recount.exit_code == 0 and json.loads(recount.output) == ballot.result
    shown_json = runner.invoke(args=["results", "show", IN_COMMITTEE, "--json"])
    assert json.loads(shown_json.output) == ballot.result
    lines = runner.invoke(args=["results", "show", "--unit", "110101001000", "--json"]).output.splitlines()
    assert [json.loads(line) for line in lines] == [ballot.result]


def test_r_cert_3_the_township_certifies_and_the_clerk_can_no_longer_enter(client, night):
    election, ballot, central = night
    from support.tally_data import enter_twice
    enter_twice(ballot, central, TODAY, issued=50, found=50, votes=CLEAR)
    login(client, "committee")
    assert 'id="certify"' not in client.get(base(election)).get_data(as_text=True)
    client.get("/logout")
    login(client, "township")
    assert 'id="certify"' in client.get(base(election)).get_data(as_text=True)
    assert client.post(f"{base(election)}/certify").status_code == 302
    db.session.expire_all()
    assert election.stage == "certified"
    client.get("/logout")
    login(client, "clerk")
    page = client.get(base(election)).get_data(as_text=True)
    assert "录入计票单" not in page


def test_r_cert_3_an_amendment_after_certification_recounts_and_reissues_the_announcement(client, night, tmp_path):
    election, ballot, central = night
    from support.tally_data import enter_twice
    enter_twice(ballot, central, TODAY, issued=50, found=50, votes=CLEAR)
    login(client, "township")
    assert client.post(f"{base(election)}/certify").status_code == 302
    page = client.get(f"{base(election)}/ballots/1/boxes/{central.id}?mode=amend").get_data(as_text=True)
    assert 'value="31"' in page  # the final figures, to change
    changed = form(ballot, issued=50, found=50, votes={**CLEAR, 9: 21})
    refused = post_sheet(client, election, ballot, central, changed, mode="amend")
    assert refused.status_code == 422 and "请写明更正理由" in refused.get_data(as_text=True)
    done = post_sheet(client, election, ballot, central, changed, mode="amend", reason="复核发现漏计一票")
    assert done.status_code == 302
    db.session.expire_all()
    assert ballot.amended == 1 and election.stage == "certified"
    text = squash(pdf_text(client.get(f"{base(election)}/ballots/1/announcement.pdf").data, tmp_path))
    assert "更正公告" in text and "取代" in text
    client.get("/logout")
    login(client, "clerk")
    told = client.get(f"{base(election)}/ballots/1/boxes/{central.id}").get_data(as_text=True)
    assert 'id="not-for-you"' in told and "已确定" in told


def test_the_count_page_runs_as_many_statements_for_two_sheets_as_for_one(client, app):
    """No query per sheet or per entry: the page's statements do not grow with the sheets entered."""
    from support.queries import statements
    from support.rolls_data import user
    from support.tally_data import figures
    from support.transactions import save
    from elections.tallies import services as tallies
    election, ballot, places = voted(TODAY, issued=60, station=True)
    login(client, "township")
    counts = []
    for target in places:
        issued = tallies.box(ballot, target.id).register
        save(tallies.enter, ballot, target.id, figures(ballot, issued=issued, found=issued, votes={}), {},
             user("clerk"), today=TODAY)
        seen, page = statements(app, client, base(election))
        assert page.count('class="box-entered"') == len(counts) + 1
        counts.append(len(seen))
    assert counts[0] == counts[1], counts
