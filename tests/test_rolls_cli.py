"""`flask rolls import FILE`: a whole city's roll from the command line, all or nothing.

Problems go to stderr in Chinese with their row and column, and the exit status is 2 when any row
is bad; `--check-only` reports and writes nothing.
"""
import csv
from datetime import date

import pytest
from sqlalchemy import func, select

from elections.extensions import db
from elections.rolls.idnumber import make
from elections.rolls.models import Household, ImportProblem, ImportRow, RollImport, Voter, VoterGroup
from elections.rolls.roll_file import HEADERS, OPTIONAL_HEADERS
from elections.rounds import services

DUOFU, VILLAGE = "110101001001", "110116107201"  # 多福巷社区居委会, 小梁前村委会
DAY = date(2026, 2, 28)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def nothing_written() -> bool:
    return all(count(model) == 0 for model in (RollImport, ImportRow, ImportProblem, Voter, Household, VoterGroup))


def row(name, born, sequence, code=DUOFU, household="0001", category="1"):
    """A row of the template's columns and the day the person said they will take part (R26-ROLL)."""
    return [code, name, make("110101", born, sequence), "", "", household, "第一居民小组", category, "北京市", "是",
            "2026-01-05"]


GOOD = [row("张伟", date(1980, 5, 17), 11), row("王芳", date(1975, 1, 2), 44, code=VILLAGE)]


def write(tmp_path, rows, name="roll.csv"):
    path = tmp_path / name
    with path.open("w", encoding="gb18030", newline="") as f:
        csv.writer(f).writerows([[*HEADERS.values(), OPTIONAL_HEADERS["opted_in_on"]], *rows])
    return str(path)


@pytest.fixture
def round_(app):
    round_ = services.open_round("2026年换届选举", date(2026, 1, 1), date(2026, 6, 30), village_term=12,
                                 residential_term=11, ruleset="national-2026")
    for code in (DUOFU, VILLAGE):
        services.update_plan(services.election_for(round_, code), {"election_day": DAY})
    return round_


def test_a_good_file_is_imported_and_counted_per_committee(round_, runner, tmp_path):
    result = runner.invoke(args=["rolls", "import", write(tmp_path, GOOD)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{DUOFU} 多福巷社区居委会：1 人，1 户，1 个小组；已登记 1 人，未登记 0 人。",
        f"{VILLAGE} 小梁前村委会：1 人，1 户，1 个小组；已登记 1 人，未登记 0 人。",
        "已导入 2 行。"]
    assert count(Voter) == 2 and count(ImportRow) == 0
    assert db.session.scalar(select(RollImport.status)) == "applied"


def test_a_bad_row_exits_2_names_row_and_column_in_chinese_and_writes_nothing(round_, runner, tmp_path):
    rows = [*GOOD, row("李娜", date(2008, 3, 1), 22, household="0002"), row("赵六", date(1990, 1, 1), 23, category="4")]
    result = runner.invoke(args=["rolls", "import", write(tmp_path, rows)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[1:] == [
        "文件未通过检查，未作任何更改。4 行中有 2 行有问题：",
        "  第 4 行 出生日期：选举日2026-02-28未满18周岁：2026-03-01才满18周岁（依据：选举日年满十八周岁方可登记，R-ROLL-1）。",
        "  第 5 行 登记类别：居民委员会选民登记类别为1、2、3（依据：选民登记的类别，R-ROLL-2）。"]
    assert nothing_written()


def test_check_only_reports_and_writes_nothing(round_, runner, tmp_path):
    result = runner.invoke(args=["rolls", "import", write(tmp_path, GOOD), "--check-only"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "文件无误：已检查 2 行，未写入任何内容（--check-only）。"
    assert nothing_written()
    bad = runner.invoke(args=["rolls", "import", write(tmp_path, [row("", date(1980, 1, 1), 11)]), "--check-only"])
    assert bad.exit_code == 2 and "第 2 行 姓名：此项必填。" in bad.stderr
    assert nothing_written()


def test_a_notice_is_printed_and_does_not_stop_the_import(round_, runner, tmp_path):
    """R-ROLL-2: a category 4 villager without the assembly's consent is listed as not registered."""
    result = runner.invoke(args=["rolls", "import", write(tmp_path, [row("钱七", date(1970, 1, 1), 13, code=VILLAGE,
                                                                         category="4")])])
    assert result.exit_code == 0, result.output
    assert "第 2 行 提示：登记类别：" in result.stderr and "R-ROLL-2" in result.stderr
    assert db.session.scalar(select(Voter.status_reason)) == "consent_pending"


def test_an_old_excel_file_is_refused(round_, runner, tmp_path):
    path = tmp_path / "roll.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64))
    result = runner.invoke(args=["rolls", "import", str(path)])
    assert result.exit_code == 2 and ".xls" in result.stderr
    assert nothing_written()


def test_without_a_round_or_with_a_closed_one(app, runner, tmp_path):
    path = write(tmp_path, GOOD)
    result = runner.invoke(args=["rolls", "import", path])
    assert result.exit_code == 2 and "flask rounds open" in result.stderr
    round_ = services.open_round("2026年换届选举", date(2026, 1, 1), date(2026, 6, 30), village_term=12,
                                 residential_term=11, ruleset="national-2026")
    services.close_round(round_)
    result = runner.invoke(args=["rolls", "import", path, "--round", str(round_.id)])
    assert result.exit_code == 2 and "本届选举已结束" in result.stderr
    assert runner.invoke(args=["rolls", "import", path, "--round", "99"]).exit_code == 2


def test_print_writes_a_township_batch_or_says_nothing_is_published(round_, runner, tmp_path):
    """`flask rolls print`: the batch too large for a request, one PDF for the township."""
    from support.pdf import pdf_text
    from elections.rolls import services as rolls
    out = tmp_path / "lists.pdf"
    unpublished = runner.invoke(args=["rolls", "print", "110101001000", "--out", str(out)])
    assert unpublished.exit_code == 2 and "尚未公布" in unpublished.output and not out.exists()
    assert runner.invoke(args=["rolls", "import", str(write(tmp_path, GOOD))]).exit_code == 0
    election = services.election_for(round_, DUOFU)
    services.update_plan(election, {"seats_director": 1, "seats_deputy_director": 1, "seats_member": 3,
                                    "ballot_method": "single"})
    rolls.publish(election, None, today=date(2026, 2, 1))
    done = runner.invoke(args=["rolls", "print", "110101001000", "--what", "cards", "--out", str(out)])
    assert done.exit_code == 0, done.output
    text = pdf_text(out.read_bytes(), tmp_path)
    assert "参选证" in text and "张伟" in text and "王芳" not in text  # 王芳 is in 汤河口镇
    assert runner.invoke(args=["rolls", "print", "110101001001", "--out", str(out)]).exit_code == 0
    assert "选民榜" in pdf_text(out.read_bytes(), tmp_path)
