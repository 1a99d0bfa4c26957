"""Synthetic voter rolls that look like the real ones, for benchmarks, tests and the demo.

People get surnames by their frequency in China and common given names for their sex; valid ID
numbers (`idnumber.make`) with the area code of their committee's district (a few, registered
under R-ROLL-2 categories 3 and 4, from other provinces) and an age that is plausible for an adult
population; households of 1 to 5 voters with one household representative (户代表), in groups of
15 to 50 households. Most people are category 1; village files carry the consent of the
categories that need it, and a few lack it (they are imported as not registered). Nobody is under
18 on the election day given, and no ID number repeats, so a generated file is clean: a
benchmark measures a successful import.

Run: python bench/synthetic_roll.py --rows 1000000 --out /tmp/roll.csv   (N rows over every committee)
     python bench/synthetic_roll.py --unit 110101001000 --out /tmp/donghuamen.xlsx   (a township, real sizes)
"""
import argparse
import csv
import io
import itertools
import random
import shutil
import sys
import tempfile
import zipfile
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from elections.clock import beijing_today
from elections.geography.codes import CITY_CODE, within
from elections.rolls.idnumber import make
from elections.rolls.roll_file import CONSENT_BODY_LABELS, HEADERS, OPTIONAL_HEADERS, SEX_LABELS

# The 60 commonest surnames and their share (per mille) of the population (2020 census order).
SURNAMES = (
    ("王", 71), ("李", 70), ("张", 67), ("刘", 54), ("陈", 46), ("杨", 31), ("黄", 22), ("赵", 20), ("吴", 19),
    ("周", 18), ("徐", 13), ("孙", 12), ("马", 12), ("朱", 11), ("胡", 10), ("郭", 10), ("何", 9), ("林", 9),
    ("高", 9), ("罗", 8), ("郑", 8), ("梁", 7), ("谢", 6), ("宋", 6), ("唐", 5), ("许", 5), ("韩", 5), ("邓", 5),
    ("冯", 5), ("曹", 5), ("彭", 4), ("曾", 4), ("肖", 4), ("田", 4), ("董", 4), ("潘", 4), ("袁", 4), ("蔡", 3),
    ("蒋", 3), ("余", 3), ("于", 3), ("杜", 3), ("叶", 3), ("程", 3), ("魏", 3), ("苏", 3), ("吕", 3), ("丁", 3),
    ("任", 3), ("卢", 3), ("姚", 3), ("沈", 3), ("钟", 3), ("姜", 3), ("崔", 3), ("谭", 3), ("陆", 2), ("范", 2),
    ("汪", 2), ("廖", 2), ("欧阳", 1), ("司马", 1),
)
GIVEN = {
    "M": "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林阳建国峰成亮文东海志永春德庆福祥",
    "F": "芳娜敏静丽艳娟霞秀玲桂英红梅琳燕萍颖雪慧婷洁莉丹倩玉兰凤佳欣晶月蕾薇淑珍琴云莹爽璐",
}
# Adult ages by weight, roughly Beijing's: fewer of the very old.
AGE_BANDS = ((18, 29, 16), (30, 39, 20), (40, 49, 18), (50, 59, 19), (60, 69, 15), (70, 79, 8), (80, 95, 4))
HOUSEHOLD_SIZES = ((1, 15), (2, 35), (3, 25), (4, 17), (5, 8))
# Places of origin of people registered without local hukou (R-ROLL-2 categories 3 and 4).
ELSEWHERE = (("130102", "河北省石家庄市"), ("130602", "河北省保定市"), ("370102", "山东省济南市"),
             ("410102", "河南省郑州市"), ("140105", "山西省太原市"), ("230102", "黑龙江省哈尔滨市"))
NUMERALS = "一二三四五六七八九十"


def committees(unit: str = CITY_CODE) -> list[tuple[str, str, str, str]]:
    """(code, name, kind, district name) of every committee in the shipped list under `unit`."""
    text = resources.files("elections.geography").joinpath("data", "beijing_divisions.csv").read_text("utf-8")
    return [(r["code"], r["name"], r["kind"], r["district_name"]) for r in csv.DictReader(text.splitlines())
            if r["level"] == "committee" and within(unit, r["code"])]


