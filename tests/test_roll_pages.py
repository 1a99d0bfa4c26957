"""The roll pages: what each role sees and may change, masking of ID numbers, exports in the audit log."""
import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from support.accounts import IN_COMMITTEE, IN_TOWNSHIP, login
from elections.audit.models import AuditEntry
from elections.extensions import db
from elections.rolls import idnumber, services
from elections.rolls.models import Objection, RollVersion, Voter
from elections.rounds import services as rounds
from support.rolls_data import person, planned
from support.transactions import save


@pytest.fixture
def election(app):
    from elections.clock import beijing_today
    today = beijing_today()
    round_ = rounds.open_round("2026年换届选举", today - timedelta(days=5), today + timedelta(days=80),
                               village_term=12, residential_term=11, ruleset="national-2026")
    election = planned(round_, IN_COMMITTEE, election_day=today + timedelta(days=30), venue="多福巷社区居委会会议室")
    for n in range(1, 6):
        save(services.add_voter, election, person(n, group="第一居民小组" if n < 4 else "第二居民小组"),
             today=today)
    return election


def url(election, tail=""):
    return f"/rounds/{election.round_id}/rolls/{IN_COMMITTEE}{tail}"


def audit(action):
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def first_voter():
    return db.session.scalars(select(Voter).order_by(Voter.id)).first()


def test_managers_see_whole_id_numbers_observers_masked(election, client):
    number = first_voter().id_number
    login(client, "committee")
    page = client.get(url(election)).text
    assert number in page and "居民0001" in page and "第二居民小组" in page
    client.post("/logout")
    login(client, "observer")
    page = client.get(url(election)).text
    assert number not in page and idnumber.mask(number) in page
    assert client.post(url(election, "/voters/new"), data={}).status_code == 403


def test_search_by_name_and_by_id_number(election, client):
    login(client, "township")
    number = first_voter().id_number
    assert "居民0002" in client.get(url(election), query_string={"q": "0002"}).text
    page = client.get(url(election), query_string={"q": number}).text
    assert "居民0001" in page and "居民0002" not in page
    township = client.get(f"/rounds/{election.round_id}/rolls/{IN_TOWNSHIP}", query_string={"q": "居民0003"}).text
    assert "居民0003" in township and "多福巷" in township


def test_adding_a_voter_by_form_and_the_reasons_for_a_refusal(election, client):
    login(client, "committee")
    form = {"name": "李四", "id_number": idnumber.make("110101", election.election_day.replace(year=2000), 3)[:-1] + "0",
            "household": "H9", "category": "1"}
    refused = client.post(url(election, "/voters/new"), data=form)
    assert refused.status_code == 422 and "R-ROLL-6" in refused.text and "校验码" in refused.text
    form["id_number"] = idnumber.make("110101", election.election_day.replace(year=2000), 3)
    assert client.post(url(election, "/voters/new"), data=form).status_code == 302
    assert audit("roll.voter.add")[-1].after["name"] == "李四"


def test_publishing_from_the_page_and_the_late_refusal(election, client):
    login(client, "committee")
    done = client.post(url(election, "/publish"))
    assert done.status_code == 302
    assert db.session.scalar(select(RollVersion)).number == 1
    page = client.get(url(election)).text
    assert "/versions/1/list.pdf" in page and "/versions/1/cards.pdf" in page
    pdf = client.get(url(election, "/versions/1/list.pdf"))
    assert pdf.mimetype == "application/pdf"
    assert audit("roll.print")[0].after == {"what": "list", "version": 1}


def test_late_publication_needs_a_district_official(election, client):
    from elections.clock import beijing_today
    election.election_day = beijing_today() + timedelta(days=10)
    db.session.commit()
    login(client, "committee")
    late = client.post(url(election, "/publish"))
    assert late.status_code == 422 and "R-ROLL-5" in late.text
    client.post("/logout")
    login(client, "district")
    assert client.post(url(election, "/publish"), data={"override_reason": "经区民政局批准"}).status_code == 302
    assert db.session.scalar(select(RollVersion)).overridden == ["R-ROLL-5"]


def test_voter_actions_remove_exclude_restore(election, client):
    login(client, "committee")
    voter = first_voter()
    assert client.post(url(election, f"/voters/{voter.id}/exclude"),
                       data={"reason": "unreachable", "note": "三次未联系上"}).status_code == 302
    db.session.refresh(voter)
    assert voter.status == "not_registered"
    from elections.clock import beijing_today
    assert client.post(url(election, f"/voters/{voter.id}/restore"),
                       data={"cause_ended_on": beijing_today().isoformat()}).status_code == 302
    db.session.refresh(voter)
    assert voter.status == "registered"
    assert client.post(url(election, f"/voters/{voter.id}/remove"), data={"reason": "died"}).status_code == 302
    db.session.refresh(voter)
    assert (voter.status, voter.status_reason) == ("removed", "died")
    assert client.post(url(election, f"/voters/{voter.id}/nonsense")).status_code == 404


