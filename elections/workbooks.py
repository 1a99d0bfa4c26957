"""Tables as the app exports them: XLSX with a sheet per table and CSV, from the same `Table`s the
pages show. Headers are the user's language (Chinese by default); numbers stay numbers, so that
an official's Excel adds them up; the header row is frozen and the columns sized to their text;
every text cell is neutralised against formula injection (spreadsheets.neutralised)."""
import csv
import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .spreadsheets import neutralised

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE_MAX = 31  # Excel's limit
_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


@dataclass
class Table:
    key: str  # the page anchor and the CSV section
    title: str
    headers: list
    rows: list = field(default_factory=list)  # cells: str, int, float or None
    links: list | None = None  # per row, the URL its first cell opens on the page (drill-down)
    hidden: frozenset = frozenset()  # columns the page leaves out (the files have them)


def _width(value) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)  # CJK characters are two columns wide


def xlsx(tables: list[Table]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    used = set()
    for table in tables:
        title = table.title.translate(_FORBIDDEN)[:SHEET_TITLE_MAX]
        while title in used:
            title = title[:SHEET_TITLE_MAX - 1] + "_"
        used.add(title)
        sheet = book.create_sheet(title)
        sheet.append([neutralised(str(h)) for h in table.headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([neutralised(v) for v in row])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, float):  # shares and averages: one decimal, still a number
                    cell.number_format = "0.0"
        sheet.freeze_panes = "A2"
        for index, header in enumerate(table.headers):
            widest = max([_width(header)] + [_width(r[index]) for r in table.rows[:2000]])
            sheet.column_dimensions[get_column_letter(index + 1)].width = min(60, max(8, widest + 2))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(tables: list[Table]) -> str:
    """The tables one after another, each under its title and separated by an empty line; with a
    byte-order mark so that Excel on Chinese Windows reads it as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    for i, table in enumerate(tables):
        if i:
            writer.writerow([])
        writer.writerow([neutralised(table.title)])
        writer.writerow([neutralised(str(h)) for h in table.headers])
        for row in table.rows:
            writer.writerow(["" if v is None else neutralised(v) for v in row])
    return out.getvalue()
