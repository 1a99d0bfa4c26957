"""The app factory: configuration, the access-declaration check, SQLite tuning, CSRF, migrations."""
import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Blueprint
from sqlalchemy import text

from support.accounts import PASSWORD, login
from elections import create_app
from elections.extensions import db


def test_create_app_refuses_an_undeclared_route(databases, monkeypatch):
    from elections import web

    stray = Blueprint("stray", __name__)

    @stray.get("/stray")
    def forgotten():
        return "data for anyone"

    original = web.register_web

    def register_with_stray(app):
        original(app)
        app.register_blueprint(stray)

    monkeypatch.setattr(web, "register_web", register_with_stray)
    with pytest.raises(RuntimeError, match="stray.forgotten"):
        create_app({"DATABASE_URL": databases.fresh(), "SECRET_KEY": "x"})


def test_secret_key_is_generated_into_instance_folder(tmp_path, monkeypatch):
    from elections.config import _secret_key

    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = _secret_key(str(tmp_path))
    assert len(first) == 64 and _secret_key(str(tmp_path)) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    monkeypatch.setenv("SECRET_KEY", "from-env")
    assert _secret_key(str(tmp_path)) == "from-env"


def test_database_url_defaults_to_sqlite_in_instance(tmp_path, monkeypatch):
    from elections.config import database_url

    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert database_url(str(tmp_path)) == f"sqlite:///{tmp_path}/elections.db"
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    assert database_url(str(tmp_path)) == "postgresql+psycopg://u@h/db"


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_models_and_migrations_agree(app):
    """The database built by the migrations has exactly the models' schema. (SQLite does not
    reflect the index on lower(username); test_accounts proves it holds.)"""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_audit_log_is_append_only(app):
    from elections.audit.models import AuditEntry, AuditLogIsAppendOnly
    from elections.audit.services import record

    entry = record(None, "110101001001", "test.append", "thing", 1, after={"a": 1})
    db.session.commit()
    entry.action = "test.rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.delete(db.session.get(AuditEntry, entry.id))
        db.session.commit()
    db.session.rollback()
    assert db.session.get(AuditEntry, entry.id).action == "test.append"


def test_audit_entry_rolls_back_with_its_change(app):
    from sqlalchemy import func, select

    from elections.audit.models import AuditEntry
    from elections.audit.services import record

    before = db.session.scalar(select(func.count()).select_from(AuditEntry))
    record(None, "110101001001", "test.rolled_back", "thing", 1)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == before


def test_forged_form_is_refused_without_saving(databases):
    app = create_app({"DATABASE_URL": databases.fresh(), "SECRET_KEY": "x", "WTF_CSRF_ENABLED": True})
    client = app.test_client()
    response = client.post("/login", data={"username": "city", "password": PASSWORD})
    assert response.status_code == 400
    assert "表单已过期或并非由本系统发出" in response.get_data(as_text=True)
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    ok = client.post("/login", data={"username": "city", "password": PASSWORD, "csrf_token": token})
    assert ok.status_code == 302
    with app.app_context():
        db.engine.dispose()


def test_language_switch(databases):
    # Its own app, with no app context held open: Flask-Babel caches the locale per app context.
    app = create_app({"DATABASE_URL": databases.fresh(), "SECRET_KEY": "x", "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    login(client, "city")
    assert "我的辖区" in client.get("/geo/").get_data(as_text=True)
    client.get("/lang/en", headers={"Referer": "http://localhost/geo/"})
    page = client.get("/geo/").get_data(as_text=True)
    assert "My jurisdiction" in page and 'lang="en"' in page
    assert "东城区" in page  # names of places stay Chinese
    client.get("/lang/zh")
    assert 'lang="zh-CN"' in client.get("/geo/").get_data(as_text=True)
    assert client.get("/lang/fr").status_code == 302  # unknown languages are ignored
    assert 'lang="zh-CN"' in client.get("/geo/").get_data(as_text=True)
    with app.app_context():
        db.engine.dispose()


def test_no_external_assets(client):
    """Government intranets have no internet: every asset comes from the app itself."""
    import re
    from pathlib import Path

    login(client, "city")
    page = client.get("/geo/").get_data(as_text=True)
    for url in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert url.startswith("/") and not url.startswith("//"), url
    static = Path(client.application.static_folder)
    for path in static.rglob("*"):
        if path.suffix in (".css", ".js", ".html"):
            assert not re.search(r"url\(\s*['\"]?(https?:)?//", path.read_text(errors="ignore")), path


def test_sqlite_tuning_and_concurrent_writes(app):
    """WAL, synchronous=NORMAL, a busy wait, and immediate write transactions (see database.py)."""
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000

    from elections.audit.services import record

    errors = []

    def writer(n):
        with app.app_context():
            try:
                for i in range(20):
                    # Read, then write: the pattern that fails at once under deferred transactions.
                    db.session.execute(text("SELECT count(*) FROM audit_log")).scalar()
                    record(None, "110101001001", "test.concurrent", "writer", f"{n}-{i}")
                    db.session.commit()
            except Exception as exc:  # noqa: BLE001 - the test reports whatever broke
                errors.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    count = db.session.execute(text("SELECT count(*) FROM audit_log WHERE action = 'test.concurrent'")).scalar()
    assert count == 160
