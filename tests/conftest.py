"""Fixtures: every test that needs the app gets its own fresh database, copied from a template.

The template is built once per run through the real migrations, with the shipped Beijing tree
and one account per role. On SQLite a copy is a file copy; on PostgreSQL (DATABASE_URL set, as in
CI) it is CREATE DATABASE ... TEMPLATE. Either way no test sees another's writes.
"""
import itertools
from contextlib import contextmanager
import os
import shutil
import subprocess
import threading
from pathlib import Path

import psycopg
import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from flask_babel import refresh
from flask_migrate import upgrade
from sqlalchemy import event
from sqlalchemy.engine import make_url

from elections import create_app
from elections.accounts.services import create_user
from elections.extensions import db
from elections.geography.services import import_divisions, shipped_list

PASSWORD = "correct-horse-7"
# username → (role, unit). "in" accounts sit above or at 多福巷社区 (东城区 › 东华门街道);
# "out" accounts are elsewhere (西城区 › 西长安街街道 › 南北长街社区), to prove jurisdiction.
ACCOUNTS = {
    "city": ("city_admin", "110000000000"),
    "district": ("district_official", "110101000000"),
    "township": ("township_official", "110101001000"),
    "committee": ("election_committee", "110101001001"),
    "clerk": ("clerk", "110101001001"),
    "observer": ("observer", "110101000000"),
    "department": ("department", "110101001000"),  # the township's public security, see DEPARTMENTS
    "district_out": ("district_official", "110102000000"),
    "township_out": ("township_official", "110102001000"),
    "committee_out": ("election_committee", "110102001001"),
    "clerk_out": ("clerk", "110102001001"),
    "observer_out": ("observer", "110102000000"),
}
DEPARTMENTS = {"department": "公安"}
IN_COMMITTEE, IN_TOWNSHIP, IN_DISTRICT = "110101001001", "110101001000", "110101000000"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def _base_config(url: str) -> dict:
    return {"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False}


def _populate(url: str) -> None:
    app = create_app(_base_config(url))
    with app.app_context():
        upgrade()
        import_divisions(shipped_list())
        for username, (role, unit) in ACCOUNTS.items():
            create_user(username, PASSWORD, role, unit, display_name=username,
                        department=DEPARTMENTS.get(username))
        db.engine.dispose()


class SqliteDatabases:
    def __init__(self, tmp: Path):
        self.template = tmp / "template.db"
        self.tmp = tmp
        self.counter = itertools.count()
        _populate(f"sqlite:///{self.template}")

    def fresh(self) -> str:
        path = self.tmp / f"test-{next(self.counter)}.db"
        shutil.copyfile(self.template, path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        Path(make_url(url).database).unlink(missing_ok=True)


class PostgresDatabases:
    def __init__(self, url: str):
        self.url = make_url(url).set(drivername="postgresql+psycopg")
        self.base = self.url.database
        self.counter = itertools.count()
        self.template = f"{self.base}_template"
        self._admin(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self._admin(f'CREATE DATABASE "{self.template}"')
        _populate(self._url(self.template))

    def _url(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def _admin(self, sql: str) -> None:
        dsn = self.url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(sql)

    def fresh(self) -> str:
        name = f"{self.base}_t{os.getpid()}_{next(self.counter)}"
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}" STRATEGY FILE_COPY')
        return self._url(name)

    def drop(self, url: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        return PostgresDatabases(url)
    return SqliteDatabases(tmp_path_factory.mktemp("db"))


class FreshRequestClient(FlaskClient):
    """Requests share the test's open app context (and so its database session, on purpose), but
    nothing that Flask-Login and Flask-Babel cache in it per request: each request starts as a
    stranger would, with only its own cookies."""

    def open(self, *args, **kwargs):
        if has_app_context():
            g.pop("_login_user", None)
            refresh()
        return super().open(*args, **kwargs)


def _make_app(databases, **extra):
    url = databases.fresh()
    app = create_app({**_base_config(url), **extra})
    app.test_client_class = FreshRequestClient
    return app, url


@contextmanager
def fresh_app(databases, **extra):
    """An app on its own fresh database, inside an app context; the database is dropped after."""
    app, url = _make_app(databases, **extra)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    databases.drop(url)


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


def login(client, username: str, password: str = PASSWORD):
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


@pytest.fixture
def artifacts() -> Path:
    """Screenshots and PDFs that tests save for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def pdf_pages(data: bytes, tmp_path: Path) -> int:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_fonts(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout


# ---- browser tests: headless Chromium (Debian's) driven by Playwright, against a live server ------

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextmanager
def serving(databases, url: str, **config):
    """The real app on `url`'s database, CSRF on, served on a loopback port in a thread."""
    from werkzeug.serving import make_server

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "browser", "TESTING": False, **config})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        with app.app_context():
            db.engine.dispose()
        databases.drop(url)


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


def log_in(page, base: str, username: str):
    page.goto(base + "/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")


def statements(app, client, url: str) -> tuple[list[str], str]:
    """The SQL statements one GET of `url` runs, in a fresh app context (a fresh session, as in
    production: nothing cached from the test's own queries), and the page."""
    seen = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            response = client.get(url)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200, url
    return seen, response.get_data(as_text=True)
