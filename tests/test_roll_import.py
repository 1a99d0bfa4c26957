"""Roll imports through the importer and the pages: each rule by id, all or nothing, notices, scope.

The round runs under national-2026 with election day 2026-02-28 in every committee used here, so
that the R-ROLL-1 boundaries fall on a common-year 28 February.
"""
import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from support.accounts import IN_COMMITTEE, IN_TOWNSHIP, login
from elections.audit.models import AuditEntry
from elections.clock import beijing_today
from elections.extensions import db
from elections.geography.codes import CITY_CODE
from elections.rolls import importer
from elections.rolls.idnumber import make
from elections.rolls.models import (Household, ImportProblem, ImportRow, RollImport, RollVersion, Voter,
                                    VoterGroup)
from elections.rolls.roll_file import HEADERS, OPTIONAL_HEADERS
from elections.rounds import services
from elections.rounds.models import Round
from support.transactions import refused

DUOFU, YINZHA = IN_COMMITTEE, "110101001002"  # 多福巷社区居委会, 银闸社区居委会 (东华门街道)
UNPLANNED = "110101001005"  # in 东华门街道, without an election day
VILLAGE = "110116107201"  # 小梁前村委会 (汤河口镇)
OUTSIDE = "110102001001"  # 南北长街社区居委会 (西城区)
DAY = date(2026, 2, 28)
HEADER = [*HEADERS.values(), *OPTIONAL_HEADERS.values()]


def number(born: date, sequence: int = 11, area: str = "110101") -> str:
    return make(area, born, sequence)


def person(name: str, born=date(1980, 5, 17), sequence: int = 11, *, code=DUOFU, household="0001",
           group="第一居民小组", category=1, representative=True, id_number=None, sex="", birth="",
           address="", consent_on="", consent_body="", opted_in_on="2026-01-05", relatives="") -> list:
    """A row in every column; residents say they will take part on 5 January unless told (R26-ROLL)."""
    return [code, name, id_number or number(born, sequence), sex, birth, household, group, str(category),
            "北京市东城区", "是" if representative else "否", address, consent_on, consent_body, opted_in_on, relatives]


def write(tmp_path, rows: list[list], name="roll.csv"):
    path = tmp_path / name
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([HEADER, *rows])
    return path


def check(round_, tmp_path, rows, scope=CITY_CODE) -> RollImport:
    return importer.check_import(round_, write(tmp_path, rows), "roll.csv", scope, None)


def report(roll_import) -> list[tuple]:
    """(row, column, message with its parameters, rule, severity), in row order."""
    return [(p.row, p.column, p.message % p.params if p.params else p.message, p.rule, p.severity)
            for p in db.session.scalars(select(ImportProblem).where(ImportProblem.import_id == roll_import.id)
                                        .order_by(ImportProblem.row, ImportProblem.id))]


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def round_(app) -> Round:
    round_ = services.open_round("2026年换届选举", date(2026, 1, 1), date(2026, 6, 30), village_term=12,
                                 residential_term=11, ruleset="national-2026")
    for code in (DUOFU, YINZHA, VILLAGE, OUTSIDE):
        services.update_plan(services.election_for(round_, code), {"election_day": DAY})
    return round_


# ---- check and apply -------------------------------------------------------------------------

