"""Every printed document goes through `render_pdf`: a Jinja template and a plain-dict context.

Measured here (bench/pdf_pages.py): many pages in one document cost ~25 ms a page, but each
separate document costs ~340 ms, because every PDF embeds its own subset of the CJK font. So a
batch (all certificates of a township, say) is rendered as one document, never one per item.
Without Debian's libharfbuzz-subset0 WeasyPrint falls back to a slow subsetter and each PDF takes
~20 s; tests/test_documents.py fails when the library is missing.
"""
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlparse

from flask import current_app, render_template
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..clock import beijing_now

# Documents load only the app's own static files through this made-up origin: no network, no disk.
BASE_URL = "http://elections.local/"


class ForbiddenResource(ValueError):
    pass


class StaticFetcher(URLFetcher):
    """Serves documents the app's static files and nothing else: no network, no other file.

    A missing file stops the rendering (fail_on_errors) rather than printing a document
    without its stylesheet.
    """

    def __init__(self, static_folder: Path):
        super().__init__(fail_on_errors=True)
        self.root = static_folder.resolve()

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        if parsed.scheme != "http" or parsed.netloc != "elections.local" or not parsed.path.startswith("/static/"):
            raise ForbiddenResource(f"documents may only load the app's static files, not {url}")
        path = (self.root / unquote(parsed.path[len("/static/"):])).resolve()
        if self.root not in path.parents or not path.is_file():
            raise ForbiddenResource(f"no static file {parsed.path}")
        return URLFetcherResponse(url, path.read_bytes(),
                                  headers={"Content-Type": mimetypes.guess_type(path.name)[0] or "application/octet-stream"})


def render_html(template: str, context: dict, *, number: str, round_=None) -> str:
    """The document's HTML in the one print design (print/base.html, static/css/print.css).

    `number` is the document number the footer prints on every page; `round_` the round the header
    names, whose training flag prints the 演练 watermark on every page (demo and training rounds).
    The body's class doc-<kind> comes from the template's name and selects the kind's styles.
    """
    kind = Path(template).stem.replace("_", "-")
    return render_template(template, doc_kind=kind, doc_number=number,
                           printed_at=beijing_now().strftime("%Y-%m-%d %H:%M"),
                           round_name=round_.name if round_ is not None else None,
                           training=bool(round_ is not None and round_.training), **context)


def render_pdf(template: str, context: dict, *, number: str, round_=None) -> bytes:
    """Render `template` (extending print/base.html) with `context` to PDF bytes (see render_html)."""
    html = render_html(template, context, number=number, round_=round_)
    fetcher = StaticFetcher(Path(current_app.static_folder))
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf()
