"""Every page runs under the strict Content-Security-Policy: no inline script, handler, <style> or
style= attribute, no data: image. Each demo account walks every page it can reach by links in
headless Chromium; a page that the browser refuses anything on fails, naming what and where."""
from pathlib import Path

import pytest

from elections.csp_assets import csp_stylesheet
from support.walk import log_in_demo, walk

VENDOR = Path(__file__).resolve().parent.parent / "static" / "vendor"
POLICY = "default-src 'self'; frame-ancestors 'none'; form-action 'self'"
# The demo logins, each with a viewport: the narrow ones show the navbar toggler and its icon.
LOGINS = [("admin", 1280), ("dongcheng", 1024), ("donghuamen", 1280), ("duofuxiang", 820), ("clerk", 820),
          ("observer", 1024), ("gongan", 1280), ("issuer", 1024)]
PAGES_PER_LOGIN = 45


def test_the_committed_stylesheet_is_bootstraps_without_data_urls():
    css, files = csp_stylesheet((VENDOR / "bootstrap.min.css").read_text("utf-8"))
    assert (VENDOR / "bootstrap.csp.min.css").read_text("utf-8") == css, "run: python -m elections.csp_assets"
    for name, svg in files.items():
        assert (VENDOR / "bootstrap-svg" / name).read_text("utf-8") == svg
    assert "data:" not in css


@pytest.mark.browser
@pytest.mark.parametrize("username, width", LOGINS)
def test_every_page_of_every_role_loads_with_no_csp_violation(browser, demo_server, username, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    refused = []
    page.on("console", lambda message: refused.append(f"{page.url}: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text else None)
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "console.error('Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI))")
    log_in_demo(page, demo_server, username)
    visited = 0
    for url, response in walk(page, demo_server, PAGES_PER_LOGIN):
        visited += 1
        assert response.headers.get("content-security-policy") == POLICY, url
    context.close()
    assert visited >= 3, f"{username} reached only {visited} pages"
    assert refused == []
