"""Write a synthetic voter roll file (elections/rolls/synthetic.py) as CSV or as Excel saves XLSX.

The rows are clean (nobody under 18 on the election day, no ID number twice), so a benchmark
measures a successful import.

Run: python bench/synthetic_roll.py --rows 1000000 --out /tmp/roll.csv   (N rows over every committee)
     python bench/synthetic_roll.py --unit 110101001000 --out /tmp/donghuamen.xlsx   (a township, real sizes)
"""
import argparse
import io
import itertools
import shutil
import sys
import tempfile
import zipfile
from datetime import date, timedelta
from pathlib import Path

from elections.clock import beijing_today
from elections.geography.codes import CITY_CODE
from elections.rolls.synthetic import HEADER_ROW, rows, write_csv

# The parts of a minimal workbook as Excel writes it. Style 1 is a date (numFmt 14), style 2 text (@).
_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="选民登记" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'styles" Target="styles.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
        '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'),
}
_EPOCH = date(1899, 12, 30)  # Excel's day 0 (after its 1900 leap-year bug)
TEXT, NUMBER, DAY = "s", "n", "d"
# How a spreadsheet program stores each column once people have typed into the template: codes and
# ID numbers as text (the column is text-formatted), days as dates, the category as a number.
_KINDS = (TEXT, TEXT, TEXT, TEXT, DAY, TEXT, TEXT, NUMBER, TEXT, TEXT, TEXT, DAY, TEXT)


def _column_letter(index: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index]


def write_xlsx(path: Path, data) -> int:
    """As Excel saves a filled-in template: strings shared, a dimension, dates as numbers with a date
    style, the category typed as a number. (openpyxl's write-only mode writes inline strings and
    no dimension, which no spreadsheet program does and which readers handle very differently.)"""
    from xml.sax.saxutils import escape

    strings: dict[str, int] = {}
    count = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        sheet = io.TextIOWrapper(archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True), "utf-8")
        letters = [_column_letter(i) for i in range(len(HEADER_ROW))]
        # The dimension comes first; the number of rows is known once they are written, so the
        # rows go to a temporary file and the sheet is assembled after.
        with tempfile.TemporaryFile("w+", encoding="utf-8") as body:
            for number, row in enumerate(itertools.chain([HEADER_ROW], data), start=1):
                cells = []
                for letter, kind, value in zip(letters, _KINDS if number > 1 else (TEXT,) * len(letters), row):
                    if value == "":
                        continue
                    if kind == DAY:
                        serial = (date.fromisoformat(value) - _EPOCH).days
                        cells.append(f'<c r="{letter}{number}" s="1"><v>{serial}</v></c>')
                    elif kind == NUMBER:
                        cells.append(f'<c r="{letter}{number}"><v>{value}</v></c>')
                    else:
                        index = strings.setdefault(value, len(strings))
                        cells.append(f'<c r="{letter}{number}" s="2" t="s"><v>{index}</v></c>')
                body.write(f'<row r="{number}">{"".join(cells)}</row>')
                count = number - 1
            body.seek(0)
            sheet.write('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                        f'<dimension ref="A1:{letters[-1]}{count + 1}"/><sheetData>')
            shutil.copyfileobj(body, sheet)
            sheet.write("</sheetData></worksheet>")
            sheet.close()
        with io.TextIOWrapper(archive.open("xl/sharedStrings.xml", "w", force_zip64=True), "utf-8") as shared:
            shared.write('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                         '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                         f'count="{len(strings)}" uniqueCount="{len(strings)}">')
            for text in strings:
                shared.write(f"<si><t>{escape(text)}</t></si>")
            shared.write("</sst>")
        for name, content in _XLSX_PARTS.items():
            archive.writestr(name, content)
    return count


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, type=Path, help="FILE.csv or FILE.xlsx")
    parser.add_argument("--rows", type=int, help="rows in all, spread over the committees (default: real sizes)")
    parser.add_argument("--unit", default=CITY_CODE, help="a district, township or committee code (default: city)")
    parser.add_argument("--election-day", type=date.fromisoformat, default=beijing_today() + timedelta(days=60),
                        help="nobody is under 18 on this day (YYYY-MM-DD; default: in 60 days)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    data = rows(args.unit, args.rows, args.election_day, args.seed)
    write = write_xlsx if args.out.suffix.lower() == ".xlsx" else write_csv
    count = write(args.out, data)
    print(f"{count} rows written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