def test_a_clean_file_is_checked_then_applied_whole_with_one_audit_entry_per_committee(round_, tmp_path):
    rows = [person("张伟", address="多福巷3号院1号楼"), person("李秀英", date(1982, 3, 4), 22, representative=False),
            person("张明", date(2001, 9, 9), 33, household="0002", representative=True),
            person("王芳", date(1975, 1, 2), 44, code=YINZHA, household="0001", group="第二居民小组")]
    roll_import = check(round_, tmp_path, rows)
    assert (roll_import.status, roll_import.rows, roll_import.bad_rows, roll_import.problems) == ("checked", 4, 0, 0)
    assert roll_import.summary == {
        DUOFU: {"voters": 3, "households": 2, "groups": 1, "registered": 3, "not_registered": 0},
        YINZHA: {"voters": 1, "households": 1, "groups": 1, "registered": 1, "not_registered": 0}}
    assert count(Voter) == 0 and count(ImportRow) == 4  # nothing on the rolls until it is applied

    assert importer.apply_import(roll_import, None) == roll_import.summary
    assert roll_import.status == "applied" and roll_import.applied_by == "system"
    assert count(ImportRow) == 0
    voters = db.session.scalars(select(Voter).order_by(Voter.id)).all()
    assert [(v.name, v.sex, v.status, v.household.number, v.household_representative) for v in voters] == [
        ("张伟", "M", "registered", "0001", True), ("李秀英", "F", "registered", "0001", False),
        ("张明", "M", "registered", "0002", True), ("王芳", "F", "registered", "0001", True)]
    assert {(v.added_on, v.status_on, v.import_id, v.round_id) for v in voters} == {
        (beijing_today(), beijing_today(), roll_import.id, round_.id)}
    assert voters[0].birth_date == date(1980, 5, 17) and voters[0].id_number == number(date(1980, 5, 17))
    assert voters[0].household.address == "多福巷3号院1号楼" and voters[0].household.group.name == "第一居民小组"
    assert count(Household) == 3 and count(VoterGroup) == 2
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "roll.import")
                                 .order_by(AuditEntry.unit_code)).all()
    assert [(e.unit_code, e.object_id, e.after["voters"]) for e in entries] == [
        (DUOFU, str(roll_import.id), 3), (YINZHA, str(roll_import.id), 1)]


def test_a_bad_row_rejects_the_file_and_keeps_only_the_report(round_, tmp_path):
    roll_import = check(round_, tmp_path, [person("张伟"), person("", date(1990, 1, 1), 22, household="")])
    assert (roll_import.status, roll_import.rows, roll_import.bad_rows) == ("rejected", 2, 1)
    assert report(roll_import) == [(3, "姓名", "This value is required.", None, "error"),
                                   (3, "户号", "This value is required.", None, "error")]
    assert count(ImportRow) == 0
    with refused(importer.ImportRefused):
        importer.apply_import(roll_import, None)
    assert count(Voter) == 0


def test_a_file_that_cannot_be_read_is_a_rejected_import_with_one_problem(round_, tmp_path):
    path = tmp_path / "roll.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64))
    roll_import = importer.check_import(round_, path, "roll.xls", CITY_CODE, None)
    assert roll_import.status == "rejected"
    [(row, column, message, _, _)] = report(roll_import)
    assert row is None and column is None and "Excel 97–2003" in message


def test_a_file_damaged_part_of_the_way_keeps_nothing_but_the_report(round_, tmp_path):
    path = write(tmp_path, [person("张伟")])
    path.write_bytes(path.read_bytes() + b'"' + b"x" * 200_000 + b'"\r\n')
    roll_import = importer.check_import(round_, path, "roll.csv", CITY_CODE, None)
    assert (roll_import.status, count(RollImport), count(ImportRow)) == ("rejected", 1, 0)
    assert report(roll_import) == [(None, None, "Row 3 has a cell longer than 131,072 characters: the file cannot be "
                                    "read.", None, "error")]


def test_a_closed_round_takes_no_import(round_, tmp_path):
    services.close_round(round_)
    with refused(importer.ImportRefused):
        check(round_, tmp_path, [person("张伟")])
    assert count(RollImport) == 0


# ---- the law, rule by rule ----------------------------------------------------------------------

def test_r_roll_1_eighteen_on_election_day_and_29_february(round_, tmp_path):
    """Election day 2026-02-28: born 2008-02-28, 18 that day; born 2008-02-29, 18 on 28 February in a
    common year (Civil Code art. 202); born 2008-03-01, 18 the day after election day."""
    roll_import = check(round_, tmp_path, [
        person("甲", date(2008, 2, 28), 11), person("乙", date(2008, 2, 29), 13, household="0002"),
        person("丙", date(2008, 3, 1), 15, household="0003")])
    assert report(roll_import) == [(4, "出生日期", "Under 18 on election day 2026-02-28: turns 18 on 2026-03-01.",
                                    "R-ROLL-1", "error")]


