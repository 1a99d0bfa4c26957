"""Personal data cannot leak to roles that see it masked: not by searching ID numbers digit by digit,
not through the audit log, not by a formula in an exported spreadsheet, not from a cache."""
import csv
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from elections.audit.models import AuditEntry
from elections.audit.services import record
from elections.candidates.models import Nominee
from elections.clock import beijing_today
from elections.extensions import db
from elections.geography.models import Division
from elections.rolls import idnumber, importer, services
from elections.rolls.models import Voter
from elections.rounds import services as rounds
from elections.spreadsheets import FORMULA_STARTS
from support.accounts import IN_COMMITTEE, IN_DISTRICT, IN_TOWNSHIP, login
from support.rolls_data import person, planned
from support.transactions import save

TODAY = beijing_today()
INJECTIONS = ["=HYPERLINK(\"http://evil.example\",\"点此\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.fixture
def election(app):
    round_ = rounds.open_round("2026年换届选举", TODAY - timedelta(days=5), TODAY + timedelta(days=80),
                               village_term=12, residential_term=11, ruleset="national-2026")
    election = planned(round_, IN_COMMITTEE, election_day=TODAY + timedelta(days=30))
    for n in range(1, 6):
        save(services.add_voter, election, person(n), today=TODAY)
    return election


def roll_url(election, code=IN_COMMITTEE, tail=""):
    return f"/rounds/{election.round_id}/rolls/{code}{tail}"


def first_number() -> str:
    return db.session.scalars(select(Voter.id_number).order_by(Voter.id)).first()


# ---- searching by ID number -----------------------------------------------------------------------

@pytest.mark.parametrize("code", [IN_COMMITTEE, IN_TOWNSHIP, IN_DISTRICT])
def test_an_observer_cannot_rebuild_a_masked_number_digit_by_digit(election, client, code):
    """The finding: adding one digit at a time to a prefix search revealed the whole number."""
    number = first_number()
    login(client, "observer")
    for length in (6, 10, 14, 17):
        page = client.get(roll_url(election, code), query_string={"q": number[:length]}).text
        assert "居民0001" not in page, length
    page = client.get(roll_url(election, code), query_string={"q": number}).text
    # The whole number finds the person, shown masked (the search box keeps what the observer typed).
    assert "居民0001" in page and page.count(number) == 1 and f'value="{number}"' in page


def test_those_who_manage_the_roll_find_people_by_the_start_of_their_number(election, client):
    number = first_number()
    login(client, "township")
    assert "居民0001" in client.get(roll_url(election), query_string={"q": number[:10]}).text


def test_searches_are_audited_with_the_number_masked(election, client):
    number = first_number()
    login(client, "observer")
    client.get(roll_url(election, IN_TOWNSHIP), query_string={"q": number})
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "lookup.roll_search")).all()
    assert entry.actor == "observer" and entry.after == {"query": idnumber.mask(number)}


def test_an_observer_is_slowed_down_after_many_lookups(election, client, app):
    app.config["PERSONAL_LOOKUPS"] = 5
    login(client, "observer")
    answers = [client.get(roll_url(election), query_string={"q": f"居民000{n}"}).status_code for n in range(1, 8)]
    assert answers == [200] * 5 + [429] * 2
    assert "查询个人信息的次数过多" in client.get(roll_url(election), query_string={"q": "x"}).text
    voter = db.session.scalars(select(Voter)).first()
    assert client.get(roll_url(election, tail=f"/voters/{voter.id}")).status_code == 429


def test_those_who_manage_the_roll_are_not_slowed_down(election, client, app):
    app.config["PERSONAL_LOOKUPS"] = 2
    login(client, "committee")
    assert {client.get(roll_url(election), query_string={"q": "居民"}).status_code for _ in range(5)} == {200}


# ---- the audit log --------------------------------------------------------------------------------

def test_the_audit_log_never_holds_a_whole_id_number(election, client):
    number = first_number()
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "roll.voter.add")).all()
    assert entries and all(number not in str(e.after) for e in entries)
    assert idnumber.mask(number) in str(entries[0].after)
    for username in ("observer", "committee", "district"):
        login(client, username)
        page = client.get("/audit/").text
        assert number not in page and idnumber.mask(number) in page, username
        client.post("/logout")


def test_entries_written_before_masking_are_masked_when_shown(election, client):
    """An entry of an older version of the app, with the whole number: the log shows it masked."""
    number = first_number()
    entry = record(None, IN_COMMITTEE, "roll.voter.add", "voter", 1, after={"id_number": number})
    db.session.flush()
    db.session.execute(AuditEntry.__table__.update().where(AuditEntry.id == entry.id)
                       .values(after={"id_number": number}))
    db.session.commit()
    login(client, "observer")
    page = client.get("/audit/", query_string={"action": "roll.voter.add"}).text
    assert number not in page and idnumber.mask(number) in page


