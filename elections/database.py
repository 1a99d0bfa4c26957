"""Engine tuning for SQLite, the embedded default.

Measured on this project: with SQLite's default deferred transactions and no busy wait, 76 % of
concurrent writes fail with "database is locked". A deferred transaction that reads first and
then writes cannot wait for the lock (SQLite would deadlock), so it fails at once. Writes therefore
start with BEGIN IMMEDIATE, which takes the write lock up front and waits up to busy_timeout.
Read-only requests keep a plain BEGIN so that readers never queue behind writers (WAL mode).
"""
from contextlib import contextmanager

from flask import current_app, g, has_app_context, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

BUSY_TIMEOUT_MS = 10_000
READ_ONLY_METHODS = {"GET", "HEAD", "OPTIONS"}


def _write_intent() -> bool:
    """A request that only reads (GET) begins deferred; everything else (POST, CLI, tests) immediate,
    and so does a request that declared it writes (`transactions.declare_write`). A POST whose view
    `reads_first` begins deferred too: it checks with reads, then declares its write, so that the
    write lock is held for the write alone (the issue of a ballot, thousands a second city-wide)."""
    if has_app_context() and g.get("read_only"):
        return False
    if not has_request_context() or g.get("write_intent"):
        return True
    if request.method in READ_ONLY_METHODS:
        return False
    return not getattr(current_app.view_functions.get(request.endpoint), "reads_first", False)


@contextmanager
def reading():
    """Outside a request, a block that only reads, for seconds (a batch's part rendered by a worker):
    its transaction begins deferred, so that it neither waits for the write lock nor holds it while
    other workers and requests write. The block's caller ends the transaction before it writes."""
    g.read_only = True
    try:
        yield
    finally:
        g.pop("read_only", None)


def configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the sqlite3 module, emit BEGIN (the module's own BEGIN is always deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        # 64 MB of page cache a connection (the default is 2 MB): a roll import writes a million
        # rows into indexes in ID-number order, and with a small cache it spills pages constantly.
        cursor.execute("PRAGMA cache_size=-65536")
        cursor.execute("PRAGMA temp_store=MEMORY")  # the sorts of its GROUP BYs, likewise
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _write_intent() else "BEGIN")
