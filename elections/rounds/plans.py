"""The election plan of one committee and its checks: R-SIZE-1 (seats), R-MODE-1/2 (mode).

Pure: no Flask, no database. A plan may be incomplete while the committee is in set-up; it must
be complete before registration starts, and every value given must be valid at any time.
"""
from dataclasses import dataclass, fields
from datetime import date

from ..messages import N_, Problem
from ..rulesets import RULESETS, RuleSet, ruleset_for

BALLOT_METHODS = ("single", "separate")  # 一次投票 / 分次投票
SEAT_FIELDS = ("seats_director", "seats_deputy_director", "seats_member")


@dataclass(frozen=True)
class Plan:
    mode: str | None = None
    election_day: date | None = None
    seats_director: int | None = None
    seats_deputy_director: int | None = None
    seats_member: int | None = None
    ballot_method: str | None = None

    def merged(self, changes: dict) -> "Plan":
        """This plan with the given values (None means: leave as it is)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update({k: v for k, v in changes.items() if v is not None and k in values})
        return Plan(**values)

    @property
    def total_seats(self) -> int | None:
        seats = [getattr(self, name) for name in SEAT_FIELDS]
        return None if None in seats else sum(seats)


def check_plan(kind: str, plan: Plan, rules: RuleSet, window: tuple[date, date], *,
               complete: bool) -> list[Problem]:
    """Every problem of `plan` for a committee of `kind`; with `complete`, missing values too.

    `rules` is the round's rule set; once the plan has an election day, the rule set that governs
    that day decides instead (rules.md), and a mode of another rule set is refused naming both."""
    problems = []
    if plan.election_day is not None:
        rules = ruleset_for(plan.election_day)
    if complete:
        for name in ("mode", "election_day", *SEAT_FIELDS, "ballot_method"):
            if getattr(plan, name) is None:
                problems.append(Problem(N_("This value is required."), field=name))
    modes = rules.modes[kind]
    other = next((name for name, other in RULESETS.items() if plan.mode in other.modes[kind]), None)
    if plan.mode is not None and plan.mode not in modes and other and plan.election_day is not None:
        problems.append(Problem(N_("This mode is of rule set %(other)s; election day %(day)s is under rule set "
                                   "%(ruleset)s, whose modes are %(modes)s."),
                                {"other": other, "day": plan.election_day.isoformat(), "ruleset": rules.name,
                                 "modes": ", ".join(modes)},
                                rule="R26-MODE" if rules.name == "national-2026" else "R-MODE-2", field="mode"))
    elif plan.mode is not None and plan.mode not in modes:
        rule = "R-MODE-1" if kind == "village" else "R-MODE-2"
        message = (N_("Village committees are elected directly by all registered voters.") if kind == "village"
                   else N_("Not an election mode of residents' committees under this rule set."))
        problems.append(Problem(message, rule=rule, field="mode"))
    first, last = window
    if plan.election_day is not None and not first <= plan.election_day <= last:
        problems.append(Problem(N_("The election day must lie within the round's window, %(first)s to %(last)s."),
                                {"first": first.isoformat(), "last": last.isoformat()}, field="election_day"))
    if plan.ballot_method is not None and plan.ballot_method not in BALLOT_METHODS:
        problems.append(Problem(N_("Not a ballot method."), field="ballot_method"))
    problems.extend(_check_seats(kind, plan, rules))
    return problems


def _check_seats(kind: str, plan: Plan, rules: RuleSet) -> list[Problem]:
    """R-SIZE-1: village 3–7 members with 1 director; residential 5–9 with 1 director, 1–2 deputies."""
    size = rules.seats[kind]
    problems = []
    for name, (low, high) in (("seats_director", size.director), ("seats_deputy_director", size.deputy_director)):
        value = getattr(plan, name)
        if value is not None and not low <= value <= high:
            message = (N_("A committee has exactly %(low)s director.") if name == "seats_director" and low == high
                       else N_("This committee may have %(low)s to %(high)s deputy directors."))
            problems.append(Problem(message, {"low": low, "high": high}, rule="R-SIZE-1", field=name))
    if plan.seats_member is not None and plan.seats_member < 0:
        problems.append(Problem(N_("The number of seats cannot be negative."), rule="R-SIZE-1", field="seats_member"))
    total = plan.total_seats
    low, high = size.total
    if total is not None and not low <= total <= high:
        message = (N_("A village committee has %(low)s to %(high)s members; this plan has %(total)s.") if kind == "village"
                   else N_("A residents' committee has %(low)s to %(high)s members; this plan has %(total)s."))
        problems.append(Problem(message, {"low": low, "high": high, "total": total}, rule="R-SIZE-1",
                                field="seats_member"))
    return problems
