"""The spreadsheets officials upload (plan files, roll files): XLSX, or CSV as Excel on Chinese
Windows saves it, read row by row so that a large file is never held whole.

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
from openpyxl.utils.exceptions import InvalidFileException

from .messages import N_, Problem

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"  # the compound file of Excel 97–2003 (.xls)
_CHUNK = 1 << 20


class UnreadableFile(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def _not_a_table() -> UnreadableFile:
    return UnreadableFile(Problem(N_("This file is neither an XLSX workbook nor a CSV file.")))


def open_table(source: bytes | str | os.PathLike, filename: str, closers: list):
    """The rows of the first sheet or of the CSV text as (row number, cells) pairs, and the number of
    rows when the file says it. What must be closed after reading is appended to `closers`. Raises
    UnreadableFile for an .xls workbook or a file that is neither XLSX nor CSV."""
    binary = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else open(source, "rb")
    closers.append(binary.close)
    start = binary.read(8)
    binary.seek(0)
    name = filename.lower()
    if start.startswith(XLSX_MAGIC):
        try:
            workbook = load_workbook(binary, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, InvalidFileException, OSError, ValueError):
            raise _not_a_table() from None
        closers.append(workbook.close)
        sheet = workbook.worksheets[0]
        return enumerate(sheet.iter_rows(values_only=True), start=1), sheet.max_row
    if start.startswith(XLS_MAGIC) or name.endswith(".xls"):
        raise UnreadableFile(Problem(N_(
            "This is an Excel 97–2003 workbook (.xls), which cannot be read: save it as .xlsx or CSV.")))
    encoding = None if name.endswith(".xlsx") else csv_encoding(binary)
    if encoding is None:
        raise _not_a_table()
    text = io.TextIOWrapper(binary, encoding=encoding, newline="")
    closers.append(text.detach)  # the binary file closes itself
    return enumerate(csv.reader(text), start=1), None


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


def text(value) -> str:
    return "" if value is None else str(value).strip()


def normal_header(value) -> str:
    """Headers match whatever the spaces and whether the brackets are full-width: 村（居）委会代码."""
    return re.sub(r"\s+", "", text(value)).replace("（", "(").replace("）", ")")
