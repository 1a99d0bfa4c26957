"""`flask rounds open` and `flask rounds plan FILE`: what set-up scripts and the demo run.

A plan file is applied whole or not at all; every bad row is listed with its row number, so one
round of corrections fixes the file.
"""
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from elections.audit.models import AuditEntry
from elections.extensions import db
from elections.rounds import plan_file, services
from elections.rounds.models import CommitteeElection, Round

HEADER = ",".join(plan_file.HEADERS.values())
TOWNSHIP = "110116107"  # 汤河口镇: one residents' committee (001) and 22 villages (201–222)
RESIDENTIAL = "110116107001"
VILLAGES = [f"110116107{n}" for n in range(201, 223)]


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def plan_audits() -> int:
    return count(AuditEntry, AuditEntry.action == "election.plan")


@pytest.fixture
def round_(app):
    return services.open_round("2019年换届选举", date(2019, 5, 1), date(2019, 6, 30), village_term=11,
                               residential_term=10, ruleset="beijing-2018")


def township_rows() -> list[str]:
    rows = [f"{RESIDENTIAL},居民代表选举,2019-05-25,1,2,4,分次投票"]
    rows += [f"{code},直接选举,2019-06-0{1 + i % 9},1,1,{1 + i % 5},一次投票" for i, code in enumerate(VILLAGES)]
    return rows


def write(tmp_path, rows: list[str], name="plan.csv", encoding="utf-8-sig"):
    path = tmp_path / name
    path.write_bytes(("\r\n".join([HEADER, *rows]) + "\r\n").encode(encoding))
    return str(path)


def plans_in_township() -> dict:
    db.session.expire_all()
    return {e.committee_code: services.plan_of(e) for e in db.session.scalars(
        select(CommitteeElection).where(CommitteeElection.township_code == TOWNSHIP + "000"))}


# ---- rounds open -----------------------------------------------------------------------------

def test_open_creates_one_election_per_committee_and_audits(app, runner):
    result = runner.invoke(args=["rounds", "open", "2026年换届选举", "--first-day", "2026-05-01",
                                 "--last-day", "2026-06-30", "--ruleset", "national-2026", "--training"])
    assert result.exit_code == 0, result.output
    round_ = db.session.scalars(select(Round)).one()
    assert result.stdout == f"换届选举 {round_.id} 已开启：共 7007 个村（居）委会选举。\n"
    assert (round_.ruleset, round_.training, round_.village_term, round_.residential_term) == (
        "national-2026", True, 12, 11)
    assert count(CommitteeElection, CommitteeElection.round_id == round_.id) == 7007
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "round.open")).one()
    assert entry.after["committee_elections"] == 7007 and entry.object_id == str(round_.id)


@pytest.mark.parametrize("args", [
    ["--first-day", "2019-13-01", "--last-day", "2019-06-30"],
    ["--first-day", "2019/05/01", "--last-day", "2019-06-30"],
    ["--first-day", "2019-05-01"],
])
def test_open_refuses_malformed_dates(app, runner, args):
    result = runner.invoke(args=["rounds", "open", "第十一届", *args])
    assert result.exit_code == 2, result.output
    assert count(Round) == 0


def test_open_refuses_a_window_that_ends_before_it_starts_and_a_taken_name(app, runner, round_):
    result = runner.invoke(args=["rounds", "open", round_.name, "--first-day", "2019-06-30",
                                 "--last-day", "2019-05-01"])
    assert result.exit_code == 2
    assert "换届选举未开启" in result.stderr
    assert "last_day" not in result.stderr and "name" not in result.stderr  # no column names of a file
    assert len([line for line in result.stderr.splitlines() if line.startswith("  ")]) == 2, result.stderr
    assert count(Round) == 1 and count(CommitteeElection) == 7007


# ---- rounds plan -----------------------------------------------------------------------------

def test_plan_applies_every_row_and_audits_each_changed_committee(app, runner, round_, tmp_path):
    path = write(tmp_path, township_rows())
    result = runner.invoke(args=["rounds", "plan", path])
    assert result.exit_code == 0, result.output
    assert result.stdout == "已更改 23 个村（居）委会的选举计划，0 个未变。\n"
    plans = plans_in_township()
    assert plans[RESIDENTIAL].mode == "group_representative" and plans[RESIDENTIAL].total_seats == 7
    assert plans[RESIDENTIAL].election_day == date(2019, 5, 25) and plans[RESIDENTIAL].ballot_method == "separate"
    assert all(plans[code].total_seats in range(3, 8) and plans[code].ballot_method == "single" for code in VILLAGES)
    assert plan_audits() == 23
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.unit_code == RESIDENTIAL)
                               .where(AuditEntry.action == "election.plan")).one()
    assert entry.after["mode"] == "group_representative" and entry.before["mode"] == "direct"

    # The same file again changes nothing and leaves no trace.
    again = runner.invoke(args=["rounds", "plan", path, "--round", str(round_.id)])
    assert again.exit_code == 0, again.output
    assert again.stdout == "已更改 0 个村（居）委会的选举计划，23 个未变。\n"
    assert plan_audits() == 23


