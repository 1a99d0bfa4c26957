"""A unit's statistics as a file: XLSX (a sheet per table), CSV, or the printed report in the
shared print design with its charts. Always in Chinese, the language of the 报表 districts file."""
from flask_babel import force_locale

from ..clock import beijing_now
from ..documents.pdf import render_pdf
from ..workbooks import XLSX_TYPE, csv_text, xlsx
from . import charts
from .report import Report
from .tables import all_tables

FORMATS = ("xlsx", "csv", "pdf")
MIMETYPES = {"xlsx": XLSX_TYPE, "csv": "text/csv; charset=utf-8", "pdf": "application/pdf"}


def filename(report: Report, fmt: str) -> str:
    return f"统计-{report.unit.name}-{beijing_now():%Y%m%d-%H%M}.{fmt}"


def document_number(report: Report) -> str:
    return f"ST-{report.unit.code}-{report.round.id}-{beijing_now():%Y%m%d%H%M}"


def export(report: Report, fmt: str, breadcrumbs: list[str] = ()) -> bytes:
    with force_locale("zh"):
        tables = all_tables(report)
        if fmt == "xlsx":
            return xlsx(tables)
        if fmt == "csv":
            return csv_text(tables).encode("utf-8")
        drawn = {name: charts.draw(name, report) for name in charts.NAMES}
        return render_pdf("print/statistics.html", {"report": report, "tables": tables, "charts": drawn,
                                                    "breadcrumbs": list(breadcrumbs)},
                          number=document_number(report), round_=report.round)
