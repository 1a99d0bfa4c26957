"""The staging tables of an import, written in batches through the driver's bulk path (sqlite3
`executemany`, PostgreSQL `COPY`), and the database settings a million-row import wants."""
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import delete

from ...extensions import db
from ..models import ImportProblem, ImportRow

BATCH = 5_000  # rows per bulk write
# SQLite's page cache while an import runs (KiB): the staging and voter indexes take random inserts,
# which the default 2 MB cache turns into page traffic.
SQLITE_CACHE_KIB = 128 * 1024
STAGED = ("import_id", "row", "election_id", "name", "id_number", "sex", "birth_date", "household", "address",
           "group_name", "category", "hukou_place", "household_representative", "consent_body", "consent_on",
           "status", "status_reason", "seq", "opted_in_on", "relatives")
PROBLEM = ("import_id", "row", "column", "message", "params", "rule", "severity", "name")


def write(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Append rows to a staging table through the driver's bulk path, in the session's transaction."""
    connection = db.session.connection()
    _bulk_insert(connection.connection.driver_connection, connection.dialect.name, model, columns, rows)


def _bulk_insert(driver, dialect: str, model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """sqlite3's executemany or PostgreSQL's COPY. The rows hold dates as ISO text and JSON as
    text, which both take as they are."""
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in columns)
    table = model.__table__.name
    if dialect == "postgresql":
        with driver.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for values in rows:
                copy.write_row(values)
    else:
        driver.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})", rows)


class BatchWriter:
    """Writes each batch of staged rows and problems on a second thread while the next batch is read
    and checked: SQLite works, and PostgreSQL is waited for, without Python's interpreter lock, so
    on two cores reading and writing overlap. One batch is in flight at a time, and the batches are
    written in order; the connection is the session's, which the reading thread does not use
    meanwhile. A failed write is raised at the next batch or at the end."""

    def __enter__(self) -> "BatchWriter":
        connection = db.session.connection()
        self.driver, self.dialect = connection.connection.driver_connection, connection.dialect.name
        self.thread = ThreadPoolExecutor(1, thread_name_prefix="roll-import")
        self.pending = None
        return self

    def write(self, staged: list[tuple], problems: list[tuple]) -> None:
        self._wait()
        self.pending = self.thread.submit(self._write, staged, problems)

    def _write(self, staged: list[tuple], problems: list[tuple]) -> None:
        _bulk_insert(self.driver, self.dialect, ImportRow, STAGED, staged)
        _bulk_insert(self.driver, self.dialect, ImportProblem, PROBLEM, problems)

    def _wait(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.result()

    def __exit__(self, *_exc) -> None:
        try:
            self._wait()
        finally:
            self.thread.shutdown()


def analyze(*models) -> None:
    """PostgreSQL plans from each table's statistics, which a million rows written into a table
    that was (nearly) empty make wrong by as much: the checks across rows, or the next import's,
    would run as nested loops over a million rows, for minutes. A sample is taken at once
    (it counts this transaction's own rows). SQLite needs none."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("ANALYZE " + ", ".join(m.__table__.name for m in models))


class sqlite_cache:
    """A larger SQLite page cache for the duration of an import (no-op on PostgreSQL)."""

    def __enter__(self):
        connection = db.session.connection()
        self.driver = connection.connection.driver_connection if connection.dialect.name == "sqlite" else None
        if self.driver is not None:
            self.before = self.driver.execute("PRAGMA cache_size").fetchone()[0]
            self.driver.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        return self

    def __exit__(self, *_exc):
        if self.driver is not None:
            self.driver.execute(f"PRAGMA cache_size={self.before}")


def whole(import_id: int):
    """The condition for reading all the staged rows of an import. `+ 0` keeps the database off
    the (import_id, id_number) index, which would read a whole import in ID-number order, one
    random table lookup per row; a scan reads the rows in the order they were written (the file's)."""
    return ImportRow.__table__.c.import_id + 0 == import_id


def drop_rows(import_id: int) -> None:
    db.session.execute(delete(ImportRow.__table__).where(whole(import_id)))
    db.session.execute(delete(ImportProblem.__table__).where(ImportProblem.import_id == import_id))
