"""Layouts that never clip: every page of every demo role, in Chinese and English, at 1280×900 and
1024×768, has no horizontal overflow (of the page, or of an element that scrolls or cuts off its
content), and no item of the navigation bar takes more than one line."""
import pytest

from support.walk import DEMO_LOGINS, log_in_demo, walk

VIEWPORTS = ({"width": 1280, "height": 900}, {"width": 1024, "height": 768})
PAGES_PER_LOGIN = 40
# What overflows or wraps on the page, each named by its element: checked in the browser.
LAYOUT_PROBLEMS = """() => {
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
      ' "' + (el.innerText || '').trim().slice(0, 30) + '"';
  const found = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth + 1) found.push('the page is ' + doc.scrollWidth + 'px wide');
  for (const el of document.querySelectorAll('body *')) {
    if (['INPUT', 'SELECT', 'TEXTAREA', 'OPTION', 'SCRIPT', 'svg'].includes(el.tagName) || !el.clientWidth
        || el.classList.contains('visually-hidden')) continue;  // text for screen readers only
    const style = getComputedStyle(el);
    if (style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1) {
      found.push(name(el) + ' cuts or scrolls its content: ' + el.scrollWidth + 'px in ' + el.clientWidth + 'px');
    }
  }
  for (const el of document.querySelectorAll('.navbar .nav-link, .navbar-brand, .navbar .btn, .navbar .lang-switch, .navbar .text-white')) {
    if (!el.offsetParent) continue;
    const line = parseFloat(getComputedStyle(el).lineHeight) || 24;
    const lines = Array.from(el.getClientRects()).length;
    if (lines > 1 || el.getBoundingClientRect().height > line * 1.6 + 16) found.push(name(el) + ' takes more than one line');
  }
  return found;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize("username", DEMO_LOGINS)
def test_no_page_overflows_or_wraps_its_navigation(browser, demo_server, username, locale):
    context = browser.new_context(viewport=VIEWPORTS[0], locale=locale)
    page = context.new_page()
    log_in_demo(page, demo_server, username)
    page.goto(demo_server + ("/lang/en" if locale == "en" else "/lang/zh"))
    problems, visited = [], 0
    for url, _response in walk(page, demo_server, PAGES_PER_LOGIN):
        visited += 1
        for viewport in VIEWPORTS:
            page.set_viewport_size(viewport)
            problems += [f"{url} at {viewport['width']}: {p}" for p in page.evaluate(LAYOUT_PROBLEMS)]
        page.set_viewport_size(VIEWPORTS[0])
    context.close()
    assert visited >= 3, f"{username} reached only {visited} pages"
    assert problems == []
