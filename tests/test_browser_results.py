"""The what-if page in a real browser (the fixtures of test_browser.py): CSRF on, a record pasted and
one uploaded, screenshots for a person to look at."""
import pytest
from playwright.sync_api import expect

from support.ballots import RECORDS
from support.accounts import log_in

pytestmark = pytest.mark.browser


def test_an_election_committee_tries_records(page, live_server, artifacts):
    log_in(page, live_server, "committee")
    page.click("nav >> text=结果试算")
    expect(page.locator("h1")).to_have_text("选举结果试算")
    page.fill("#record_text", (RECORDS / "tie.json").read_text(encoding="utf-8"))
    page.click("main button[type=submit]")
    expect(page.locator("#status")).to_contain_text("对票数相等的候选人再次投票")
    expect(page.locator("#post-member tr.threshold-line")).to_have_text("当选票数线：404 票")
    expect(page.locator("#post-member tr.outcome-tie")).to_have_count(2)
    page.screenshot(path=artifacts / "what_if_tie.png", full_page=True)

    page.set_input_files("#record_file", RECORDS / "women_seat.json")
    page.click("main button[type=submit]")
    expect(page.locator("#vacancies")).to_contain_text("1 个名额保留给女性")
    expect(page.locator("#record_text")).to_have_value((RECORDS / "women_seat.json").read_text(encoding="utf-8"))
    page.screenshot(path=artifacts / "what_if_women_seat.png", full_page=True)

    page.fill("#record_text", '{"format": "bj-election-record/1"}')
    page.set_input_files("#record_file", [])
    page.click("main button[type=submit]")
    expect(page.locator("#problems")).to_contain_text("committee: 缺少必填项")
    page.screenshot(path=artifacts / "what_if_problems.png", full_page=True)
