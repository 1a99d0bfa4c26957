"""Walking the demo as each of its accounts would: every kind of page reachable by links, once."""
import re
from urllib.parse import urljoin, urlsplit

from elections.demo import DEMO_PASSWORD
from support.accounts import ACCOUNTS, PASSWORD

# The demo's logins, one per role and level (elections/demo.py).
DEMO_LOGINS = ("admin", "dongcheng", "donghuamen", "duofuxiang", "clerk", "observer", "gongan", "issuer")
SKIP = re.compile(r"/logout|/lang/|\.(pdf|xlsx|csv)(\?|$)|/export")


def load_demo(app):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output


def pattern(url: str) -> str:
    """Pages of one kind count once: numbers and codes are alike."""
    parts = urlsplit(url)
    path = re.sub(r"^/rules/.+", "/rules/R", parts.path)  # the rules pages are one kind
    return re.sub(r"\d+", "N", path) + ("?q" if "q=" in parts.query else "")


def log_in_demo(page, base: str, username: str) -> None:
    """Log in as a demo account. The test database has accounts of its own, some by the same name
    (clerk, observer): the demo keeps those, so they log in with the tests' password."""
    page.goto(base + "/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD if username in ACCOUNTS else DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert not page.url.endswith("/login"), f"{username} could not log in"


def walk(page, base: str, limit: int):
    """Open, from the page the browser is on, every kind of page reachable by links, up to `limit`;
    yields each page's URL and response once it is loaded."""
    queue, seen, visited = [page.url], set(), 0
    while queue and visited < limit:
        url = queue.pop(0)
        if pattern(url) in seen:
            continue
        seen.add(pattern(url))
        response = page.goto(url)
        visited += 1
        yield url, response
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            target = urljoin(url, href).split("#")[0]
            if target.startswith(base) and not SKIP.search(target) and pattern(target) not in seen:
                queue.append(target)
