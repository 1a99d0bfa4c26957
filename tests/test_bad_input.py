"""No input gives a 500, holds a worker for minutes or fills its memory: each file, URL and record
below was found to do one of those, and now gets a clear message in the user's language."""
import io
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from elections.clock import beijing_today
from elections.extensions import db
from elections.rolls import importer
from elections.rolls.models import ImportProblem, ImportRow, RollImport
from elections.rolls.roll_file import HEADERS as ROLL_HEADERS
from elections.rounds import services as rounds
from elections.rounds.plan_file import HEADERS as PLAN_HEADERS
from support import hostile_files
from support.accounts import IN_COMMITTEE, IN_TOWNSHIP, login
from support.rolls_data import person, planned

TODAY = beijing_today()
ROLL = list(ROLL_HEADERS.values())
PLAN = list(PLAN_HEADERS.values())


@pytest.fixture
def round_(app):
    round_ = rounds.open_round("2026年换届选举", TODAY - timedelta(days=5), TODAY + timedelta(days=80),
                               village_term=12, residential_term=11, ruleset="national-2026")
    planned(round_, IN_COMMITTEE, election_day=TODAY + timedelta(days=30))
    return round_


def upload_roll(client, round_, data: bytes, name="roll.xlsx"):
    """The roll file through the page; the import's problems, as the report lists them."""
    response = client.post(f"/rounds/{round_.id}/rolls/import/{IN_TOWNSHIP}",
                           data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")
    assert response.status_code == 302, response.text[:500]
    report = client.get(response.headers["Location"])
    assert report.status_code == 200
    return report.text


def upload_plan(client, round_, data: bytes, name="plan.xlsx"):
    response = client.post(f"/rounds/{round_.id}/plan/{IN_TOWNSHIP}/upload",
                           data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")
    assert response.status_code == 422, response.status_code
    return response.text


# ---- uploads --------------------------------------------------------------------------------------

def test_a_zip_bomb_of_empty_rows_is_refused_at_the_row_limit(round_, client):
    """The finding: 440 KB, 50 million empty rows, held a worker 120 s and then failed."""
    data = hostile_files.empty_rows_bomb(ROLL, 2_000_000)
    assert len(data) < 500_000
    login(client, "township")
    started = time.monotonic()
    assert "文件超过 1,200,000 行" in upload_roll(client, round_, data)
    assert time.monotonic() - started < 60  # a bound on the damage, not a benchmark
    assert "文件超过 10,000 行" in upload_plan(client, round_, hostile_files.empty_rows_bomb(PLAN, 100_000))


def test_a_row_numbered_fifty_million_is_refused_at_once(round_, client):
    login(client, "township")
    assert "文件超过 1,200,000 行" in upload_roll(client, round_, hostile_files.far_row(ROLL))
    assert "文件超过 10,000 行" in upload_plan(client, round_, hostile_files.far_row(PLAN))


def test_a_workbook_that_unpacks_beyond_500_mb_is_refused_unread(round_, client):
    data = hostile_files.inflated(ROLL, 520)
    assert len(data) < 3_000_000
    login(client, "township")
    assert "解压后超过 500 MB" in upload_roll(client, round_, data)
    assert "解压后超过 500 MB" in upload_plan(client, round_, data)


def test_a_declared_width_of_16384_columns_is_not_padded(round_, client):
    """The finding: a 92 KB plan file took the upload to 2 GB of memory."""
    login(client, "township")
    page = upload_plan(client, round_, hostile_files.wide_dimension(PLAN))
    assert "文件中没有列出任何村（居）委会" in page  # read as what it is: a header and no row


def test_a_workbook_with_a_dtd_is_not_a_500(round_, client):
    login(client, "township")
    assert "XLSX" in upload_roll(client, round_, hostile_files.with_dtd(ROLL))
    assert "XLSX" in upload_plan(client, round_, hostile_files.with_dtd(PLAN))


def test_a_csv_cell_past_the_field_limit_is_reported_by_row(round_, client):
    login(client, "township")
    data = hostile_files.long_cell_csv(ROLL, [IN_COMMITTEE])
    assert "第 2 行有单元格超过 131,072 个字符" in upload_roll(client, round_, data, "roll.csv")
    assert "第 2 行有单元格超过 131,072 个字符" in upload_plan(client, round_, hostile_files.long_cell_csv(
        PLAN, [IN_COMMITTEE]), "plan.csv")


def test_a_column_after_the_last_is_not_read_as_an_optional_one(round_, tmp_path):
    """The finding: a trailing 备注 was read as 家庭住址 and checked as 同意日期/同意机构 (100 false
    errors on 50 good rows)."""
    lines = [",".join([*ROLL, "备注"])]
    for n in range(1, 51):
        p = person(n)
        lines.append(",".join([IN_COMMITTEE, p.name, p.id_number, "", "", p.household, p.group, "1", "北京市东城区",
                               "是", f"备注{n}：已核实"]))
    roll_import = importer.check_import(round_, "\r\n".join(lines).encode(), "roll.csv", IN_TOWNSHIP, None)
    assert (roll_import.status, roll_import.bad_rows, roll_import.problems) == ("checked", 0, 0)


def test_a_rejected_file_keeps_its_problems_only_until_the_next_file(round_):
    """The finding: rejected imports kept their problem rows for good (1.2 M rows from one file)."""
    bad = ("\r\n".join([",".join(ROLL)] + [f"{IN_COMMITTEE},某人,123,,,H{n},,1,,是" for n in range(300)])).encode()
    first = importer.check_import(round_, bad, "roll.csv", IN_TOWNSHIP, None)
    assert first.status == "rejected" and first.problems >= 300
    second = importer.check_import(round_, bad, "roll.csv", IN_TOWNSHIP, None)
    assert db.session.get(RollImport, first.id).status == "superseded"
    problems = dict(db.session.execute(
        select(ImportProblem.import_id, func.count()).group_by(ImportProblem.import_id)).all())
    assert problems == {second.id: second.problems}


def test_a_discarded_import_keeps_no_rows(round_):
    good = ("\r\n".join([",".join(ROLL)] + [",".join([IN_COMMITTEE, person(1).name, person(1).id_number, "", "",
                                                      "H1", "", "1", "", "是"])])).encode()
    roll_import = importer.check_import(round_, good, "roll.csv", IN_TOWNSHIP, None)
    importer.discard_import(roll_import, None)
    for model in (ImportProblem, ImportRow):
        assert db.session.scalar(select(func.count()).select_from(model).where(
            model.import_id == roll_import.id)) == 0


# ---- the what-if page -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ('{"committee": ' + "9" * 5000 + "}", "数字过长"),
    ("[" * 100_000, "嵌套层数过多"),
    ('{"a": ' * 50_000, "嵌套层数过多"),
])
def test_the_what_if_page_says_what_is_wrong_with_a_record(client, text, message):
    login(client, "committee")
    response = client.post("/results/what-if", data={"record_text": text})
    assert response.status_code == 200 and message in response.text


