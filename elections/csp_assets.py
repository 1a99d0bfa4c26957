"""Bootstrap's stylesheet as the strict CSP can load it.

Bootstrap draws its small icons (the select arrow, checkmarks, the navbar toggler, the close
cross) from `data:` SVG URLs inside its CSS, which `default-src 'self'` refuses. `csp_stylesheet`
turns each into a file of its own beside the stylesheet; `python -m elections.csp_assets` writes
them (static/vendor/bootstrap.csp.min.css and static/vendor/bootstrap-svg/) after Bootstrap is
updated, and tests/test_csp.py checks that what is committed is what the vendored stylesheet gives.
"""
import hashlib
import re
from pathlib import Path
from urllib.parse import unquote

DATA_URL = re.compile(r'url\("data:image/svg\+xml,([^"]*)"\)')
SVG_FOLDER = "bootstrap-svg"


def csp_stylesheet(css: str) -> tuple[str, dict[str, str]]:
    """The stylesheet with every data: SVG replaced by a file URL, and those files (name → SVG)."""
    files = {}

    def to_file(match) -> str:
        svg = unquote(match.group(1)).replace("'", '"')
        name = hashlib.sha256(svg.encode()).hexdigest()[:16] + ".svg"
        files[name] = svg
        return f'url("{SVG_FOLDER}/{name}")'

    return DATA_URL.sub(to_file, css), files


def write(vendor: Path) -> int:
    css, files = csp_stylesheet((vendor / "bootstrap.min.css").read_text("utf-8"))
    (vendor / "bootstrap.csp.min.css").write_text(css, "utf-8")
    folder = vendor / SVG_FOLDER
    folder.mkdir(exist_ok=True)
    for name, svg in files.items():
        (folder / name).write_text(svg, "utf-8")
    return len(files)


if __name__ == "__main__":
    print(write(Path(__file__).resolve().parent.parent / "static" / "vendor"), "icons written")
