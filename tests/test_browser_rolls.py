"""Voter rolls in a real browser (issue 4): the election committee keeps its roll, publishes the
list, prints it and handles an objection; an observer sees ID numbers masked.

Headless Chromium through Playwright against the real app, CSRF on, in Chinese. Every page is
saved to test-artifacts/rolls-*.png for a person to look at.
"""
import csv
import random
from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from support.accounts import IN_COMMITTEE, log_in
from support.apps import serving
from elections.clock import beijing_today
from elections.extensions import db
from elections.rolls import idnumber, services, synthetic
from elections.rounds import services as rounds
from support.rolls_data import open_round, person, planned
from support.transactions import save
from support.browser import confirmed

pytestmark = pytest.mark.browser
TODAY = beijing_today()
DAY = TODAY + timedelta(days=30)
YINZHA = "110101001002"  # 银闸社区: its roll comes from the township's file


@dataclass
class Live:
    url: str
    round_id: int
    first_id: str  # the first voter's ID number


@pytest.fixture(scope="module")
def live(databases):
    url = databases.fresh()
    with serving(databases, url) as (app, base):
        with app.app_context():
            round_ = open_round("2026年村（居）民委员会换届选举", first_day=TODAY - timedelta(days=5), days=65)
            election = planned(round_, IN_COMMITTEE, election_day=DAY, venue="多福巷社区活动中心")
            rounds.update_plan(rounds.election_for(round_, YINZHA), {"election_day": DAY})
            voters = [save(services.add_voter, election, person(n, f"H{(n + 1) // 2:03d}",
                                                                           representative=n % 2 == 1,
                                                                           group=f"第{'一二三'[n % 3]}居民小组"))
                      for n in range(1, 25)]
            ready = Live(base, round_.id, voters[0].id_number)
            db.session.commit()  # the set-up, committed; no transaction stays open while the server writes
        yield ready


def shot(page, artifacts, name):
    page.screenshot(path=artifacts / f"rolls-{name}.png", full_page=True)


