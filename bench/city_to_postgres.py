"""Copy a synthetic city built on SQLite (`flask demo city`) into the PostgreSQL of DATABASE_URL,
table by table with COPY, so that the benchmarks run on the same data on both backends: building
scale 1 through the services on PostgreSQL takes about 1¾ hours, copying it minutes.

Run: bash scripts/with-postgres.sh bash -c \
       '.venv/bin/python bench/city_to_postgres.py /tmp/city1.db && .venv/bin/python bench/statistics_pages.py'
"""
import os
import sqlite3
import sys
import time

from flask_migrate import upgrade
from sqlalchemy import text

from elections import create_app
from elections.extensions import db


def main(source: str) -> None:
    app = create_app({"DATABASE_URL": os.environ["DATABASE_URL"]})
    lite = sqlite3.connect(source)
    with app.app_context():
        upgrade()
        tables = [t for t in db.metadata.sorted_tables]
        raw = db.engine.raw_connection()
        started = time.perf_counter()
        try:
            cursor = raw.cursor()
            cursor.execute("SET session_replication_role = replica")  # no FK triggers while loading
            cursor.execute("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables) + " CASCADE")
            for table in tables:
                columns = [c.name for c in table.columns]
                quoted = ", ".join(f'"{c}"' for c in columns)
                t = time.perf_counter()
                rows = 0
                with cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
                    for row in lite.execute(f'SELECT {quoted} FROM "{table.name}"'):
                        copy.write_row(row)
                        rows += 1
                if "id" in columns and table.c.id.autoincrement is not False and rows:
                    cursor.execute(f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                                   f"(SELECT max(id) FROM \"{table.name}\"))")
                if rows > 100_000:
                    print(f"{table.name}: {rows:,} rows in {time.perf_counter() - t:.0f} s", flush=True)
            cursor.execute("SET session_replication_role = DEFAULT")
            raw.commit()
        finally:
            raw.close()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
        print(f"copied in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main(sys.argv[1])
