"""Statistics in a real browser: a city official opens the statistics from the menu, sees the charts
(server-drawn SVG images, under the app's CSP with no violation), sorts a table, and drills down
from the city to a district, a township, a committee and its count (R-COUNT-10, R-MODE-3)."""
import pytest
from playwright.sync_api import expect

from support.accounts import IN_COMMITTEE, log_in
from support.apps import serving
from support.tally_data import certified_two_days_ago

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def certified(databases):
    with serving(databases, databases.fresh(databases.snapshot("certified", certified_two_days_ago))) as (_app, base):
        yield base


def _column(page, table: str, index: int) -> list[float]:
    return page.eval_on_selector_all(
        f"{table} tbody tr", f"rows => rows.map(r => r.cells[{index}].getAttribute('data-value'))"
                             ".filter(v => v !== '').map(Number)")


def test_a_city_official_reads_the_statistics_and_drills_down_to_the_count(browser, certified, artifacts):
    base = certified
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    blocked = []
    page.on("console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None)
    log_in(page, base, "city")
    page.click("#nav-statistics")
    page.wait_for_url("**/stats/*/110000000000", wait_until="load")
    expect(page.locator("h1")).to_contain_text("统计 · 北京市")
    expect(page.locator("#children")).to_contain_text("东城区")
    images = page.locator("img.chart")
    expect(images).to_have_count(4)
    page.wait_for_function("Array.from(document.querySelectorAll('img.chart')).every(i => i.complete && i.naturalWidth > 0)")
    page.screenshot(path=artifacts / "statistics_city.png", full_page=False)

    # Sorting: the committees column up, then down (the numbers, not their text).
    button = page.locator("#children th").nth(2).locator("button")
    button.click()
    up = _column(page, "#children", 2)
    assert up == sorted(up) and len(up) == 16
    button.click()
    assert _column(page, "#children", 2) == sorted(up, reverse=True)
    expect(page.locator("#children th").nth(2)).to_have_attribute("aria-sort", "descending")

    # Drill down: city → 东城区 → 东华门街道 → 多福巷 → its count.
    for name, level in (("东城区", "110101000000"), ("东华门街道", "110101001000"), ("多福巷", IN_COMMITTEE)):
        page.locator("#children a", has_text=name).first.click()
        page.wait_for_url(f"**/stats/*/{level}", wait_until="load")
    expect(page.locator("#summary")).to_contain_text("83.3")  # 50 of 60 (R-COUNT-10)
    page.click("#count-link")
    page.wait_for_url(f"**/count/{IN_COMMITTEE}", wait_until="load")
    assert not blocked, blocked
    context.close()