def test_election_committee_keeps_publishes_and_answers_an_objection(page, live, artifacts):
    log_in(page, live.url, "committee")
    roll = f"{live.url}/rounds/{live.round_id}/rolls/{IN_COMMITTEE}"
    page.goto(roll)
    expect(page.locator("#counts")).to_contain_text("24")
    expect(page.locator("#voter-table")).to_contain_text(live.first_id)  # the roll's managers see it whole
    shot(page, artifacts, "committee")

    page.click("text=增加选民")
    page.fill("#name", "赵新")
    number = idnumber.make("110101", DAY.replace(year=DAY.year - 30), 11)
    page.fill("#id_number", number[:-1] + ("0" if number[-1] != "0" else "1"))
    page.fill("#household", "H100")
    page.click("#add-voter button[type=submit]")
    expect(page.locator("#problems")).to_contain_text("校验码")  # R-ROLL-6, in Chinese
    shot(page, artifacts, "add-refused")
    page.fill("#id_number", number)
    page.click("#add-voter button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("赵新")
    # R26-ROLL: listed, registered once they say they will take part; R26-SIZE: a near relative.
    expect(page.locator("#status")).to_contain_text("尚未表示参加选举")
    page.fill("#opted_in_on", TODAY.isoformat())
    page.click("#opt-in button[type=submit]")
    expect(page.locator("#status")).to_contain_text("已登记")
    page.fill("#number", "3")
    page.select_option("#relation", "sibling")
    page.click("#relative-form button[type=submit]")
    expect(page.locator("#relative-list")).to_contain_text("居民0003")
    shot(page, artifacts, "voter-relative")

    page.goto(roll)
    page.wait_for_load_state("load")
    page.click("#publish button[type=submit]")  # asks first; cancelled, nothing is published
    expect(page.locator("#confirm-dialog")).to_contain_text("不能撤回")
    page.click("#confirm-cancel")
    expect(page.locator("#confirm-dialog")).to_be_hidden()
    page.reload()
    expect(page.locator("#publish")).to_be_visible()
    expect(page.locator(".alert-success")).to_have_count(0)
    confirmed(page, "#publish button[type=submit]", "5日内可以提出异议", "不能撤回")
    expect(page.locator(".alert-success")).to_contain_text("第1版")
    href = page.locator("#versions + table a", has_text="选民榜").get_attribute("href")
    printed = page.request.get(live.url + href)  # shown inline by the browser's PDF viewer
    assert printed.headers["content-type"] == "application/pdf" and printed.body().startswith(b"%PDF")

    page.click("details summary")
    page.fill("#lodged_by", "钱某")
    page.fill("#subject_name", "居民0002")
    page.fill("#grounds", "该居民已于本月迁出本社区")
    page.select_option("#request", "remove")
    page.fill("#subject_voter", page.locator("#voter-table tbody tr", has_text="居民0002").locator("td").first.inner_text())
    page.click("#objection-form button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("处理决定")
    page.select_option("#decision", "upheld")
    page.fill("#text", "经入户核实，该居民已迁出，从选民名单中删除。")
    confirmed(page, "#decide button[type=submit]", "不能更改")
    expect(page.locator("#decision")).to_contain_text("异议成立")
    shot(page, artifacts, "objection")

    page.goto(roll)
    expect(page.locator("#pending")).to_contain_text("居民0002")
    confirmed(page, "#publish button[type=submit]", "第2版")
    expect(page.locator(".alert-success")).to_contain_text("第2版")
    shot(page, artifacts, "republished")


def test_observer_sees_masked_id_numbers_and_no_forms(page, live, artifacts):
    log_in(page, live.url, "observer")
    page.goto(f"{live.url}/rounds/{live.round_id}/rolls/{IN_COMMITTEE}")
    table = page.locator("#voter-table")
    expect(table).to_contain_text(idnumber.mask(live.first_id))
    expect(table).not_to_contain_text(live.first_id)
    expect(page.locator("#publish")).to_have_count(0)
    shot(page, artifacts, "observer")


def test_township_official_loads_a_township_file_after_fixing_it(page, live, artifacts, tmp_path):
    """The issue's "done when": one file for the township, every problem shown before anything is
    written, then applied whole."""
    people = synthetic.People(random.Random(7), DAY)
    committee = next(c for c in synthetic.committees("110101001000") if c[0] == YINZHA)
    rows = list(synthetic.households(people, committee, 60))
    bad = list(rows[0])
    bad[2] = "1.10101E+17"  # an ID number Excel turned into a number
    path = tmp_path / "东华门街道.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([synthetic.HEADER_ROW, bad, *rows[1:]])
    log_in(page, live.url, "township")
    page.goto(f"{live.url}/rounds/{live.round_id}/rolls/import/110101001000")
    page.set_input_files("#upload input[type=file]", str(path))
    page.click("#upload button[type=submit]")
    expect(page.locator("#problems-table")).to_contain_text("1.10101E+17")
    expect(page.locator("#problems-table")).to_contain_text("2")  # the row, counting the header as 1
    shot(page, artifacts, "import-rejected")
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([synthetic.HEADER_ROW, *rows])
    page.goto(f"{live.url}/rounds/{live.round_id}/rolls/import/110101001000")
    page.set_input_files("#upload input[type=file]", str(path))
    page.click("#upload button[type=submit]")
    confirmed(page, page.get_by_role("button", name="应用此次导入"), "不能整体撤销")
    expect(page.locator("#status")).to_have_text("已应用")
    shot(page, artifacts, "import-applied")
    page.goto(f"{live.url}/rounds/{live.round_id}/rolls/110101001000")
    # R26-ROLL: those who said they will take part are registered (category 3 once the election committee
    # confirms it); the rest are listed, not registered.
    column = {header: i for i, header in enumerate(synthetic.HEADER_ROW)}
    registered = sum(1 for r in rows if r[column["参选登记日期"]] and (r[column["登记类别"]] != "3" or r[column["同意日期"]]))
    assert 50 <= registered <= 60
    expect(page.locator("#units tr", has_text="银闸社区")).to_contain_text(str(registered))