def test_objection_lodged_decided_and_printed(election, client):
    from elections.clock import beijing_today
    login(client, "committee")
    client.post(url(election, "/publish"))
    voter = first_voter()
    lodged = client.post(url(election, "/objections"), data={
        "lodged_by": "王某", "request": "remove", "subject_voter": voter.number, "subject_name": voter.name,
        "grounds": "已于三月迁出", "received_on": beijing_today().isoformat()})
    assert lodged.status_code == 302
    objection = db.session.scalar(select(Objection))
    decided = client.post(url(election, f"/objections/{objection.id}"), data={
        "decision": "upheld", "text": "经核实已迁出，从选民名单中删除", "decided_on": beijing_today().isoformat()})
    assert decided.status_code == 302
    db.session.refresh(voter)
    assert voter.status == "removed"
    notice = client.get(url(election, f"/objections/{objection.id}/notice.pdf"))
    assert notice.mimetype == "application/pdf"
    pending = client.get(url(election)).text.split('id="pending"')[1].split("</ul>")[0]
    assert voter.name in pending and "异议成立" in pending  # R-ROLL-7: waiting for version 2


def test_export_is_masked_for_observers_and_audited(election, client):
    number = first_voter().id_number
    login(client, "observer")
    data = client.get(url(election, "/export.xlsx")).data
    sheet = load_workbook(io.BytesIO(data)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert idnumber.mask(number) in values and number not in values
    client.post("/logout")
    login(client, "township")
    data = client.get(f"/rounds/{election.round_id}/rolls/{IN_TOWNSHIP}/export.xlsx").data
    values = [c.value for row in load_workbook(io.BytesIO(data)).active.iter_rows() for c in row]
    assert number in values
    entries = audit("roll.export")
    assert [(e.actor, e.after["masked"], e.after["rows"]) for e in entries] == [("observer", True, 5),
                                                                               ("township", False, 5)]


def test_group_representatives_from_the_group_page(election, client):
    login(client, "committee")
    voter = first_voter()
    group = voter.household.group
    page = client.get(url(election, f"/groups/{group.id}")).text
    assert "居民0001" in page
    refused = client.post(url(election, f"/groups/{group.id}"),
                          data={"voters": str(voter.id), "elected_on": "2026-01-01"})
    assert refused.status_code == 422 and "R26-MODE" in refused.text


def test_township_batch_prints_in_the_browser_up_to_its_limit(election, client, monkeypatch, tmp_path):
    from support.pdf import pdf_text
    from elections.rolls import views
    login(client, "township")
    batch = f"/rounds/{election.round_id}/rolls/{IN_TOWNSHIP}/batch/list.pdf"
    early = client.get(batch)
    assert early.status_code == 302  # nothing published yet: back to the page with a message
    client.post(url(election, "/publish"))
    printed = client.get(batch)
    assert printed.mimetype == "application/pdf" and "居民0005" in pdf_text(printed.data, tmp_path)
    monkeypatch.setitem(views.WEB_BATCH_LIMITS, "list", 4)
    refused = client.get(batch, follow_redirects=True)
    assert "flask rolls print 110101001000 --what list" in refused.text


def test_a_townships_voter_cards_print_in_the_background(election, client, tmp_path):
    """R-ROLL-5: a township's cards take minutes: the roll page sends the official to batch printing."""
    from support.pdf import pdf_pages
    login(client, "township")
    client.post(url(election, "/publish"))
    page = client.get(f"/rounds/{election.round_id}/rolls/{IN_TOWNSHIP}").text
    assert f"/documents/rounds/{election.round_id}/batches/{IN_TOWNSHIP}" in page
    moved = client.get(f"/rounds/{election.round_id}/rolls/{IN_TOWNSHIP}/batch/cards.pdf")
    assert moved.status_code == 302 and moved.location.endswith(f"/batches/{IN_TOWNSHIP}")
    started = client.post(f"/documents/rounds/{election.round_id}/batches/{IN_TOWNSHIP}", data={"kind": "cards"},
                          follow_redirects=True)
    assert "下载 PDF" in started.text
    job = started.text.split("/documents/jobs/", 1)[1].split(".", 1)[0]
    assert pdf_pages(client.get(f"/documents/jobs/{job}.pdf").data, tmp_path) >= 1


def test_a_file_too_large_is_refused_in_the_users_language(app, election, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    login(client, "township")
    refused = client.post(f"/rounds/{election.round_id}/rolls/import/{IN_TOWNSHIP}", data={"file": (io.BytesIO(b"x" * 4096), "a.csv")})
    assert refused.status_code == 413 and "未保存任何内容" in refused.text


def test_after_the_objection_period_the_page_offers_no_form(election, client):
    """R-ROLL-5: objections within 5 days of publication; after that the page says the period closed."""
    login(client, "committee")
    client.post(url(election, "/publish"))
    assert 'id="objection-form"' in client.get(url(election)).text
    version = db.session.scalar(select(RollVersion))
    version.published_on -= timedelta(days=6)
    db.session.commit()
    page = client.get(url(election)).text
    assert 'id="objection-form"' not in page and "异议期已于" in page


# ---- the voter's number on the roll (编号) ------------------------------------------------------

def numbers_shown(page: str) -> dict[str, int]:
    """Name → the number the roll page shows in its first column, row by row."""
    table = page.split('id="voter-table"')[1].split("</table>")[0]
    rows = [re.search(r'<td class="code">(\d+)</td>.*?<a href="[^"]+">([^<]+)</a>', row, flags=re.S)
            for row in table.split("<tr")[2:]]
    return {found.group(2): int(found.group(1)) for found in rows if found}


def test_r_roll_7_voters_are_numbered_per_roll_and_keep_their_numbers(election, client):
    """Numbers run 1, 2, 3 … within the committee, in the order people were added; a removal
    leaves a gap and an addition after publication takes the next number, on every version."""
    from elections.clock import beijing_today
    today = beijing_today()
    login(client, "committee")
    assert numbers_shown(client.get(url(election)).text) == {f"居民{n:04d}": n for n in range(1, 6)}
    client.post(url(election, "/publish"))
    second = db.session.scalar(select(Voter).where(Voter.number == 2))
    save(services.remove_voter, second, "moved_out", "迁往昌平", today=today)
    save(services.add_voter, election, person(9), reason="moved_in", today=today)
    client.post(url(election, "/publish"))
    shown = numbers_shown(client.get(url(election)).text)
    assert shown == {"居民0001": 1, "居民0002": 2, "居民0003": 3, "居民0004": 4, "居民0005": 5, "居民0009": 6}
    other = rounds.election_for(election.round, "110101001002")
    rounds.update_plan(other, {"election_day": election.election_day, "seats_director": 1,
                               "seats_deputy_director": 1, "seats_member": 3, "mode": "direct"})
    save(services.add_voter, other, person(20), today=today)
    assert db.session.scalar(select(Voter.number).where(Voter.election_id == other.id)) == 1  # its own roll
    # The number finds the voter; an ID number still does.
    assert list(numbers_shown(client.get(url(election), query_string={"q": "6"}).text)) == ["居民0009"]


def test_an_objection_names_the_voter_by_number_on_this_roll(election, client):
    from elections.clock import beijing_today
    login(client, "committee")
    client.post(url(election, "/publish"))
    fourth = db.session.scalar(select(Voter).where(Voter.number == 4))
    data = {"lodged_by": "王某", "request": "remove", "subject_name": fourth.name, "grounds": "已迁出",
            "received_on": beijing_today().isoformat()}
    assert client.post(url(election, "/objections"), data={**data, "subject_voter": 4}).status_code == 302
    assert db.session.scalar(select(Objection.subject_voter_id)) == fourth.id
    # A number not on this roll (the database id of nobody here) finds nobody: refused.
    missing = client.post(url(election, "/objections"), data={**data, "subject_voter": 99})
    assert missing.status_code == 422 and db.session.scalar(select(func.count()).select_from(Objection)) == 1


def test_the_roll_page_shows_a_hundred_voters_a_page(election, client):
    from elections.clock import beijing_today
    for n in range(6, 231):
        save(services.add_voter, election, person(n), today=beijing_today())
    login(client, "committee")
    first = client.get(url(election)).text
    assert len(numbers_shown(first)) == 100 and "230" in first.split('id="voter-table"')[1]
    pages = [numbers_shown(client.get(url(election), query_string={"page": n}).text) for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [100, 100, 30]  # by group and household, each voter once
    assert sorted(n for p in pages for n in p.values()) == list(range(1, 231))