def test_the_downloaded_template_filled_in_excel_loads(app, runner, round_, tmp_path):
    """The path a township official takes: download the template, fill it in, load it."""
    elections = db.session.scalars(select(CommitteeElection).where(
        CommitteeElection.township_code == TOWNSHIP + "000").order_by(CommitteeElection.committee_code)).all()
    data = plan_file.write_template(elections, {e.committee_code: e.committee.name for e in elections}, round_.rules)
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    for row in sheet.iter_rows(min_row=2):
        code = row[0].value
        row[2].value = date(2019, 6, 1)
        row[3].value, row[4].value, row[5].value = 1, (2 if code == RESIDENTIAL else 1), 4
        row[6].value = "分次投票"
    path = tmp_path / "汤河口镇.xlsx"
    workbook.save(path)
    result = runner.invoke(args=["rounds", "plan", str(path)])
    assert result.exit_code == 0, result.output
    plans = plans_in_township()
    assert plans[RESIDENTIAL].total_seats == 7 and plans[VILLAGES[0]].total_seats == 6
    assert {p.election_day for p in plans.values()} == {date(2019, 6, 1)}
    assert plan_audits() == 23


def test_a_gb18030_csv_is_accepted(app, runner, round_, tmp_path):
    """Excel on Chinese Windows saves CSV as GB18030."""
    result = runner.invoke(args=["rounds", "plan", write(tmp_path, township_rows(), encoding="gb18030")])
    assert result.exit_code == 0, result.output
    assert plan_audits() == 23


def test_one_bad_row_among_good_ones_changes_nothing_and_is_listed(app, runner, round_, tmp_path):
    rows = township_rows()
    rows[5] = rows[5].replace(",1,1,", ",1,1.5,")  # row 7 of the sheet (header is row 1)
    before = plans_in_township()
    result = runner.invoke(args=["rounds", "plan", write(tmp_path, rows)])
    assert result.exit_code == 2
    assert "未作任何更改" in result.stderr
    [line] = [line for line in result.stderr.splitlines() if line.startswith("  ")]
    assert line.startswith(f"  第 7 行 [{VILLAGES[4]}] 副主任名额：") and "1.5" in line
    assert plans_in_township() == before
    assert plan_audits() == 0


def test_r_size_1_and_r_mode_1_breaches_are_reported_with_the_rule_and_nothing_is_applied(app, runner, round_, tmp_path):
    """R-SIZE-1: a residents' committee has 5–9 members; R-MODE-1: villages vote directly only."""
    rows = township_rows()
    rows[0] = f"{RESIDENTIAL},直接选举,2019-05-25,1,1,1,一次投票"  # 3 members
    rows[3] = f"{VILLAGES[2]},户代表选举,2019-06-03,1,1,2,一次投票"
    rows[8] = f"{VILLAGES[7]},直接选举,2019-06-03,1,3,4,一次投票"  # 8 members
    result = runner.invoke(args=["rounds", "plan", write(tmp_path, rows)])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("  ")]
    assert len(lines) == 3, result.stderr
    assert lines[0].startswith(f"  第 2 行 [{RESIDENTIAL}] 委员名额：") and "R-SIZE-1" in lines[0]
    assert lines[1].startswith(f"  第 5 行 [{VILLAGES[2]}] 选举方式：") and "R-MODE-1" in lines[1]
    assert lines[2].startswith(f"  第 10 行 [{VILLAGES[7]}] 委员名额：") and "R-SIZE-1" in lines[2]
    assert plan_audits() == 0


def test_unknown_and_repeated_committees_are_reported(app, runner, round_, tmp_path):
    rows = township_rows()
    rows.append("110116107299,直接选举,2019-06-01,1,1,3,一次投票")  # no such committee
    rows.append(rows[1])  # the first village again
    result = runner.invoke(args=["rounds", "plan", write(tmp_path, rows)])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("  ")]
    assert [line.split(" 村(居)委会代码")[0] for line in lines] == [
        "  第 25 行 [110116107299]", f"  第 26 行 [{VILLAGES[0]}]"]
    assert "3" in lines[1].split("：", 1)[1]  # where it was listed first
    assert plan_audits() == 0


def test_unreadable_rows_and_law_breaches_are_listed_together(app, runner, round_, tmp_path):
    """A file with a typo is still checked against the law, so the official sees everything at once."""
    rows = township_rows()
    rows[2] = rows[2].replace("2019-06-02", "2019/6/2")
    rows[4] = rows[4].replace("2019-06-04", "2019-07-04")  # outside the round's window
    result = runner.invoke(args=["rounds", "plan", write(tmp_path, rows)])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("  ")]
    assert [line.split("：")[0] for line in lines] == [f"  第 4 行 [{VILLAGES[1]}] 选举日", f"  第 6 行 [{VILLAGES[3]}] 选举日"]
    assert "2019/6/2" in lines[0] and "2019-06-30" in lines[1]
    assert plan_audits() == 0


def test_plan_needs_an_open_round(app, runner, tmp_path):
    path = write(tmp_path, township_rows())
    assert runner.invoke(args=["rounds", "plan", path]).exit_code == 2
    round_ = services.open_round("2019", date(2019, 5, 1), date(2019, 6, 30), village_term=11,
                                 residential_term=10, ruleset="beijing-2018")
    missing = runner.invoke(args=["rounds", "plan", path, "--round", str(round_.id + 1)])
    assert missing.exit_code == 2 and str(round_.id + 1) in missing.stderr
    services.close_round(round_)
    closed = runner.invoke(args=["rounds", "plan", path])
    assert closed.exit_code == 2
    assert len([line for line in closed.stderr.splitlines() if line.startswith("  ")]) == 1, closed.stderr
    assert plan_audits() == 0


def test_a_file_that_is_not_a_plan_is_refused(app, runner, round_, tmp_path):
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = runner.invoke(args=["rounds", "plan", str(path)])
    assert result.exit_code == 2
    assert len([line for line in result.stderr.splitlines() if line.startswith("  ")]) == 1
