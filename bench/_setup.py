"""A throwaway app with the Beijing tree loaded, for the benchmarks (SQLite unless DATABASE_URL is set)."""
import os
import statistics
import tempfile
import time

from flask_migrate import upgrade
from sqlalchemy import event

from elections import create_app
from elections.accounts.services import create_user
from elections.extensions import db
from elections.geography.services import import_divisions, shipped_list

PASSWORD = "bench-password"


def bench_app():
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade()
        import_divisions(shipped_list())
        create_user("bench_city", PASSWORD, "city_admin", "110000000000")
        db.session.commit()  # services flush; the caller's unit of work commits (elections.transactions)
    return app


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def time_pages(app, pages, n: int, warmups: int) -> None:
    """Request each (name, username, url) `n` times after `warmups`, logged in as `username`, and
    print the median, p95 and maximum time, the time in SQL and the statements per request."""
    with app.app_context():
        engine = db.engine
    statements, sql_ms = [], []

    @event.listens_for(engine, "before_cursor_execute")
    def started(*_):
        statements.append(time.perf_counter())

    @event.listens_for(engine, "after_cursor_execute")
    def finished(*_):
        sql_ms.append((time.perf_counter() - statements[-1]) * 1000)

    backend = engine.dialect.name
    print(f"{backend}: {n} requests per page after {warmups} warm-ups")
    for name, username, url in pages:
        client = app.test_client()
        response = client.post("/login", data={"username": username, "password": PASSWORD})
        assert response.status_code == 302, response.status_code
        for _ in range(warmups):
            assert client.get(url).status_code == 200, url
        times, counts, in_sql = [], set(), []
        for _ in range(n):
            statements.clear()
            sql_ms.clear()
            t = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            counts.add(len(statements))
            in_sql.append(sum(sql_ms))
            assert response.status_code == 200, url
        size = len(response.get_data())
        print(f"{backend} {name}: median={statistics.median(times):.1f} ms p95={percentile(times, 95):.1f} ms "
              f"max={max(times):.1f} ms (in SQL: median {statistics.median(in_sql):.1f} ms); "
              f"SQL statements per request: {sorted(counts)}; {size / 1024:.0f} KiB")