def test_r_roll_6_the_id_number_and_what_it_says(round_, tmp_path):
    born = date(1980, 5, 17)
    with_x = next(number(born, s) for s in range(1000) if number(born, s).endswith("X"))
    good = number(born, 11)
    roll_import = check(round_, tmp_path, [
        person("甲", id_number=good[:17] + ("0" if good[17] != "0" else "1")),
        person("乙", id_number="110101800517001", household="0002"),
        person("丙", sex="女", household="0003"),
        person("丁", birth="1980-05-18", household="0004"),
        person("戊", id_number=with_x.lower(), household="0005")])
    assert [(row, column, rule) for row, column, _, rule, _ in report(roll_import)] == [
        (2, "公民身份号码", "R-ROLL-6"), (3, "公民身份号码", "R-ROLL-6"), (4, "性别", "R-ROLL-6"),
        (5, "出生日期", "R-ROLL-6")]
    messages = [m for _, _, m, _, _ in report(roll_import)]
    assert messages[0].startswith("The check character of the ID number is wrong")
    assert "15-digit" in messages[1] and "male" in messages[2] and "1980-05-17" in messages[3]
    assert db.session.scalar(select(ImportRow.id_number).where(ImportRow.row == 6)) is None  # rejected: none kept


def test_an_id_number_excel_turned_into_a_number_is_one_problem(round_, tmp_path):
    roll_import = check(round_, tmp_path, [person("甲", id_number="1.10101E+17")])
    [(row, column, message, rule, severity)] = report(roll_import)
    assert (row, column, severity) == (2, "公民身份号码", "error")
    assert message.startswith("The ID number 1.10101E+17 was stored as a number")


def test_r_roll_6_a_lower_case_x_is_stored_upper_case(round_, tmp_path):
    born = date(1980, 5, 17)
    with_x = next(number(born, s) for s in range(1000) if number(born, s).endswith("X"))
    importer.apply_import(check(round_, tmp_path, [person("戊", id_number=with_x.lower())]), None)
    assert db.session.scalar(select(Voter.id_number)) == with_x


def test_r_roll_2_categories_of_each_kind_and_consent(round_, tmp_path):
    """national-2026: residents' committees have categories 1–3 (3 with the election committee's
    consent), villages 1–4 (3 and 4 with an assembly's). Without valid consent the person is
    imported as not registered: a notice, which does not stop the import."""
    rows = [person("甲", category=4),
            person("乙", date(1981, 1, 1), 13, category=3, household="0002", consent_on="2026-01-10",
                   consent_body="选举委员会"),
            person("丙", date(1982, 1, 1), 15, code=VILLAGE, category=3, consent_on="2026-01-10",
                   consent_body="村民会议"),
            person("丁", date(1983, 1, 1), 17, code=VILLAGE, category=4, household="0002"),
            person("戊", date(1984, 1, 1), 19, code=VILLAGE, category=4, household="0003",
                   consent_on="2026-01-10", consent_body="选举委员会")]
    rejected = check(round_, tmp_path, rows)
    assert [(row, column, rule, severity) for row, column, _, rule, severity in report(rejected)] == [
        (2, "登记类别", "R-ROLL-2", "error"), (5, "登记类别", "R-ROLL-2", "notice"),
        (6, "登记类别", "R-ROLL-2", "notice")]
    assert report(rejected)[0][2] == "A residents' committee roll has registration categories 1、2、3."
    assert rejected.problems == 1 and rejected.bad_rows == 1

    roll_import = check(round_, tmp_path, rows[1:])
    assert (roll_import.status, roll_import.problems) == ("checked", 0)
    assert roll_import.summary[VILLAGE] == {"voters": 3, "households": 3, "groups": 1, "registered": 1,
                                            "not_registered": 2}
    importer.apply_import(roll_import, None)
    statuses = dict(db.session.execute(select(Voter.name, Voter.status_reason)).all())
    assert statuses == {"乙": None, "丙": None, "丁": "consent_pending", "戊": "consent_pending"}
    voter = db.session.scalar(select(Voter).where(Voter.name == "丙"))
    assert (voter.consent_body, voter.consent_on, voter.category) == ("villagers_assembly", date(2026, 1, 10), 3)


