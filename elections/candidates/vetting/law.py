"""R-CAND-3: a nominee's vetting against the round's five-good and ten-cannot lists. Pure: no
Flask, no database.

Every five-good item is assessed (meets / does not meet), and every ten-cannot item is answered
by each department the round names for it (an item naming none is answered by any one). Any
ten-cannot item that holds bars the nominee; an item with a look-back period holds only while
the matter ended less than that many years before election day. The township decides once the
file is complete: a nominee with an item that holds cannot be qualified, and a nominee barred
is barred on named items with the evidence written down.
"""
from dataclasses import dataclass, field
from datetime import date

from ...messages import N_, Problem

FIVE_GOOD, TEN_CANNOT = "five_good", "ten_cannot"
ANY_DEPARTMENT = ""  # the department of an item that names none


@dataclass(frozen=True)
class FindingFact:
    item_id: str
    department: str
    holds: bool
    ended_on: date | None = None


def applies(item: dict, kind: str) -> bool:
    """An item applies to the committees of the kinds it names, to both when it names none: a
    residents' committee is not asked about the village's collective assets (TC-8)."""
    return not item.get("kinds") or kind in item["kinds"]


def items_for(items: list[dict], kind: str) -> list[dict]:
    return [item for item in items if applies(item, kind)]


def departments_of(item: dict) -> list[str]:
    return list(item.get("departments") or []) or [ANY_DEPARTMENT]


def required(items: list[dict]) -> list[tuple[str, str]]:
    """The (ten-cannot item, department) answers a complete file has."""
    return [(item["id"], department) for item in items if item["list"] == TEN_CANNOT
            for department in departments_of(item)]


def lapsed(item: dict, ended_on: date | None, election_day: date | None) -> bool:
    """An item's look-back period has run out: the matter ended `lookback_years` or more before
    election day (29 February counts as 28 February in a common year)."""
    years = item.get("lookback_years")
    if not years or ended_on is None or election_day is None:
        return False
    try:
        limit = ended_on.replace(year=ended_on.year + years)
    except ValueError:
        limit = ended_on.replace(year=ended_on.year + years, day=28)
    return election_day >= limit


@dataclass
class Progress:
    assessed: int = 0
    to_assess: int = 0
    answered: int = 0
    to_answer: int = 0
    missing: list = field(default_factory=list)  # (item id, department) still to answer
    unassessed: list = field(default_factory=list)  # five-good item ids still to assess
    holding: list = field(default_factory=list)  # ten-cannot item ids that bar the nominee
    not_met: list = field(default_factory=list)  # five-good item ids assessed as not met

    @property
    def complete(self) -> bool:
        return not self.missing and not self.unassessed


def progress(items: list[dict], assessments: dict[str, bool], findings: list[FindingFact],
             election_day: date | None) -> Progress:
    """How far the file is, and what it says: `assessments` maps five-good item ids to meets."""
    by_id = {item["id"]: item for item in items}
    result = Progress()
    five_good = [item["id"] for item in items if item["list"] == FIVE_GOOD]
    result.to_assess = len(five_good)
    result.unassessed = [i for i in five_good if i not in assessments]
    result.assessed = result.to_assess - len(result.unassessed)
    result.not_met = [i for i in five_good if assessments.get(i) is False]
    answered = set()
    for fact in findings:
        item = by_id.get(fact.item_id)
        if item is None or item["list"] != TEN_CANNOT:
            continue
        named = item.get("departments") or []
        if not named:
            answered.add((fact.item_id, ANY_DEPARTMENT))
        elif fact.department in named:
            answered.add((fact.item_id, fact.department))
        if fact.holds and not lapsed(item, fact.ended_on, election_day) and fact.item_id not in result.holding:
            result.holding.append(fact.item_id)
    needed = required(items)
    result.to_answer = len(needed)
    result.missing = [pair for pair in needed if pair not in answered]
    result.answered = result.to_answer - len(result.missing)
    return result


def stage(progress_: Progress, decision: str | None) -> str:
    if decision in ("qualified", "barred"):
        return decision
    return "ready" if progress_.complete else "awaiting_findings"


def decision_problems(progress_: Progress, decision: str, items_named: list[str], evidence: str,
                      items: list[dict]) -> list[Problem]:
    """Whether the township may decide so (R-CAND-3)."""
    found = []
    if not progress_.complete:
        found.append(Problem(N_("The vetting is not complete: %(count)s answers and assessments are missing."),
                             {"count": len(progress_.missing) + len(progress_.unassessed)}, rule="R-CAND-3"))
    if decision == "qualified":
        if progress_.holding:
            found.append(Problem(N_("A ten-cannot item holds (%(items)s): the nominee cannot be qualified."),
                                 {"items": ", ".join(progress_.holding)}, rule="R-CAND-3"))
    elif decision == "barred":
        known = {item["id"] for item in items}
        if not items_named:
            found.append(Problem(N_("Name the item or items the nominee is barred on."), rule="R-CAND-3",
                                 field="items"))
        unknown = [i for i in items_named if i not in known]
        if unknown:
            found.append(Problem(N_("Not items of the criteria: %(items)s."), {"items": ", ".join(unknown)},
                                 field="items"))
        unsupported = [i for i in items_named if i in known and i not in progress_.holding
                       and i not in progress_.not_met]
        if unsupported:
            found.append(Problem(N_("No finding supports barring on %(items)s."), {"items": ", ".join(unsupported)},
                                 rule="R-CAND-3", field="items"))
        if not evidence.strip():
            found.append(Problem(N_("A barred nominee gets a written decision: write the evidence."),
                                 rule="R-CAND-3", field="evidence"))
    else:
        found.append(Problem(N_("Unknown decision."), field="decision"))
    return found
