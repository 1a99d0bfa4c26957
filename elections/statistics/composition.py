"""Who was elected, as figures that add up: pure functions over the members of one committee, whose
results every level sums (statistics.report). No Flask, no database.

1. Age (from the birth date on the roll) is counted on the committee's election day, in whole
   years, into the bands ≤ 35, 36–45, 46–55 and > 55; the average is kept as a sum and a count so
   that it adds up across committees.
2. Sex, education, Party membership, ethnicity (an ethnic minority is any group but the Han) and
   incumbency (re-elected 连选连任 or first-time) are counted with an "unknown" line where the profile
   was not recorded, so that each breakdown adds up to the members.
3. The dual role (一肩挑, R26-SIZE) is a director who is also the Party secretary.
4. A committee "has a woman" (R-SIZE-3, R26-SIZE) when any member is a woman.
"""
from dataclasses import dataclass
from datetime import date

from ..candidates.profile import EDUCATION, minority
from ..rulesets import POSTS

AGE_BANDS = ("to35", "36to45", "46to55", "over55")
EDUCATION_KEYS = tuple(f"edu_{code}" for code in EDUCATION) + ("edu_unknown",)
MEMBER_KEYS = (
    "members", *POSTS, "women", "has_woman", "age_known", "age_sum", *(f"age_{band}" for band in AGE_BANDS),
    *EDUCATION_KEYS, "party_members", "party_unknown", "minority", "ethnicity_unknown",
    "reelected", "first_time", "incumbency_unknown", "dual_role",
)


@dataclass(frozen=True)
class Member:
    post: str
    gender: str  # female / male / "" when a write-in's is not known
    birth_date: date | None = None  # from the roll; None for a write-in not found on it
    education: str | None = None
    ethnicity: str | None = None
    party_member: bool | None = None
    incumbent: bool | None = None
    party_secretary: bool | None = None


def age_on(birth: date, day: date) -> int:
    """Whole years on `day` (a birthday on 29 February falls on 1 March in a common year)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_band(age: int) -> str:
    if age <= 35:
        return "to35"
    if age <= 45:
        return "36to45"
    if age <= 55:
        return "46to55"
    return "over55"


def of_members(members: list[Member], day: date) -> dict[str, int]:
    """The member figures of one committee, every key of MEMBER_KEYS present."""
    out = dict.fromkeys(MEMBER_KEYS, 0)
    for m in members:
        out["members"] += 1
        out[m.post] += 1
        out["women"] += m.gender == "female"
        if m.birth_date is not None:
            age = age_on(m.birth_date, day)
            out["age_known"] += 1
            out["age_sum"] += age
            out[f"age_{age_band(age)}"] += 1
        out[f"edu_{m.education}" if m.education in EDUCATION else "edu_unknown"] += 1
        if m.party_member is None:
            out["party_unknown"] += 1
        else:
            out["party_members"] += m.party_member
        is_minority = minority(m.ethnicity)
        if is_minority is None:
            out["ethnicity_unknown"] += 1
        else:
            out["minority"] += is_minority
        out[{True: "reelected", False: "first_time", None: "incumbency_unknown"}[m.incumbent]] += 1
        out["dual_role"] += m.post == "director" and bool(m.party_secretary)
    out["has_woman"] = int(out["women"] > 0)
    return out


def add(total: dict[str, int], figures: dict[str, int]) -> dict[str, int]:
    """`total` with `figures` added key by key (in place; returned for chaining)."""
    for key, value in figures.items():
        total[key] = total.get(key, 0) + value
    return total


def share(part: int, whole: int) -> float | None:
    """A percentage with one decimal, or None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


def average(total: int, count: int) -> float | None:
    return round(total / count, 1) if count else None
