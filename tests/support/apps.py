"""Test databases and apps.

A template database is built once per run (per pytest-xdist worker) through the real migrations,
with the shipped Beijing tree and one account per role; each test gets a copy. On SQLite a copy is a
file copy; on PostgreSQL (DATABASE_URL set, as in CI) it is CREATE DATABASE ... TEMPLATE, under names
unique to the worker, so that `pytest -n 2` runs two workers side by side. Later stages add
snapshots of their own (`Databases.snapshot`): a database brought to a stage once, copied for every
test that starts there, instead of each test driving an election through the services again.
"""
import itertools
import os
import shutil
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

import psycopg
from flask import g, has_app_context
from flask.testing import FlaskCliRunner, FlaskClient
from flask_babel import refresh
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from elections import create_app
from elections.accounts.services import create_user
from elections.extensions import db
from elections.geography.services import import_divisions, shipped_list
from elections.transactions import refused

from .accounts import ACCOUNTS, DEPARTMENTS, PASSWORD

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


def base_config(url: str) -> dict:
    return {"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
            "PRINTS_FOLDER": tempfile.mkdtemp(prefix="prints-")}


def _populate(url: str) -> None:
    app = create_app(base_config(url))
    with app.app_context():
        upgrade()
        import_divisions(shipped_list())
        for username, (role, unit) in ACCOUNTS.items():
            create_user(username, PASSWORD, role, unit, display_name=username,
                        department=DEPARTMENTS.get(username))
        db.session.commit()
        db.engine.dispose()


class Databases:
    """Fresh databases copied from the template or from a snapshot of a later stage."""

    def __init__(self):
        self.counter = itertools.count()
        self.snapshots = {}

    def snapshot(self, name: str, build) -> str:
        """Build the snapshot `name` once, by `build(app)` (in an app context) on a fresh copy, and
        return its name, for `fresh(name)` to copy."""
        if name not in self.snapshots:
            url = self.fresh()
            app = create_app(base_config(url))
            with app.app_context():
                build(app)
                db.session.commit()
                db.session.remove()
                db.engine.dispose()
            self.snapshots[name] = url
        return name


class SqliteDatabases(Databases):
    def __init__(self, tmp: Path):
        super().__init__()
        self.tmp = tmp
        self.template = tmp / "template.db"
        _populate(f"sqlite:///{self.template}")

    def fresh(self, snapshot: str | None = None) -> str:
        source = Path(make_url(self.snapshots[snapshot]).database) if snapshot else self.template
        path = self.tmp / f"test-{next(self.counter)}.db"
        shutil.copyfile(source, path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        Path(make_url(url).database).unlink(missing_ok=True)


class PostgresDatabases(Databases):
    def __init__(self, url: str):
        super().__init__()
        self.url = make_url(url).set(drivername="postgresql+psycopg")
        self.prefix = f"{self.url.database}_{WORKER}"
        self.template = f"{self.prefix}_template"
        self._admin(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self._admin(f'CREATE DATABASE "{self.template}"')
        _populate(self._url(self.template))

    def _url(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def _admin(self, sql: str) -> None:
        dsn = self.url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(sql)

    def fresh(self, snapshot: str | None = None) -> str:
        source = make_url(self.snapshots[snapshot]).database if snapshot else self.template
        name = f"{self.prefix}_{os.getpid()}_{next(self.counter)}"
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{source}" STRATEGY FILE_COPY')
        return self._url(name)

    def drop(self, url: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def databases_for(tmp: Path) -> Databases:
    url = os.environ.get("DATABASE_URL", "")
    return PostgresDatabases(url) if url.startswith("postgres") else SqliteDatabases(tmp)


class FreshRequestClient(FlaskClient):
    """Requests share the test's open app context (and so its database session, on purpose), but
    nothing that Flask-Login and Flask-Babel cache in it per request: each request starts as a
    stranger would, with only its own cookies. What the test wrote before the request is committed
    first, as a real client only meets committed data; a refusal the test left undone is a mistake
    of the test (see `support.transactions.refused`)."""

    def open(self, *args, **kwargs):
        if has_app_context():
            assert not refused(), "a service refused in this test and nothing undid it: use refused()"
            db.session.commit()
            for name in list(g):  # what Flask-Login, Flask-WTF and the app keep for one request
                g.pop(name)
            refresh()
        return super().open(*args, **kwargs)


class CommittedCliRunner(FlaskCliRunner):
    """A command runs in the test's app context, and so its session: what the test wrote before is
    committed first, so that the command's own rollback (a refused file) leaves the test's set-up."""

    def invoke(self, *args, **kwargs):
        if has_app_context():
            assert not refused(), "a service refused in this test and nothing undid it: use refused()"
            db.session.commit()
        return super().invoke(*args, **kwargs)


@contextmanager
def fresh_app(databases, snapshot: str | None = None, **extra):
    """An app on its own fresh database, inside an app context; the database is dropped after."""
    url = databases.fresh(snapshot)
    app = create_app({**base_config(url), **extra})
    app.test_client_class = FreshRequestClient
    app.test_cli_runner_class = CommittedCliRunner
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    databases.drop(url)


@contextmanager
def serving(databases, url: str, **config):
    """The real app on `url`'s database, CSRF on, served on a loopback port in a thread."""
    from werkzeug.serving import make_server

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "browser", "TESTING": False,
                      "PRINTS_FOLDER": tempfile.mkdtemp(prefix="prints-"), **config})
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