def test_r_roll_3_the_same_person_twice_in_the_file_names_both_rows_and_committees(round_, tmp_path):
    twice = number(date(1980, 5, 17))
    roll_import = check(round_, tmp_path, [person("张伟"), person("李娜", date(1990, 1, 1), 22, household="0002"),
                                           person("张伟", code=YINZHA)])
    assert report(roll_import) == [
        (2, "公民身份号码", f"{twice} is also in row 4: row 2 would register them with 多福巷社区居委会 "
                           f"({DUOFU}) and row 4 with 银闸社区居委会 ({YINZHA}), but a person is on one roll only.",
         "R-ROLL-3", "error"),
        (4, "公民身份号码", f"{twice} is also in row 2: row 4 would register them with 银闸社区居委会 "
                           f"({YINZHA}) and row 2 with 多福巷社区居委会 ({DUOFU}), but a person is on one roll only.",
         "R-ROLL-3", "error")]
    assert (roll_import.status, roll_import.bad_rows) == ("rejected", 2)
    # The summary counts the rows without errors: 李娜 alone, not the two rows R-ROLL-3 refused.
    assert roll_import.summary == {DUOFU: {"voters": 1, "households": 1, "groups": 1, "registered": 1,
                                           "not_registered": 0}}
    assert [(p.row, p.name) for p in db.session.scalars(select(ImportProblem).order_by(ImportProblem.row))] == [
        (2, "张伟"), (4, "张伟")]  # the name beside the row number


def test_voters_are_numbered_on_each_roll_in_the_order_of_the_file(round_, tmp_path):
    """The number on the roll (编号): 1, 2, … per committee in the file's order, whatever the
    committees' rows are mixed with; a later file continues each roll after its last number."""
    importer.apply_import(check(round_, tmp_path, [
        person("甲"), person("乙", date(1981, 1, 1), 13, code=YINZHA), person("丙", date(1982, 1, 1), 15)]), None)
    importer.apply_import(check(round_, tmp_path, [
        person("丁", date(1983, 1, 1), 17, code=YINZHA), person("戊", date(1984, 1, 1), 19)]), None)
    numbered = db.session.execute(select(Voter.name, Voter.number).join(Voter.election).order_by(Voter.id)).all()
    assert [tuple(row) for row in numbered] == [("甲", 1), ("乙", 1), ("丙", 2), ("丁", 2), ("戊", 3)]


def test_an_import_refused_at_apply_no_longer_offers_to_apply(round_, tmp_path, client):
    """Someone on the file was registered since the check (R-ROLL-3): applying is refused, and the
    report then offers only to discard it and upload again."""
    waiting = check(round_, tmp_path, [person("张伟")], scope=IN_TOWNSHIP)
    importer.apply_import(check(round_, tmp_path, [person("张伟", code=YINZHA)], scope=IN_TOWNSHIP), None)
    db.session.commit()
    login(client, "township")
    report_url = f"/rounds/{round_.id}/rolls/imports/{waiting.id}"
    assert "应用此次导入" in client.get(report_url).text
    response = client.post(report_url + "/apply")
    assert response.status_code == 422 and "R-ROLL-3" in response.text
    assert "应用此次导入" not in response.text and "/discard" in response.text
    assert "已不能应用" in response.text.split('id="next"')[1]
    assert count(Voter) == 1


