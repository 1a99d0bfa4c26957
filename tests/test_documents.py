"""The print pipeline: real PDFs, checked by their extracted text, page count and embedded fonts."""
import ctypes.util
from types import SimpleNamespace
import re
from pathlib import Path

import pytest

from support.accounts import login
from support.pdf import pdf_fonts, pdf_pages, pdf_text, without_document_number
from elections.documents.pdf import BASE_URL, ForbiddenResource, StaticFetcher, render_pdf


def squash(text: str) -> str:
    """pdftotext's spacing depends on layout; compare text without white space."""
    return "".join(text.split())


def test_harfbuzz_subset_library_is_installed():
    """Without Debian's libharfbuzz-subset0 every CJK PDF silently takes ~20 s instead of ~1 s."""
    assert ctypes.util.find_library("harfbuzz-subset"), "apt-get install libharfbuzz-subset0"
    ctypes.CDLL("libharfbuzz-subset.so.0")


def test_township_committee_list(client, tmp_path, artifacts):
    login(client, "township")
    response = client.get("/documents/units/110101001000.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    data = response.data
    (artifacts / "unit_list_township.pdf").write_bytes(data)
    text = squash(pdf_text(data, tmp_path))
    assert "东华门街道办事处村（居）民委员会名册" in text
    assert "110101001001多福巷社区居委会社区居民委员会111" in text
    assert "第1页/共1页" in text
    assert "演" not in text
    # pdftotext extracts correct Chinese even when every glyph prints as a box: check the font too.
    fonts = pdf_fonts(data, tmp_path)
    assert re.search(r"Noto-?(Serif|Sans)-?CJK-?SC.*\byes\s+yes\b", fonts), fonts  # embedded, subset
    assert pdf_pages(data, tmp_path) == 1


def test_district_list_spans_pages_with_header_row_and_numbers(client, tmp_path):
    login(client, "district")
    data = client.get("/documents/units/110101000000.pdf").data
    pages = pdf_pages(data, tmp_path)
    page_texts = [squash(p) for p in pdf_text(data, tmp_path).split("\f") if p.strip()]
    text = "".join(page_texts)
    assert pages >= 4 and len(page_texts) == pages
    assert f"第{pages}页/共{pages}页" in text
    for page in page_texts:  # the header row repeats on every page that has rows
        assert ("序号" in page) == ("110101" in without_document_number(page).split("名册", 2)[-1]), page[:200]
    committees = set(re.findall(r"\b110101\d{3}(?!000)\d{3}\b", pdf_text(data, tmp_path)))
    assert len(committees) == 182
    assert "东华门街道办事处" in text  # the township column at district level


def test_training_watermark(app, tmp_path):
    with app.test_request_context():
        data = render_pdf("print/unit_list.html", {
            "unit": {"code": "110101001000", "name": "东华门街道办事处", "level": "township"},
            "breadcrumbs": ["北京市", "东城区"], "committees": [], "districts": [],
            "printed_by": "t"}, number="UL-110101001000", round_=SimpleNamespace(name="演练轮次", training=True))
    text = pdf_text(data, tmp_path)
    assert "演" in text and "练" in text  # rotated, so extracted one character a line


def test_documents_load_only_the_apps_static_files(app):
    fetch = StaticFetcher(Path(app.static_folder)).fetch
    assert b"@page" in fetch(BASE_URL + "static/css/print.css").read()
    for url in ("https://cdn.example.com/x.css", "file:///etc/passwd", BASE_URL + "static/../pyproject.toml",
                BASE_URL + "geo/", BASE_URL + "static/nothing.css"):
        with pytest.raises(ForbiddenResource):
            fetch(url)


def test_no_pdf_outside_jurisdiction(client):
    login(client, "township")
    assert client.get("/documents/units/110101000000.pdf").status_code == 403
    assert client.get("/documents/units/110102001000.pdf").status_code == 403