def group_name(n: int, kind: str) -> str:
    number = NUMERALS[n - 1] if n <= 10 else (NUMERALS[n // 10 - 1] if n >= 20 else "") + "十" + (
        NUMERALS[n % 10 - 1] if n % 10 else "")
    return f"第{number}{'村民' if kind == 'village' else '居民'}小组"


class People:
    """Draws names, birth dates and ID numbers; remembers the numbers given, so none repeats."""

    def __init__(self, rng: random.Random, election_day: date):
        self.rng = rng
        self.today = beijing_today()
        self.latest_birth = date(election_day.year - 18, election_day.month, min(election_day.day, 28))
        self.surnames, self.surname_weights = zip(*SURNAMES)
        self.bands = [(low, high) for low, high, _ in AGE_BANDS]
        self.band_weights = [w for _, _, w in AGE_BANDS]
        self.numbers = set()

    def surname(self) -> str:
        return self.rng.choices(self.surnames, self.surname_weights)[0]

    def given(self, sex: str) -> str:
        pool = GIVEN[sex]
        return "".join(self.rng.choice(pool) for _ in range(self.rng.choice((1, 2, 2, 2))))

    def age(self) -> int:
        low, high = self.rng.choices(self.bands, self.band_weights)[0]
        return self.rng.randint(low, high)

    def born(self, age: int) -> date:
        day = self.latest_birth - timedelta(days=365 * (age - 18) + self.rng.randint(0, 364))
        return min(day, self.latest_birth)

    def id_number(self, area: str, born: date, sex: str) -> str:
        while True:
            sequence = self.rng.randrange(1 if sex == "M" else 0, 1000, 2)
            number = make(area, born, sequence)
            if number not in self.numbers:
                self.numbers.add(number)
                return number


def households(people: People, committee: tuple, voters: int):
    """Rows of one committee, household by household, until `voters` rows."""
    code, name, kind, district = committee
    rng = people.rng
    area = code[:6]
    short = name.removesuffix("社区居委会").removesuffix("村委会").removesuffix("居委会")
    written, number, group, in_group, group_size = 0, 0, 1, 0, rng.randint(15, 50)
    sizes, size_weights = zip(*HOUSEHOLD_SIZES)
    while written < voters:
        number += 1
        if in_group == group_size:
            group, in_group, group_size = group + 1, 0, rng.randint(15, 50)
        in_group += 1
        size = min(rng.choices(sizes, size_weights)[0], voters - written)
        surname = people.surname()
        category = rng.choices((1, 2, 3, 4) if kind == "village" else (1, 2, 3),
                               (88, 6, 4, 2) if kind == "village" else (88, 8, 4))[0]
        hukou_area, hukou_place = (area, f"北京市{district}") if category in (1, 2) else rng.choice(ELSEWHERE)
        consent_on = consent_body = ""
        if kind == "village" and category in (3, 4) and rng.random() < 0.9:  # R-ROLL-2: some still wait
            consent_on = (people.today - timedelta(days=rng.randint(5, 120))).isoformat()
            consent_body = rng.choice(("villagers_assembly", "representatives_assembly"))
        address = (f"{short}{rng.randint(1, 40)}号院{rng.randint(1, 20)}号楼{rng.randint(1, 6)}单元"
                   f"{rng.randint(1, 18)}{rng.randint(1, 4):02d}" if kind == "residential"
                   else f"{short}村{rng.randint(1, 400)}号")
        head_age = max(people.age(), 18 + 18 * (size > 2))
        ages = [head_age, max(18, head_age + rng.randint(-5, 5))]
        ages += [max(18, head_age - rng.randint(22, 32)) for _ in range(size - 2)]
        head_sex = "M" if rng.random() < 0.7 else "F"
        for member, age in enumerate(ages[:size]):
            sex = head_sex if member == 0 else ({"M": "F", "F": "M"}[head_sex] if member == 1 else rng.choice("MF"))
            family = surname if member != 1 else people.surname()
            born = people.born(age)
            yield (code, family + people.given(sex),
                   people.id_number(hukou_area, born, sex), SEX_LABELS[sex], born.isoformat(),
                   f"{number:04d}", group_name(group, kind), str(category), hukou_place,
                   "是" if member == 0 else "否", address, consent_on, CONSENT_BODY_LABELS.get(consent_body, ""))
        written += size


def realistic_size(kind: str, rng: random.Random) -> int:
    return rng.randint(1500, 4000) if kind == "residential" else rng.randint(300, 2500)


def rows(unit: str, total: int | None, election_day: date, seed: int = 2026):
    """The file's rows: `total` spread over the committees under `unit`, else each its real size."""
    rng = random.Random(seed)
    people = People(rng, election_day)
    units = committees(unit)
    if total is None:
        sizes = [realistic_size(c[2], rng) for c in units]
    else:
        weights = [realistic_size(c[2], rng) for c in units]
        scale = total / sum(weights)
        sizes = [int(w * scale) for w in weights]
        sizes[-1] += total - sum(sizes)
    for committee, size in zip(units, sizes):
        if size > 0:
            yield from households(people, committee, size)


HEADER_ROW = [*HEADERS.values(), *OPTIONAL_HEADERS.values()]


def write_csv(path: Path, data) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER_ROW)
        for row in data:
            writer.writerow(row)
            count += 1
    return count


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
