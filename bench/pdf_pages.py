"""PDF rate: pages per second in one large document versus many small documents.

Run: .venv/bin/python bench/pdf_pages.py
"""
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import bench_app  # noqa: E402

from elections.documents.pdf import render_pdf  # noqa: E402
from elections.documents.views import unit_list_context  # noqa: E402
from elections.geography import services as geo  # noqa: E402


def pages(data: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def context(unit):
    return {**unit_list_context(unit), "printed_by": "bench"}


def main():
    app = bench_app()
    with app.test_request_context():
        city = geo.get_unit("110000000000")
        render_pdf("print/unit_list.html", context(geo.get_unit("110101001000")), number="UL-bench")  # warm-up (fonts)
        t = time.perf_counter()
        big = render_pdf("print/unit_list.html", context(city), number="UL-bench")
        elapsed = time.perf_counter() - t
        n = pages(big)
        print(f"one document, whole city: {n} pages in {elapsed:.1f} s = {elapsed / n * 1000:.0f} ms/page "
              f"({len(big) / 1e6:.1f} MB)")
        townships = [t for t in geo.children(geo.get_unit("110101000000"))][:10]
        t = time.perf_counter()
        total_pages = sum(pages(render_pdf("print/unit_list.html", context(u), number="UL-bench")) for u in townships)
        elapsed = time.perf_counter() - t
        print(f"separate documents: {len(townships)} documents ({total_pages} pages) in {elapsed:.1f} s "
              f"= {elapsed / len(townships) * 1000:.0f} ms/document")


if __name__ == "__main__":
    main()
