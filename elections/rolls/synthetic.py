"""Synthetic voter rolls that look like the real ones, for the demo, the benchmarks and tests.

People get surnames by their frequency in China and common given names for their sex; valid ID
numbers (`idnumber.make`) with the area code of their committee's district (a few, registered
under R-ROLL-2 categories 3 and 4, from other provinces) and an age that is plausible for an adult
population; households of 1 to 5 voters with one household representative (户代表), in groups of
15 to 50 households. Most people are category 1; village rows carry the consent of the categories
that need it, and a few lack it (they are imported as not registered); residents' rows carry the
day the person said they will take part (R26-ROLL), a few none. Nobody is under 18 on the
election day given, and no ID number repeats, so generated rows are clean.
Rows come in the import template's columns (roll_file.HEADERS, then OPTIONAL_HEADERS).
"""
import csv
import random
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from ..clock import beijing_today
from ..geography.codes import CITY_CODE, within
from .idnumber import make
from .roll_file import CONSENT_BODY_LABELS, HEADERS, OPTIONAL_HEADERS, SEX_LABELS

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
    """Draws names, birth dates and ID numbers; remembers the numbers given, so none repeats.

    `home` and `share` let several People draw apart, one a district (`flask demo city`): numbers of
    the home area are the district's own; people from elsewhere take sequence numbers of their
    `share` (index, count) only, so two districts never draw the same outsider's number."""

    def __init__(self, rng: random.Random, election_day: date, home: str | None = None,
                 share: tuple[int, int] = (0, 1)):
        self.rng = rng
        self.home, self.share = home, share
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
        index, count = self.share if self.home is not None and area != self.home else (0, 1)
        while True:
            sequence = self.rng.randrange(1 if sex == "M" else 0, 1000, 2)
            sequence -= (sequence // 2 % count - index) * 2  # the share's sequences, the sex's parity kept
            if not 0 <= sequence < 1000:
                continue
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
        elif kind == "residential" and category == 3 and rng.random() < 0.9:  # R26-ROLL: the committee confirms
            consent_on = (people.today - timedelta(days=rng.randint(5, 60))).isoformat()
            consent_body = "election_committee"
        # R26-ROLL: residents register on saying they will take part; a few have not yet.
        opted_in_on = ((people.today - timedelta(days=rng.randint(25, 60))).isoformat()
                       if kind == "residential" and rng.random() < 0.97 else "")
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
                   "是" if member == 0 else "否", address, consent_on, CONSENT_BODY_LABELS.get(consent_body, ""),
                   opted_in_on, "")
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


def write_csv(target, data) -> int:
    """Write the header and `data` to a path (UTF-8 with the BOM Excel wants) or a text stream."""
    if isinstance(target, Path):
        with target.open("w", encoding="utf-8-sig", newline="") as f:
            return write_csv(f, data)
    writer = csv.writer(target)
    writer.writerow(HEADER_ROW)
    count = 0
    for row in data:
        writer.writerow(row)
        count += 1
    return count
