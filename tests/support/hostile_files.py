"""Files made to hurt a reader: XLSX bombs (rows, inflated size, declared width, a row numbered in
the tens of millions), a DTD, CSV cells past the field limit. Small on the wire, built in memory."""
import io
import zipfile

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
_SHEET_START = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def _xlsx(sheet_parts, *, workbook: str = _WORKBOOK) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for part in sheet_parts:
                sheet.write(part.encode())
    return out.getvalue()


def _header(headers) -> str:
    cells = "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in headers)
    return f"<row>{cells}</row>"


def empty_rows_bomb(headers, rows: int) -> bytes:
    """The header, then `rows` empty rows: the finding's 440 KB file had 50 million of them."""
    def parts():
        yield _SHEET_START + "<sheetData>" + _header(headers)
        batch = "<row/>" * 100_000
        for _ in range(rows // 100_000):
            yield batch
        yield "</sheetData></worksheet>"
    return _xlsx(parts())


def far_row(headers, number: int = 50_000_000) -> bytes:
    """One row numbered `number`: openpyxl makes up every empty row before it."""
    return _xlsx([_SHEET_START, "<sheetData>", _header(headers),
                  f'<row r="{number}"><c t="inlineStr"><is><t>x</t></is></c></row>', "</sheetData></worksheet>"])


def wide_dimension(headers) -> bytes:
    """A few real rows under a declared dimension of every row and column Excel has (A1:XFD1048576):
    openpyxl would pad each row to 16,384 cells and make up a million rows."""
    return _xlsx([_SHEET_START, '<dimension ref="A1:XFD1048576"/><sheetData>', _header(headers),
                  "</sheetData></worksheet>"])


def inflated(headers, megabytes: int) -> bytes:
    """A sheet that unpacks to `megabytes` MB (white space between rows compresses a thousandfold)."""
    def parts():
        yield _SHEET_START + "<sheetData>" + _header(headers)
        chunk = " " * 2**20
        for _ in range(megabytes):
            yield chunk
        yield "</sheetData></worksheet>"
    return _xlsx(parts())


def with_dtd(headers) -> bytes:
    """A workbook part with a DTD and nested entities (the billion laughs)."""
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    workbook = f'<?xml version="1.0"?><!DOCTYPE workbook [{entities}]>' + _WORKBOOK.split("?>", 1)[1].replace(
        'name="Sheet1"', 'name="&j;"')
    return _xlsx([_SHEET_START, "<sheetData>", _header(headers), "</sheetData></worksheet>"], workbook=workbook)


def long_cell_csv(headers, first_cells: list[str], length: int = 200_000) -> bytes:
    """A CSV whose second row has a cell longer than the csv module's field limit (131,072)."""
    row = ",".join([*first_cells, "x" * length])
    return ("\ufeff" + ",".join(headers) + "\r\n" + row + "\r\n").encode()