# ---- URLs -----------------------------------------------------------------------------------------

BIG = "9" * 25  # beyond 64 bits


@pytest.mark.parametrize("url", [
    f"/rounds/{BIG}", f"/rounds/{BIG}/elections/{IN_COMMITTEE}", f"/rounds/1/rolls/{IN_COMMITTEE}/voters/{BIG}",
    f"/rounds/{BIG}/candidates/{IN_COMMITTEE}", f"/rounds/1/rolls/imports/{BIG}", f"/accounts/{BIG}",
    f"/rounds/1/rolls/{IN_COMMITTEE}/objections/{2**63}",
])
def test_ids_beyond_64_bits_are_not_found(round_, client, url):
    login(client, "city")
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", [
    f"/audit/?page={BIG}", "/audit/?to=9999-12-31", "/audit/?from=0001-01-01&to=9999-12-31", "/audit/?page=-5",
    f"/geo/{IN_COMMITTEE}?round={BIG}", f"/rounds/1/criteria?version={BIG}",
    f"/rounds/1/rolls/{IN_COMMITTEE}?page={BIG}",
])
def test_query_arguments_out_of_range_are_not_a_500(round_, client, url):
    login(client, "city")
    assert client.get(url).status_code == 200, url


def test_a_next_with_a_line_break_is_not_a_500(client):
    response = client.post("/login?next=/audit/%0d%0aX-Evil:%201", data={"username": "city",
                                                                       "password": "correct-horse-7"})
    assert response.status_code == 302 and response.headers["Location"] == "/"
