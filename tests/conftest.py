"""Fixtures: every test that needs the app gets its own fresh database, copied from a template
(`support.apps`); browser tests get headless Chromium (Debian's) driven by Playwright."""
from pathlib import Path

import pytest

from support.apps import databases_for, fresh_app, serving
from support.walk import load_demo
from elections.documents.jobs import huey

# Background print jobs run at once, in the request that queued them, once it has committed
# (documents.jobs); the real consumer is started by scripts/demo.sh and tested in test_batches.py.
huey.immediate = True

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    return databases_for(tmp_path_factory.mktemp("db"))


@pytest.fixture
def app(databases):
    with fresh_app(databases) as app:
        yield app


@pytest.fixture(scope="module")
def shared_app(databases):
    """One database for a module whose tests only read (the access matrix)."""
    with fresh_app(databases) as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="module")
def live_server(databases):
    """The app on a fresh database, served on a loopback port: its URL."""
    with serving(databases, databases.fresh()) as (_app, url):
        yield url


@pytest.fixture(scope="module")
def demo_server(databases):
    """The demo (`flask demo load`) served, for walking every role's pages in the browser."""
    with serving(databases, databases.fresh(databases.snapshot("demo", load_demo))) as (_app, base):
        yield base


@pytest.fixture
def artifacts() -> Path:
    """Screenshots and PDFs that tests save for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def pytest_terminal_summary(terminalreporter):
    """How many inputs the fuzz tests tried, per parser (tests/test_fuzz.py)."""
    fuzz = __import__("sys").modules.get("test_fuzz")
    if fuzz is not None and fuzz.TRIED:
        terminalreporter.write_line("fuzzed: " + ", ".join(f"{name} {n}" for name, n in sorted(fuzz.TRIED.items())))
