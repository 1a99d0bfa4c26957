"""Counting night in a real browser at 1024×768: a clerk enters the central venue's sheet, sees a
check fail with its rule as they type and on the server, corrects it and saves; a second clerk's
different entry lands in the correction queue; the chair sees both line by line and decides; the
result appears on the count page."""
import pytest
from playwright.sync_api import expect

from elections import create_app
from elections.clock import beijing_today
from elections.extensions import db
from support.accounts import IN_COMMITTEE, log_in
from support.apps import base_config, serving
from support.tally_data import clerk2, form, voted

pytestmark = pytest.mark.browser
CLEAR = {1: 31, 2: 15, 3: 30, 4: 16, 5: 40, 6: 38, 7: 36, 8: 30, 9: 20}


@pytest.fixture(scope="module")
def counting(databases):
    """多福巷 voted today: 50 ballots issued at its central venue, nothing entered."""
    url = databases.fresh()
    app = create_app(base_config(url))
    with app.app_context():
        election, ballot, places = voted(beijing_today())
        clerk2()
        data = form(ballot, issued=50, found=50, votes=CLEAR)
        ids = (election.round_id, places[0].id)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    with serving(databases, url) as (served, base):
        yield base, ids, data


def fill(page, data: dict) -> None:
    for name, value in data.items():
        field = page.locator(f'[name="{name}"]')
        if field.count() and field.first.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        elif field.count():
            field.fill(value)


def test_clerks_enter_the_chair_decides_and_the_result_appears(browser, counting, artifacts):
    base, (round_id, place_id), data = counting
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="zh-CN")
    clerk = context.new_page()
    log_in(clerk, base, "clerk")
    clerk.click("text=进入计票")
    expect(clerk.locator("#boxes")).to_contain_text("中心会场")
    clerk.click("text=录入计票单")
    clerk.wait_for_url(f"**/boxes/{place_id}", wait_until="load")  # tally.js loaded before typing
    expect(clerk.locator("#f-issued")).to_have_value("50")  # from the issuance register
    fill(clerk, {**data, "found": "52"})
    expect(clerk.locator("#live-checks")).to_contain_text("R-COUNT-2")  # live, as the clerk types
    clerk.click("#save")
    expect(clerk.locator("#problems")).to_contain_text("R-COUNT-2")  # and again on the server
    clerk.screenshot(path=artifacts / "tally_sheet_refused.png", full_page=True)
    clerk.fill("#f-found", "50")
    expect(clerk.locator("#live-checks li")).to_have_count(0)
    clerk.fill('[name="member.w0.votes"]', "30")  # a write-in with many votes: a warning (R-COUNT-4)
    expect(clerk.locator("#live-checks")).to_contain_text("R-COUNT-4")
    clerk.fill('[name="member.w0.votes"]', "")
    expect(clerk.locator("#live-checks li")).to_have_count(0)
    clerk.click("#save")
    expect(clerk.locator(".alert-success")).to_contain_text("另一名录入员再次录入")
    context.close()

    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="zh-CN")
    second = context.new_page()
    log_in(second, base, "clerk2")
    second.goto(f"{base}/rounds/{round_id}/count/{IN_COMMITTEE}/ballots/1/boxes/{place_id}", wait_until="load")
    slip = next(key for key in data if key.startswith("member."))
    fill(second, {**data, slip: str(int(data[slip]) + 1)})
    second.click("#save")
    expect(second.locator(".alert-success")).to_contain_text("纠错队列")
    context.close()

    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="zh-CN")
    chair = context.new_page()
    log_in(chair, base, "committee")
    chair.goto(f"{base}/rounds/{round_id}/count/{IN_COMMITTEE}")
    chair.click("text=裁定数字")
    chair.wait_for_url("**mode=resolve", wait_until="load")
    expect(chair.locator("#compare tr.differs")).to_have_count(1)
    expect(chair.locator(f'[name="{slip}"]')).to_have_value("")  # the differing line, to type from paper
    chair.screenshot(path=artifacts / "tally_resolve.png", full_page=True)
    chair.fill(f'[name="{slip}"]', data[slip])
    chair.fill("#reason", "核对纸质计票单")
    chair.click("#save")
    expect(chair.locator("#result #status")).to_contain_text("有效")
    expect(chair.locator("#elected")).to_contain_text("居民0001")
    chair.screenshot(path=artifacts / "tally_result.png", full_page=True)
    context.close()