def test_vetting_evidence_is_shown_in_the_log_only_to_those_who_may_open_the_vetting_file(election, client):
    record(None, IN_COMMITTEE, "vetting.finding", "finding", 1, after={"item": "TC-3", "evidence": "（2025）京0101刑初123号"})
    db.session.commit()
    for username, shown in (("observer", False), ("committee", False), ("township", True), ("district", True)):
        login(client, username)
        page = client.get("/audit/", query_string={"action": "vetting."}).text
        assert ("京0101刑初123号" in page) is shown, username
        assert "TC-3" in page
        client.post("/logout")


# ---- spreadsheets the app writes ------------------------------------------------------------------

def _cells_xlsx(data: bytes) -> list:
    book = load_workbook(io.BytesIO(data))
    return [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]


def _cells_csv(data: bytes) -> list:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


def _live(cells) -> list:
    return [c for c in cells if isinstance(c, str) and c.startswith(FORMULA_STARTS)]


@pytest.fixture
def injected(election):
    """Voters whose name, hukou place, household and group start like formulas; a committee name too."""
    for n, text in enumerate(INJECTIONS, start=20):
        save(services.add_voter, election, person(n, group=text, hukou_place=text), today=TODAY)
        voter = db.session.scalars(select(Voter).order_by(Voter.id.desc())).first()
        voter.name = text
    db.session.get(Division, IN_COMMITTEE).name = "=多福巷社区居委会"
    db.session.commit()
    return election


@pytest.mark.parametrize("username", ["township", "observer"])
def test_the_roll_export_holds_no_live_formula(injected, client, username):
    login(client, username)
    for code in (IN_COMMITTEE, IN_TOWNSHIP):
        response = client.get(roll_url(injected, code, "/export.xlsx"))
        assert response.status_code == 200
        cells = _cells_xlsx(response.data)
        assert _live(cells) == [], (username, code)
        assert "'=HYPERLINK(\"http://evil.example\",\"点此\")" in cells and "'\t=1+1" in cells


def test_the_templates_hold_no_live_formula(injected, client):
    login(client, "township")
    for url in (f"/rounds/{injected.round_id}/plan/{IN_TOWNSHIP}/template.xlsx",
                f"/rounds/{injected.round_id}/rolls/template/{IN_TOWNSHIP}.xlsx"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _live(_cells_xlsx(response.data)) == [], url


def test_the_import_problems_csv_holds_no_live_formula(injected, client):
    round_ = rounds.get_round(injected.round_id)
    lines = ["村(居)委会代码,姓名,公民身份号码,性别,出生日期,户号,居民小组,登记类别,户籍地,户代表"]
    lines += [f"{IN_COMMITTEE},{text.strip()},=1+2,,,@1,-g,1,+x,是" for text in INJECTIONS]
    roll_import = importer.check_import(round_, "\r\n".join(lines).encode(), "roll.csv", IN_TOWNSHIP, None)
    db.session.commit()
    login(client, "township")
    response = client.get(f"/rounds/{injected.round_id}/rolls/imports/{roll_import.id}/problems.csv")
    assert response.status_code == 200
    cells = _cells_csv(response.data)
    assert len(cells) > 8 and _live(cells) == []
    assert db.session.scalars(select(AuditEntry.action).where(AuditEntry.action == "roll.export")).all()


# ---- caches ---------------------------------------------------------------------------------------

def test_no_page_or_file_with_personal_data_is_kept_in_a_cache(election, client):
    login(client, "township")
    voter = db.session.scalars(select(Voter)).first()
    for url in (roll_url(election), roll_url(election, tail=f"/voters/{voter.id}"), roll_url(election, tail="/export.xlsx"),
                "/audit/", f"/geo/{IN_TOWNSHIP}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
    assert "no-store" not in client.get("/static/css/app.css").headers.get("Cache-Control", "")


def test_nominee_pages_and_vetting_files_count_as_lookups(app, client):
    """Observers read nominees, departments vetting files, both with the ID number masked: each view
    is in the log and counts towards the same limit."""
    from elections.candidates import services as candidates
    from support.candidates_data import NOMINATED_ON, id_of, nominating
    from support.rolls_data import open_round, user

    election = nominating(open_round(), IN_COMMITTEE, voters=30)
    save(candidates.add_joint_nomination, election, who=id_of(1), post="director", method="voters",
         signers=[id_of(n) for n in range(11, 21)], submitted_on=NOMINATED_ON, actor=user("committee"),
         today=NOMINATED_ON)
    nominee = db.session.scalars(select(Nominee).order_by(Nominee.id)).first()
    app.config["PERSONAL_LOOKUPS"] = 3
    for username, path in (("observer", f"/rounds/{election.round_id}/candidates/{IN_COMMITTEE}/nominees/{nominee.id}"),
                           ("department", f"/rounds/{election.round_id}/vetting/{IN_COMMITTEE}/nominees/{nominee.id}")):
        login(client, username)
        assert [client.get(path).status_code for _ in range(4)] == [200, 200, 200, 429], username
        client.post("/logout")
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("lookup.%"))).all()
    assert sorted(set(actions)) == ["lookup.nominee", "lookup.vetting_file"]
