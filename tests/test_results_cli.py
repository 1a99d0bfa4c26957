"""`flask results recount RECORD`: the result JSON on stdout and exit 0, or every problem on stderr
and exit 2; and it needs nothing from the database."""
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from support.ballots import RECORDS, SAMPLES, counted, sample
from support.apps import fresh_app
from elections.results.result import result_json

ROOT = Path(__file__).resolve().parent.parent


def broken_record(tmp_path: Path) -> Path:
    data = sample("first_complete")
    data["tally"]["posts"]["member"]["votes"]["c99"] = 1
    data["tally"]["invalid"] = -3
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", SAMPLES)
def test_recount_prints_the_result_of_every_sample(runner, name):
    result = runner.invoke(args=["results", "recount", str(RECORDS / f"{name}.json")])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == result_json(counted(sample(name)))
    assert result.stderr == ""


def test_recount_prints_chinese_as_characters(runner):
    result = runner.invoke(args=["results", "recount", str(RECORDS / "first_complete.json")])
    assert '"name": "王丽"' in result.stdout and "\\u" not in result.stdout


def test_recount_reads_standard_input(runner):
    text = (RECORDS / "tie.json").read_text(encoding="utf-8")
    result = runner.invoke(args=["results", "recount", "-"], input=text)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["next"] == "revote_tied"


def test_recount_accepts_a_byte_order_mark(runner, tmp_path):
    """Windows Notepad saves UTF-8 with one."""
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + (RECORDS / "tie.json").read_bytes())
    assert runner.invoke(args=["results", "recount", str(path)]).exit_code == 0


def test_a_rejected_record_lists_every_problem_in_chinese(runner, tmp_path):
    path = broken_record(tmp_path)
    result = runner.invoke(args=["results", "recount", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"选举记录 {path} 未通过检查：",
        "  tally.invalid: 不能为负数",
        "  tally.posts.member.votes.c99: 未知的候选人",
    ]


def test_a_rejected_record_in_english(databases, tmp_path):
    path = broken_record(tmp_path)
    with fresh_app(databases, BABEL_DEFAULT_LOCALE="en") as app:
        result = app.test_cli_runner().invoke(args=["results", "recount", str(path)])
    assert result.exit_code == 2
    assert "  tally.posts.member.votes.c99: unknown candidate" in result.stderr.splitlines()


@pytest.mark.parametrize(("content", "message"), [
    (b'{"format": "bj-election-record/1",', "不是有效的 JSON：第 1 行第 35 列"),
    (b"\xff\xfe{}", "不是 UTF-8 编码的文本"),
])
def test_text_that_is_no_record_exits_2(runner, tmp_path, content, message):
    path = tmp_path / "record.json"
    path.write_bytes(content)
    result = runner.invoke(args=["results", "recount", str(path)])
    assert result.exit_code == 2 and message in result.stderr


def test_a_missing_file_exits_2(runner, tmp_path):
    result = runner.invoke(args=["results", "recount", str(tmp_path / "nowhere.json")])
    assert result.exit_code == 2 and "nowhere.json" in result.stderr


def _flask(args, tmp_path):
    """The real command line, on a database file that does not exist yet: nothing migrated, nothing loaded."""
    database = tmp_path / "never-migrated.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "recount-test",
           "PYTHONIOENCODING": "utf-8"}
    completed = subprocess.run([sys.executable, "-m", "flask", "--app", "elections", "results", "recount", *args],
                               cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    return completed, database


def _tables(database: Path) -> list:
    if not database.exists():
        return []
    with sqlite3.connect(database) as conn:
        return conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()


def test_recount_needs_no_database(tmp_path):
    completed, database = _flask([str(RECORDS / "supplementary.json")], tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout) == result_json(counted(sample("supplementary")))
    assert _tables(database) == []
    completed, database = _flask([str(broken_record(tmp_path))], tmp_path)
    assert completed.returncode == 2
    assert "tally.posts.member.votes.c99: 未知的候选人" in completed.stderr
    assert completed.stdout == ""
    assert _tables(database) == []
