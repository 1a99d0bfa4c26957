"""Vetting in a real browser (R-CAND-3): a department answers its items from its queue, the township
completes the file, bars the nominee on an item with the evidence and prints the written decision;
a district official gives a department its account.

Headless Chromium through Playwright against the real app, CSRF on, in Chinese. Every page is
saved to test-artifacts/vetting-*.png for a person to look at.
"""
import subprocess
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from support.candidates_data import id_of, nominating
from support.accounts import IN_COMMITTEE, IN_TOWNSHIP, PASSWORD, log_in
from support.apps import serving
from elections.accounts.services import create_user
from elections.extensions import db
from support.rolls_data import open_round
from support.browser import confirmed
from test_vetting_pages import nominate

pytestmark = pytest.mark.browser
EVIDENCE = "区公安分局出具的情况说明：该人于2025年因寻衅滋事被行政拘留十日。"


@dataclass
class Live:
    url: str
    round_id: int
    barred: int  # the nominee the township bars
    other: int


@pytest.fixture(scope="module")
def live(databases):
    url = databases.fresh()
    with serving(databases, url) as (app, base):
        with app.app_context():
            election = nominating(open_round(), IN_COMMITTEE, voters=30)
            first, second = nominate(election, (1, "director"), (2, "deputy_director"))
            create_user("gongan", PASSWORD, "department", IN_TOWNSHIP, display_name="东华门派出所", department="公安")
            ready = Live(base, election.round_id, first.id, second.id)
            db.session.commit()  # the set-up, committed; no transaction stays open while the server writes
        yield ready


def shot(page, artifacts, name):
    page.screenshot(path=artifacts / f"vetting-{name}.png", full_page=True)


def queue(live, code=IN_TOWNSHIP):
    return f"{live.url}/rounds/{live.round_id}/vetting/{code}"


def switch_user(page, live, username):
    page.context.clear_cookies()
    log_in(page, live.url, username)


def test_r_cand_3_department_answers_then_township_bars_with_a_written_decision(page, live, artifacts, tmp_path):
    # The department: its queue, and only its own rows of the file.
    log_in(page, live.url, "gongan")
    page.goto(queue(live))
    expect(page.locator("#mine")).to_contain_text("公安")
    # 7 items naming 公安 (3 of them R26-CAND's bars set by law), 2 nominees
    expect(page.locator("#mine")).to_contain_text("0 / 14")
    shot(page, artifacts, "queue-department")
    page.locator(f'tr[data-nominee="{live.barred}"] a').click()
    expect(page.locator("h1")).to_have_text("居民0001")
    expect(page.locator("#five-good")).to_have_count(0)
    expect(page.locator('tr.finding-row[data-department="法院"]')).to_have_count(0)
    expect(page.locator("#nominee")).to_contain_text(id_of(1))  # the whole number it checks records by
    form = page.locator('form.finding-form[data-item="TC-2"][data-department="公安"]')
    form.locator('input[value="yes"]').check()
    form.locator("textarea").fill("2025年因寻衅滋事被行政拘留十日（公安分局情况说明）")
    form.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("TC-2")
    page.click("#nothing-found button[type=submit]")  # nothing found on its other items
    expect(page.locator(".alert-success")).to_contain_text("6")
    expect(page.locator("#progress")).to_contain_text("7 / 7")
    shot(page, artifacts, "file-department")

    # The township official completes the file and decides.
    switch_user(page, live, "township")
    page.goto(queue(live))
    expect(page.locator(f'tr[data-nominee="{live.barred}"] .answered')).to_contain_text("7 / 25")
    page.locator(f'tr[data-nominee="{live.barred}"] a').click()
    expect(page.locator("#missing")).to_contain_text("法院")
    shot(page, artifacts, "file-official")
    for n in range(1, 6):
        page.check(f"#meets_FG_{n}-yes")
    page.click("#assess button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("评议")
    while page.locator("#nothing-found").count():
        page.click("#nothing-found button[type=submit]")  # a department's answer sent on paper
        expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#progress")).to_contain_text("25 / 25")  # not TC-8 nor SB-5: a residents' committee
    expect(page.locator('[data-item="TC-8"]')).to_have_count(0)
    expect(page.locator("#missing")).to_have_count(0)

    page.check("#decision-qualified")
    confirmed(page, "#decide button[type=submit]", "不能更改")
    expect(page.locator("#problems")).to_contain_text("十不能")  # TC-2 holds: no qualifying
    page.check("#decision-barred")
    page.check("#ground-TC_2")
    page.fill("#decision-evidence-input", EVIDENCE)
    confirmed(page, "#decide button[type=submit]")
    expect(page.locator("#decided")).to_contain_text("取消资格")
    expect(page.locator("#decided")).to_contain_text(EVIDENCE)
    expect(page.locator(".finding-form")).to_have_count(0)
    shot(page, artifacts, "file-decided")

    printed = page.request.get(live.url + page.locator("#decision-pdf").get_attribute("href"))
    assert printed.headers["content-type"] == "application/pdf" and printed.body().startswith(b"%PDF")
    path = artifacts / "vetting-decision-browser.pdf"
    path.write_bytes(printed.body())
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    flat = "".join(text.split())
    assert "候选人资格审查决定书" in flat and "居民0001" in flat and "TC-2" in flat and "东华门街道办事处（盖章）" in flat

    page.goto(queue(live))
    expect(page.locator(f'tr[data-nominee="{live.barred}"] .stage')).to_have_text("取消资格")
    shot(page, artifacts, "queue-official")


def test_a_district_official_gives_a_department_its_account(page, live, artifacts):
    log_in(page, live.url, "district")
    page.goto(live.url + "/accounts/new")
    page.fill("#username", "fayuan")
    page.fill("#display_name", "东城区法院")
    page.select_option("#role", "clerk")
    expect(page.locator("#department-field")).to_be_hidden()  # a department only for the department role
    page.select_option("#role", "department")
    expect(page.locator("#department-field")).to_be_visible()
    page.fill("#unit_code", IN_TOWNSHIP)
    page.fill("#password", "fayuan-pass-1")
    page.click("main button[type=submit]")
    expect(page.locator(".alert-danger")).to_contain_text("部门")  # the department's name is needed
    page.fill("#department", "法院")
    page.fill("#password", "fayuan-pass-1")
    shot(page, artifacts, "new-account")
    page.click("main button[type=submit]")
    row = page.locator("tr", has_text="fayuan")
    expect(row).to_contain_text("审查部门")
    expect(row.locator(".department")).to_have_text("法院")
    shot(page, artifacts, "accounts")

    page.context.clear_cookies()
    page.goto(live.url + "/login")
    page.fill("#username", "fayuan")
    page.fill("#password", "fayuan-pass-1")
    page.click("main button[type=submit]")
    page.goto(queue(live))
    expect(page.locator("#mine")).to_contain_text("法院")