def test_r_roll_3_someone_on_a_roll_anywhere_in_the_city_names_both_committees(round_, tmp_path):
    importer.apply_import(check(round_, tmp_path, [person("张伟")]), None)
    again = check(round_, tmp_path, [person("张伟", code=OUTSIDE)])
    [(row, column, message, rule, _)] = report(again)
    assert (row, column, rule) == (2, "公民身份号码", "R-ROLL-3")
    assert f"on the roll of 多福巷社区居委会 ({DUOFU})" in message
    assert f"register them with 南北长街社区居委会 ({OUTSIDE}) too" in message
    # A removed entry no longer counts (R-ROLL-7).
    db.session.execute(Voter.__table__.update().values(status="removed"))
    db.session.commit()
    assert check(round_, tmp_path, [person("张伟", code=OUTSIDE)]).status == "checked"


def test_r_mode_2_one_representative_per_household_counting_the_roll(round_, tmp_path):
    services.update_plan(services.election_for(round_, DUOFU), {"mode": "household"})
    roll_import = check(round_, tmp_path, [
        person("甲", representative=False), person("乙", date(1981, 1, 1), 13, representative=False),
        person("丙", date(1982, 1, 1), 15, household="0002"), person("丁", date(1983, 1, 1), 17, household="0002"),
        person("戊", date(1984, 1, 1), 19, household="0003"),
        person("己", date(1985, 1, 1), 21, code=YINZHA, representative=False)])  # 银闸 votes directly
    assert report(roll_import) == [
        (2, "户代表", "The household 0001 has no household representative: in a household election each household "
                     "names one.", "R-MODE-2", "error"),
        (4, "户代表", "The household 0002 has 2 household representatives: in a household election it names one.",
         "R-MODE-2", "error")]

    importer.apply_import(check(round_, tmp_path, [person("戊", date(1984, 1, 1), 19, household="0003")]), None)
    second = check(round_, tmp_path, [person("庚", date(1986, 1, 1), 23, household="0003")])
    assert [m for _, _, m, _, _ in report(second)] == [
        "The household 0003 has 2 household representatives: in a household election it names one."]
    # A later file adds to a household on the roll, which is reused (R-MODE-2 still holds).
    third = check(round_, tmp_path, [person("庚", date(1986, 1, 1), 23, household="0003", representative=False)])
    assert third.status == "checked"
    importer.apply_import(third, None)
    assert count(Household) == 1 and count(VoterGroup) == 1 and count(Voter) == 2


def test_a_household_is_in_one_group_in_the_file_and_on_the_roll(round_, tmp_path):
    roll_import = check(round_, tmp_path, [person("甲"), person("乙", date(1981, 1, 1), 13, group="第二居民小组",
                                                                 representative=False)])
    assert [(row, column, m) for row, column, m, _, _ in report(roll_import)] == [
        (2, "居民小组", "The household 0001 is put in two groups, 第一居民小组 and 第二居民小组: a household belongs "
                      "to one group.")]
    importer.apply_import(check(round_, tmp_path, [person("甲")]), None)
    moved = check(round_, tmp_path, [person("乙", date(1981, 1, 1), 13, group="第二居民小组", representative=False)])
    assert [m for _, _, m, _, _ in report(moved)] == [
        "The household 0001 is in the group 第一居民小组 on the roll; this file puts it in 第二居民小组."]
    # Without a group, a row joins its household where it is.
    same = check(round_, tmp_path, [person("乙", date(1981, 1, 1), 13, group="", representative=False)])
    importer.apply_import(same, None)
    assert same.summary[DUOFU]["groups"] == 1 and count(VoterGroup) == 1


def test_every_row_needs_its_values(round_, tmp_path):
    row = person("张伟", category="")
    row[0] = ""
    roll_import = check(round_, tmp_path, [row])
    assert [(column, m) for _, column, m, _, _ in report(roll_import)] == [
        ("村(居)委会代码", "This value is required."), ("登记类别", "This value is required.")]


# ---- the committee and the unit the file is for -------------------------------------------------

