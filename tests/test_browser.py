"""Main flows in a real browser: headless Chromium (Debian's) driven by Playwright, against a live server."""
import re

import pytest
from playwright.sync_api import expect

from support.accounts import log_in

pytestmark = pytest.mark.browser


def open_menu(page):
    page.click(".navbar-toggler")
    expect(page.locator("#nav")).to_have_class(re.compile(r"\bshow\b"))  # the slide-down has ended


def test_township_official_browses_to_a_committee(page, live_server, artifacts):
    log_in(page, live_server, "township")
    expect(page).to_have_url(live_server + "/geo/110101001000")
    expect(page.locator("h1")).to_contain_text("东华门街道办事处")
    page.screenshot(path=artifacts / "township_home.png", full_page=True)
    page.click("text=多福巷社区居委会")
    expect(page).to_have_url(live_server + "/geo/110101001001")
    expect(page.locator(".breadcrumb")).to_contain_text("东华门街道办事处")
    expect(page.locator("h1")).to_contain_text("多福巷社区居委会")
    page.screenshot(path=artifacts / "township_committee.png", full_page=True)
    # The breadcrumb does not offer the district, which lies outside the township's jurisdiction.
    expect(page.locator(".breadcrumb a", has_text="东城区")).to_have_count(0)
    page.goto(live_server + "/geo/110101000000")
    expect(page.locator("h1")).to_have_text("403")


def test_language_switch_and_search_on_a_tablet(browser, live_server, artifacts):
    context = browser.new_context(viewport={"width": 820, "height": 1180}, locale="zh-CN", has_touch=True)
    page = context.new_page()
    log_in(page, live_server, "city")
    expect(page.locator("h1")).to_contain_text("北京市")
    expect(page.locator("#children tbody tr")).to_have_count(16)
    page.screenshot(path=artifacts / "city_tablet_zh.png", full_page=True)
    open_menu(page)  # the menu is collapsed below 992 px
    page.click("text=English")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("body")).to_contain_text("Village committees")
    open_menu(page)
    page.fill("input[name=q]", "雁栖")
    page.press("input[name=q]", "Enter")
    expect(page.locator("table")).to_contain_text("雁栖地区办事处")
    page.screenshot(path=artifacts / "search_tablet_en.png", full_page=True)
    open_menu(page)
    page.click("text=中文")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    context.close()


def test_district_official_creates_an_account(page, live_server, artifacts):
    log_in(page, live_server, "district")
    page.click("text=账号管理")
    page.click("text=新建账号")
    # The picker listens from app.js at the end of the page: type only once the page has loaded.
    page.wait_for_url("**/accounts/new", wait_until="load")
    page.fill("#username", "browser_clerk")
    page.fill("#display_name", "计票员乙")
    page.select_option("#role", "clerk")
    # The unit by name: the picker offers "name code" as one types; the server reads a unique name too.
    page.fill("#unit_code", "东厂社")
    expect(page.locator("#unit-options option")).to_have_count(1)
    assert page.locator("#unit-options option").first.get_attribute("value") == "东厂社区居委会 110101001005"
    page.fill("#unit_code", "东厂社区居委会")
    page.fill("#password", "clerk-pass-9")
    page.screenshot(path=artifacts / "account_new.png", full_page=True)
    page.click("main button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("browser_clerk")
    expect(page.locator("table")).to_contain_text("计票员乙")
    page.click("text=审计日志")
    expect(page.locator("#audit")).to_contain_text("创建账号")  # the action in words
    expect(page.locator("#audit")).to_contain_text("计票员乙")  # Chinese as characters, not escapes
    page.screenshot(path=artifacts / "audit_log.png", full_page=True)
    # The new clerk can log in and sees only the clerk's page.
    page.click("text=退出")
    page.goto(live_server + "/login")
    page.fill("#username", "browser_clerk")
    page.fill("#password", "clerk-pass-9")
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_contain_text("东厂社区居委会")
    expect(page.locator("nav")).not_to_contain_text("审计日志")


@pytest.mark.parametrize("username, landing, heading", [
    ("city", "/geo/110000000000", "北京市"),
    ("district", "/geo/110101000000", "东城区"),
    ("township", "/geo/110101001000", "东华门街道办事处"),
    ("committee", "/geo/110101001001", "多福巷社区居委会"),
    ("observer", "/geo/110101000000", "东城区"),
    ("clerk", "/", "多福巷社区居委会"),
])
def test_every_role_lands_on_its_own_unit(page, live_server, username, landing, heading):
    log_in(page, live_server, username)
    expect(page).to_have_url(live_server + landing)
    expect(page.locator("h1")).to_contain_text(heading)
    has_accounts = username in ("city", "district")
    expect(page.locator("nav a", has_text="账号管理")).to_have_count(1 if has_accounts else 0)


def test_remaining_pages_render_for_people(page, live_server, artifacts):
    page.goto(live_server + "/login")
    expect(page.locator("h1")).to_have_text("登录")
    page.screenshot(path=artifacts / "login.png")
    page.fill("#username", "district")
    page.fill("#password", "wrong password")
    page.click("main button[type=submit]")
    expect(page.locator(".alert-danger")).to_contain_text("用户名或密码错误")
    log_in(page, live_server, "district")
    expect(page.locator("#children tbody tr")).to_have_count(17)  # 东城区's subdistricts
    page.screenshot(path=artifacts / "district_home.png", full_page=True)
    page.goto(live_server + "/accounts/")
    expect(page.locator("table")).to_contain_text("township")
    page.screenshot(path=artifacts / "accounts.png", full_page=True)
    page.goto(live_server + "/geo/110102000000")
    expect(page.locator(".alert-warning")).to_contain_text("超出了您的角色或管辖范围")
    page.screenshot(path=artifacts / "forbidden.png")
    page.goto(live_server + "/about")
    expect(page.locator("main")).to_contain_text("CC BY 4.0")
    page.screenshot(path=artifacts / "about.png", full_page=True)
    page.click("text=退出")
    log_in(page, live_server, "clerk")
    expect(page.locator("main")).to_contain_text("计票")
    page.screenshot(path=artifacts / "clerk_home.png")
