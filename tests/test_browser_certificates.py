"""Certificates in a real browser: the township prints its certificates as a background batch and
downloads it (R-CERT-2), and anybody, not logged in, verifies one at /verify by typing its serial."""
import pytest
from playwright.sync_api import expect

from sqlalchemy import select

from elections.documents.models import Certificate
from elections.extensions import db
from support.accounts import IN_TOWNSHIP, log_in
from support.apps import serving
from support.pdf import pdf_pages
from support.tally_data import certified_two_days_ago

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def certified(databases):
    with serving(databases, databases.fresh(databases.snapshot("certified", certified_two_days_ago))) as (app, base):
        with app.app_context():
            issued = db.session.scalars(select(Certificate).order_by(Certificate.id)).all()
            found = (issued[0].election.round_id, [c.serial for c in issued])
        yield base, found


def test_the_township_prints_its_certificates_in_the_background(browser, certified, artifacts, tmp_path):
    base, (round_id, serials) = certified
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    log_in(page, base, "township")
    page.goto(f"{base}/geo/{IN_TOWNSHIP}")
    page.click("#batch-printing")
    page.wait_for_url(f"**/batches/{IN_TOWNSHIP}", wait_until="load")
    page.check("#kind-certificates")
    page.click("#start-batch")
    expect(page.locator(".alert-success")).to_contain_text("已在后台批量打印：共 6 份文书")
    row = page.locator("tr.job").first
    expect(row.locator(".job-download")).to_be_visible()
    expect(row.locator(".job-state")).to_contain_text("已完成 6 / 6 页")
    page.screenshot(path=artifacts / "batches_done.png", full_page=True)
    with page.expect_download() as download:
        row.locator(".job-download").click()
    saved = tmp_path / "batch.pdf"
    download.value.save_as(saved)
    assert pdf_pages(saved.read_bytes(), tmp_path) == 6
    context.close()


def test_anybody_verifies_a_certificate_by_its_serial(browser, certified, artifacts):
    base, (_round_id, serials) = certified
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}/verify")
    page.fill("#serial", serials[0].lower().replace("-", " "))
    page.click("main form button[type=submit]")
    expect(page.locator("#verdict")).to_contain_text("真实有效")
    expect(page.locator("#verified-name")).to_have_text("居民0001")
    page.screenshot(path=artifacts / "verify_current.png", full_page=True)
    page.fill("#serial", "2222-2222-2222-2222")
    page.click("main form button[type=submit]")
    expect(page.locator("#verdict")).to_contain_text("不是真实的证书")
    context.close()