def test_committees_outside_the_unit_unknown_unplanned_or_published_are_refused_once_each(round_, tmp_path):
    db.session.add(RollVersion(election_id=services.election_for(round_, YINZHA).id, number=1,
                               published_on=date(2026, 2, 1), published_by="x", registered=0, households=0,
                               representatives=0))
    db.session.commit()
    rows = [person("甲", code=OUTSIDE), person("乙", date(1981, 1, 1), 13, code=OUTSIDE),
            person("丙", date(1982, 1, 1), 15, code="110101001999"),
            person("丁", date(1983, 1, 1), 17, code=UNPLANNED),
            person("戊", date(1984, 1, 1), 19, code=YINZHA), person("己", date(1985, 1, 1), 21, code=YINZHA),
            person("庚", date(1986, 1, 1), 23)]
    roll_import = check(round_, tmp_path, rows, scope=IN_TOWNSHIP)
    assert [(row, rule, m) for row, _, m, rule, _ in report(roll_import)] == [
        (2, None, f"The committee 南北长街社区居委会 ({OUTSIDE}) is not in 东华门街道办事处, the unit this file is "
                  "imported for."),
        (4, None, "No committee has the code 110101001999."),
        (5, "R-ROLL-1", f"The committee 东厂社区居委会 ({UNPLANNED}) has no election day yet: age is counted on "
                        "that day, so set it in the election plan first."),
        (6, "R-ROLL-7", f"The roll of 银闸社区居委会 ({YINZHA}) is published: changes after publication go through "
                        "additions and removals.")]
    assert (roll_import.status, roll_import.bad_rows, roll_import.summary) == ("rejected", 6, {
        DUOFU: {"voters": 1, "households": 1, "groups": 1, "registered": 1, "not_registered": 0}})


def test_a_roll_published_between_check_and_apply_refuses_the_import(round_, tmp_path):
    roll_import = check(round_, tmp_path, [person("张伟")])
    db.session.add(RollVersion(election_id=services.election_for(round_, DUOFU).id, number=1,
                               published_on=date(2026, 2, 1), published_by="x", registered=0, households=0,
                               representatives=0))
    db.session.commit()
    with refused(importer.ImportRefused):
        importer.apply_import(roll_import, None)
    assert count(Voter) == 0 and db.session.get(RollImport, roll_import.id).status == "checked"


def test_apply_is_all_or_nothing(round_, tmp_path):
    """Two files checked before either is applied, with one person in both: the second apply meets
    the first's voter (R-ROLL-3) and writes nothing at all, not even its groups and households."""
    first = check(round_, tmp_path, [person("张伟")])
    second = check(round_, tmp_path, [person("李娜", date(1990, 1, 1), 22, code=YINZHA, group="第九居民小组"),
                                      person("张伟", code=YINZHA, household="0002")])
    assert second.status == "checked"
    importer.apply_import(first, None)
    with refused(importer.ImportRefused) as refusal:
        importer.apply_import(second, None)
    assert "changed since this file was checked" in refusal.value.problems[0].message
    yinzha = services.election_for(round_, YINZHA).id
    assert count(Voter, Voter.election_id == yinzha) == 0
    assert count(Household, Household.election_id == yinzha) == 0
    assert count(VoterGroup, VoterGroup.election_id == yinzha) == 0
    assert db.session.get(RollImport, second.id).status == "checked"
    assert count(AuditEntry, AuditEntry.action == "roll.import") == 1


def test_a_checked_import_is_discarded(round_, tmp_path):
    roll_import = check(round_, tmp_path, [person("张伟")])
    importer.discard_import(roll_import, None)
    assert roll_import.status == "discarded" and count(ImportRow) == 0
    with refused(importer.ImportRefused):
        importer.apply_import(roll_import, None)
    assert count(AuditEntry, AuditEntry.action == "roll.import.discard") == 1


# ---- the pages -------------------------------------------------------------------------------

