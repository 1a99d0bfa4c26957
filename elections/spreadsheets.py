"""The spreadsheets officials upload (plan files, roll files): XLSX, or CSV as Excel on Chinese
Windows saves it, read row by row so that a large file is never held whole.

Every file is bounded before and while it is read, so that no file, however made, holds a worker
for minutes or fills its memory: an XLSX is refused when it would unpack to more than
MAX_INFLATED bytes or declares more rows than allowed; a declared width beyond MAX_COLUMNS is
ignored (openpyxl would pad every row to it); no row is read past its MAX_COLUMNS-th cell; the
rows are counted as they come (a row numbered 50,000,000 would otherwise be preceded by as many
empty ones) and reading stops past the limit; a CSV cell longer than csv's field limit is
reported, not raised.

Pure: no Flask, no database. The readers of each kind of file (rounds/plan_file, rolls/roll_file)
say what the columns mean.
"""
import codecs
import csv
import io
import os
import re
import zipfile

from openpyxl import load_workbook

from .messages import N_, Problem

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"  # the compound file of Excel 97–2003 (.xls)
_CHUNK = 1 << 20
MAX_ROWS = 1_200_000  # the city's roll is about a million voters
MAX_INFLATED = 500 * 2**20
MAX_COLUMNS = 64  # the templates have at most 13 columns


class UnreadableFile(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def _not_a_table() -> UnreadableFile:
    return UnreadableFile(Problem(N_("This file is neither an XLSX workbook nor a CSV file.")))


def _too_many_rows(limit: int) -> UnreadableFile:
    return UnreadableFile(Problem(N_("The file has more than %(n)s rows, more than this site reads: split it."),
                                  {"n": f"{limit:,}"}))


def open_table(source: bytes | str | os.PathLike, filename: str, closers: list, *, max_rows: int = MAX_ROWS):
    """The rows of the first sheet or of the CSV text as (row number, cells) pairs, and the number of
    rows when the file says it. What must be closed after reading is appended to `closers`. Raises
    UnreadableFile for an .xls workbook, a file that is neither XLSX nor CSV, or one beyond the
    bounds above (`max_rows` rows); iterating raises UnreadableFile where the rest cannot be read."""
    binary = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else open(source, "rb")
    closers.append(binary.close)
    start = binary.read(8)
    binary.seek(0)
    name = filename.lower()
    if start.startswith(XLSX_MAGIC):
        sheet = _first_sheet(binary, closers, max_rows)
        return _bounded(sheet.iter_rows(values_only=True), max_rows), sheet.max_row
    if start.startswith(XLS_MAGIC) or name.endswith(".xls"):
        raise UnreadableFile(Problem(N_(
            "This is an Excel 97–2003 workbook (.xls), which cannot be read: save it as .xlsx or CSV.")))
    encoding = None if name.endswith(".xlsx") else csv_encoding(binary)
    if encoding is None:
        raise _not_a_table()
    text = io.TextIOWrapper(binary, encoding=encoding, newline="")
    closers.append(text.detach)  # the binary file closes itself
    return _bounded(csv.reader(text), max_rows), None


def _first_sheet(binary, closers: list, max_rows: int):
    try:
        with zipfile.ZipFile(binary) as archive:
            inflated = sum(entry.file_size for entry in archive.infolist())
    except Exception:  # noqa: BLE001 - whatever a damaged archive makes zipfile raise
        raise _not_a_table() from None
    if inflated > MAX_INFLATED:
        raise UnreadableFile(Problem(N_("The workbook unpacks to more than %(mb)s MB, more than this site reads: "
                                        "save it as CSV or split it."), {"mb": MAX_INFLATED // 2**20}))
    binary.seek(0)
    try:
        workbook = load_workbook(binary, read_only=True, data_only=True)
        closers.append(workbook.close)
        sheet = workbook.worksheets[0]
        rows, columns = sheet.max_row, sheet.max_column
    except Exception:  # noqa: BLE001 - whatever a made-up workbook makes openpyxl raise (a DTD, bad XML…)
        raise _not_a_table() from None
    if (rows or 0) > max_rows + 1 or (columns or 0) > MAX_COLUMNS:
        # Excel declares a whole column (A1:G1048576) where it was only formatted; openpyxl would
        # pad every row to the declared width and make up empty rows to the declared height.
        # Without it the rows are counted as they come.
        sheet.reset_dimensions()
    return sheet


def _bounded(rows, max_rows: int):
    """(row number, cells) for each row, each at most MAX_COLUMNS wide, at most `max_rows` data rows
    after the header; what cannot be read is an UnreadableFile that says from which row."""
    number = 0
    try:
        for number, cells in enumerate(rows, start=1):
            if number > max_rows + 1:
                raise _too_many_rows(max_rows)
            yield number, cells if len(cells) <= MAX_COLUMNS else cells[:MAX_COLUMNS]
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise UnreadableFile(Problem(N_("Row %(row)s has a cell longer than %(n)s characters: the file cannot be "
                                            "read."), {"row": number + 1, "n": f"{csv.field_size_limit():,}"})) from None
        raise UnreadableFile(_cut_short(number)) from None
    except UnreadableFile:
        raise
    except Exception:  # noqa: BLE001 - whatever a damaged archive or its XML makes the readers raise
        raise UnreadableFile(_cut_short(number)) from None


def _cut_short(number: int) -> Problem:
    return Problem(N_("The file cannot be read after row %(row)s: it is damaged or cut short."), {"row": number})


def csv_encoding(binary) -> str | None:
    """UTF-8 (with or without BOM), else GB18030, which Excel on Chinese Windows saves "CSV" in;
    None for something else. Read through once in chunks, so a large file is never held whole."""
    for encoding in ("utf-8-sig", "gb18030"):
        binary.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := binary.read(_CHUNK):
                if b"\x00" in chunk:
                    return None
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        binary.seek(0)
        return encoding
    return None


# What makes a spreadsheet program read a cell as a formula (OWASP's CSV injection rule).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value):
    """A cell value to write into any XLSX or CSV the app makes: text that a spreadsheet program would
    run as a formula (a name typed as `=HYPERLINK(…)`, or with a tab before it) gets a leading
    apostrophe, so it stays text; other values are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralised_row(values) -> list:
    return [neutralised(v) for v in values]


def text(value) -> str:
    return "" if value is None else str(value).strip()


def normal_header(value) -> str:
    """Headers match whatever the spaces and whether the brackets are full-width: 村（居）委会代码."""
    return re.sub(r"\s+", "", text(value)).replace("（", "(").replace("）", ")")
