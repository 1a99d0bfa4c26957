"""Election day in a real browser: the election committee sets up its central venue and an issuer
whose password it sees once; the issuer, on a 1024×768 tablet, finds voters as they type and issues
with one touch; a dropped connection is shown and the issue is sent again by itself, once."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from elections import create_app
from elections.clock import beijing_today
from elections.extensions import db
from elections.polling.models import BallotIssue
from elections.rolls.models import Voter
from support.accounts import IN_COMMITTEE, log_in
from support.apps import base_config, serving
from support.polling_data import published_election

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def election_day(databases):
    """多福巷 on its election day (today, for the server's real calendar), with no place yet."""
    url = databases.fresh()
    app = create_app(base_config(url))
    with app.app_context():
        election = published_election(IN_COMMITTEE, beijing_today())
        round_id = election.round_id
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    with serving(databases, url) as (served, base):
        yield served, base, round_id


def issued_to(app, number: int) -> int:
    with app.app_context():
        found = db.session.scalar(select(func.count()).select_from(BallotIssue).join(Voter).where(
            Voter.number == number))
        db.session.remove()
    return found


def test_the_committee_prepares_and_an_issuer_issues_on_a_tablet(browser, election_day, artifacts):
    app, base, round_id = election_day
    committee = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    log_in(committee, base, "committee")
    committee.goto(f"{base}/rounds/{round_id}/polling/{IN_COMMITTEE}")
    expect(committee.locator("#no-places")).to_be_visible()
    committee.select_option("#kind", "central")
    committee.fill("#name", "中心会场")
    committee.fill("#address", "多福巷社区居委会会议室")
    committee.fill("#opens", "07:30")
    committee.fill("#closes", "17:00")
    committee.click("#add-place button[type=submit]")
    expect(committee.locator(".place h3")).to_contain_text("中心会场")
    place = committee.locator(".place").first
    place.locator("input[name=who]").fill("1")
    place.locator("select[name=role]").select_option("scrutineer")
    place.locator("button", has_text="安排").click()
    expect(committee.locator("#problems")).to_contain_text("R-CAND-6")  # a candidate is no scrutineer
    place = committee.locator(".place").first
    place.locator("input[name=who]").fill("30")
    place.locator("select[name=role]").select_option("issuer")
    place.locator("button", has_text="安排").click()
    committee.locator(".place button", has_text="开设账户").click()
    username = committee.locator("#new-username").inner_text()
    password = committee.locator("#new-password").inner_text()
    committee.screenshot(path=artifacts / "polling_committee_account.png", full_page=True)
    committee.goto(f"{base}/rounds/{round_id}/polling/{IN_COMMITTEE}")
    expect(committee.locator("#new-password")).to_have_count(0)  # shown once
    committee.context.close()

    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="zh-CN", has_touch=True)
    tablet = context.new_page()
    tablet.goto(base + "/login")
    tablet.fill("#username", username)
    tablet.fill("#password", password)
    tablet.click("main button[type=submit]")
    expect(tablet).to_have_url(base + "/issue")
    expect(tablet.locator("#issue-electorate")).to_have_text("60")
    tablet.locator("#issue-search").press_sequentially("居民004")
    expect(tablet.locator("#issue-results li")).to_have_count(10)
    first = tablet.locator("#issue-results li").first
    expect(first.locator(".issue-name")).to_have_text("居民0040")
    button = first.locator("button")
    box = button.bounding_box()
    assert box["height"] >= 56 and box["width"] >= 150  # a target for a finger
    assert float(first.locator(".issue-name").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 28
    button.tap()
    expect(tablet.locator("#issue-message")).to_have_text("已向居民0040发放选票。")
    expect(tablet.locator("#issue-issued")).to_have_text("1")
    tablet.locator("#issue-search").fill("0040")
    expect(tablet.locator("#issue-results li .issue-done")).to_contain_text("中心会场")
    assert tablet.evaluate("document.documentElement.scrollWidth") <= 1024
    tablet.screenshot(path=artifacts / "issuance_tablet.png")

    # The network drops as the issuer touches the button: the screen says so, and sends again by itself.
    tablet.locator("#issue-search").fill("居民0041")
    expect(tablet.locator("#issue-results li .issue-name")).to_have_text(["居民0041"])
    context.set_offline(True)
    tablet.locator("#issue-results li button").tap()
    expect(tablet.locator("#issue-connection")).to_have_text("网络中断")
    expect(tablet.locator("#issue-message")).to_contain_text("会自动重发")
    tablet.screenshot(path=artifacts / "issuance_tablet_offline.png")
    assert issued_to(app, 41) == 0
    context.set_offline(False)
    expect(tablet.locator("#issue-message")).to_have_text("已向居民0041发放选票。", timeout=15_000)
    expect(tablet.locator("#issue-connection")).to_have_text("已连接")
    assert issued_to(app, 41) == 1

    # A second issue to the same person is refused at once, saying where and when.
    tablet.evaluate("""async () => {
        const token = document.querySelector('meta[name="csrf-token"]').content;
        const id = document.getElementById('issue-place').value;
        const r = await fetch(`/api/issuance/places/${id}/issue`, {method: 'POST', headers: {
            'Content-Type': 'application/json', 'X-CSRFToken': token}, body: JSON.stringify({card: '0041', key: 'again-0041-x'})});
        window.secondStatus = r.status; }""")
    assert tablet.evaluate("window.secondStatus") == 409
    assert issued_to(app, 41) == 1
    tablet.goto(base + "/lang/en")
    tablet.goto(base + "/issue")
    tablet.locator("#issue-search").press_sequentially("0041")
    expect(tablet.locator("#issue-results li .issue-done")).to_contain_text("Issued at 中心会场")
    tablet.screenshot(path=artifacts / "issuance_tablet_en.png")
    context.close()