def upload(client, round_, code, rows, name="roll.csv"):
    data = io.BytesIO()
    text = io.StringIO()
    csv.writer(text).writerows([HEADER, *rows])
    data.write(text.getvalue().encode("utf-8-sig"))
    data.seek(0)
    return client.post(f"/rounds/{round_.id}/rolls/import/{code}", data={"file": (data, name)},
                       content_type="multipart/form-data")


def test_a_township_official_checks_a_file_and_applies_it(round_, client):
    login(client, "township")
    page = client.get(f"/rounds/{round_.id}/rolls/import/{IN_TOWNSHIP}")
    assert page.status_code == 200 and f"/rounds/{round_.id}/rolls/template/{IN_TOWNSHIP}.xlsx" in page.text
    response = upload(client, round_, IN_TOWNSHIP, [person("张伟"), person("丁", date(1983, 1, 1), 17, code=YINZHA)])
    assert response.status_code == 302
    report_url = response.headers["Location"]
    page = client.get(report_url).text
    assert "多福巷社区居委会" in page and "银闸社区居委会" in page and "应用" in page
    roll_import = db.session.scalar(select(RollImport))
    applied = client.post(f"/rounds/{round_.id}/rolls/imports/{roll_import.id}/apply")
    assert applied.status_code == 302 and count(Voter) == 2
    page = client.get(report_url).text
    assert "2 人已列入 2 个村（居）委会的选民名单" in page
    again = client.post(f"/rounds/{round_.id}/rolls/imports/{roll_import.id}/apply")
    assert again.status_code == 422 and "已应用" in again.text
    listing = client.get(f"/rounds/{round_.id}/rolls/import/{IN_TOWNSHIP}").text
    assert "roll.csv" in listing


def test_the_report_shows_each_bad_row_and_the_first_thousand_problems(round_, client):
    login(client, "committee")
    rows = [person(f"人{n}", id_number=f"1101011980010{n:04d}") for n in range(1005)]  # 17 characters
    response = upload(client, round_, DUOFU, rows)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert page.count("<tr class") == 1000
    assert "显示前 1000 条，共 1005 条" in page and "公民身份号码" in page and "R-ROLL-6" in page
    import_id = db.session.scalar(select(RollImport.id))
    download = client.get(f"/rounds/{round_.id}/rolls/imports/{import_id}/problems.csv")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    lines = list(csv.reader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))))
    assert lines[0] == ["行", "姓名", "列", "类型", "问题"] and len(lines) == 1006
    assert lines[1][:4] == ["2", "人0", "公民身份号码", "错误"]  # the person's name beside the row
    assert "<td>2</td><td class=\"text-nowrap\">人0</td>" in page
    refused = client.post(f"/rounds/{round_.id}/rolls/imports/{import_id}/apply")
    assert refused.status_code == 422 and count(Voter) == 0


def test_an_import_is_seen_only_inside_its_unit(round_, client, tmp_path):
    township_import = check(round_, tmp_path, [person("张伟")], scope=IN_TOWNSHIP)
    login(client, "committee")
    assert client.get(f"/rounds/{round_.id}/rolls/imports/{township_import.id}").status_code == 403
    assert client.post(f"/rounds/{round_.id}/rolls/imports/{township_import.id}/discard").status_code == 403
    assert client.get(f"/rounds/{round_.id}/rolls/imports/{township_import.id + 1}").status_code == 404
    assert db.session.get(RollImport, township_import.id).status == "checked"


def test_the_template_lists_the_units_committees(round_, client):
    login(client, "township")
    response = client.get(f"/rounds/{round_.id}/rolls/template/{IN_TOWNSHIP}.xlsx")
    assert response.status_code == 200
    notes = load_workbook(io.BytesIO(response.data))["说明"]
    codes = [row[1] for row in notes.iter_rows(values_only=True) if row[1] and str(row[1]).startswith("110101001")]
    assert DUOFU in codes and YINZHA in codes and all(code.startswith("110101001") for code in codes)
