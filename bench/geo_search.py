"""Search latency over all 7,007 committees: /geo/search end to end, and the query alone.

Run: .venv/bin/python bench/geo_search.py
"""
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import PASSWORD, bench_app, percentile  # noqa: E402

from elections.geography.services import search  # noqa: E402

QUERIES = ["多福巷", "社区", "村", "110101001", "雁栖", "朝阳", "镇", "110229", "西红门", "不存在的地名"]
ROUNDS = 30


def main():
    app = bench_app()
    client = app.test_client()
    client.post("/login", data={"username": "bench_city", "password": PASSWORD})
    http, query_only = [], []
    with app.app_context():
        for q in QUERIES:  # warm-up
            search(q, "110000000000")
        for _ in range(ROUNDS):
            for q in QUERIES:
                t = time.perf_counter()
                search(q, "110000000000")
                query_only.append((time.perf_counter() - t) * 1000)
    for _ in range(ROUNDS):
        for q in QUERIES:
            t = time.perf_counter()
            response = client.get("/geo/search", query_string={"q": q})
            http.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200
    backend = app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0]
    for name, values in (("query only", query_only), ("GET /geo/search (HTML)", http)):
        print(f"{backend} {name}: n={len(values)} median={statistics.median(values):.1f} ms "
              f"p95={percentile(values, 95):.1f} ms max={max(values):.1f} ms")


if __name__ == "__main__":
    main()
