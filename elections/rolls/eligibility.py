"""Who may be on a committee's roll: age on election day (R-ROLL-1), registration categories
(R-ROLL-2), the reasons a person is not registered and their lifting (R-ROLL-4), and the size of a
residents' group that elects representatives (R-MODE-2, R26-MODE).

Pure: no Flask, no database. The numbers come from the round's rule set.
"""
import calendar
from datetime import date

from ..messages import N_, Problem
from ..rulesets import RuleSet

# R-ROLL-4: why a person of age is not registered, once the election committee confirms it.
EXCLUSIONS = ("deprived_of_political_rights", "no_legal_capacity", "unreachable")
# R-ROLL-2: a category 3 or 4 villager is registered only once the assembly has consented.
CONSENT_PENDING = "consent_pending"
# R26-ROLL: a person whose category registers on saying they will take part, who has not yet.
OPT_IN_PENDING = "opt_in_pending"
NOT_REGISTERED_REASONS = EXCLUSIONS + (CONSENT_PENDING, OPT_IN_PENDING)
# R-ROLL-7: the reasons for a change to a published roll, the ones an official chooses first; an
# addition also follows a recorded consent (R-ROLL-2), a removal an exclusion (R-ROLL-4).
ADDITION_REASONS = ("turned_18", "moved_in", "rights_restored", "objection_upheld", "consent_given", "opted_in")
REMOVAL_REASONS = ("died", "moved_out", "rights_lost", "objection_upheld", "no_legal_capacity", "unreachable")
# R-ROLL-4's reasons as the removal they make from a published roll.
EXCLUSION_REMOVALS = {"deprived_of_political_rights": "rights_lost", "no_legal_capacity": "no_legal_capacity",
                      "unreachable": "unreachable"}


def birthday(born: date, age: int) -> date:
    """The day a person born on `born` reaches `age`: 29 February becomes 28 February in a common
    year (Civil Code art. 202: with no corresponding day, the last day of the month)."""
    year = born.year + age
    if born.month == 2 and born.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return born.replace(year=year)


def of_age(born: date, election_day: date, rules: RuleSet) -> bool:
    """R-ROLL-1: 18 or older on election day; an 18th birthday on election day itself counts."""
    return birthday(born, rules.voting_age) <= election_day


def age_problem(born: date, election_day: date, rules: RuleSet) -> Problem | None:
    if of_age(born, election_day, rules):
        return None
    return Problem(N_("Under %(age)d on election day %(day)s: turns %(age)d on %(birthday)s."),
                   {"age": rules.voting_age, "day": election_day.isoformat(),
                    "birthday": birthday(born, rules.voting_age).isoformat()}, rule="R-ROLL-1")


def categories(kind: str, rules: RuleSet) -> tuple[int, ...]:
    return tuple(rules.categories[kind])


def consent_bodies(kind: str, category: int, rules: RuleSet) -> tuple[str, ...]:
    """The bodies whose consent registers a person of this category; empty when none is needed."""
    return rules.categories[kind].get(category) or ()


def category_problem(kind: str, category: int, rules: RuleSet) -> Problem | None:
    allowed = categories(kind, rules)
    if category in allowed:
        return None
    message = (N_("A village roll has registration categories %(allowed)s.") if kind == "village"
               else N_("A residents' committee roll has registration categories %(allowed)s."))
    return Problem(message, {"allowed": "、".join(map(str, allowed))}, rule="R-ROLL-2")


def consent_problem(kind: str, category: int, consent_body: str | None, consent_on: date | None,
                    rules: RuleSet, today: date) -> Problem | None:
    """R-ROLL-2: the consent a category needs is recorded with its body and a date not in the future."""
    bodies = consent_bodies(kind, category, rules)
    if not bodies:
        return None
    if consent_body is None or consent_on is None:
        return Problem(N_("Category %(category)d needs the consent recorded, with its date and the body "
                          "that gave it."), {"category": category}, rule="R-ROLL-2")
    if consent_body not in bodies:
        return Problem(N_("This body cannot consent to a category %(category)d registration."),
                       {"category": category}, rule="R-ROLL-2")
    if consent_on > today:
        return Problem(N_("The consent date %(day)s is in the future."), {"day": consent_on.isoformat()},
                       rule="R-ROLL-2")
    return None


def opts_in(kind: str, category: int, rules: RuleSet) -> bool:
    """R26-ROLL: whether people of this category are registered only on saying they will take part."""
    return category in rules.opt_in_categories[kind]


def opt_in_problem(kind: str, category: int, opted_in_on: date | None, rules: RuleSet,
                   today: date) -> Problem | None:
    """R26-ROLL: the day a person said they will take part, for a category that registers so."""
    if not opts_in(kind, category, rules):
        return None
    if opted_in_on is None:
        return Problem(N_("Under rule set %(ruleset)s a person of category %(category)d is registered on saying they "
                          "will take part: record the day they did."),
                       {"ruleset": rules.name, "category": category}, rule="R26-ROLL")
    if opted_in_on > today:
        return Problem(N_("The day the person said they will take part, %(day)s, is in the future."),
                       {"day": opted_in_on.isoformat()}, rule="R26-ROLL")
    return None


def status_for(kind: str, category: int, consent_body: str | None, consent_on: date | None,
               rules: RuleSet, today: date, opted_in_on: date | None = None) -> tuple[str, str | None]:
    """The status a newly listed person of age gets: registered, or not registered until the consent
    their category needs (R-ROLL-2) or until they say they will take part (R26-ROLL)."""
    if consent_bodies(kind, category, rules) and consent_problem(
            kind, category, consent_body, consent_on, rules, today):
        return "not_registered", CONSENT_PENDING
    if opt_in_problem(kind, category, opted_in_on, rules, today):
        return "not_registered", OPT_IN_PENDING
    return "registered", None


def restored(cause_ended_on: date, election_day: date) -> bool:
    """R-ROLL-4: when the cause of a person's exclusion ends before election day, they go back on
    the roll; a cause that ends on election day or later keeps them off it."""
    return cause_ended_on < election_day


def group_problems(households: int, representatives: int, rules: RuleSet) -> list[Problem]:
    """R-MODE-2 (R26-MODE): a group's size and the number of representatives it elects."""
    problems = []
    if rules.group_households:
        low, high = rules.group_households
        if not low <= households <= high:
            problems.append(Problem(
                N_("A residents' group that elects representatives has %(low)d to %(high)d households; "
                   "this one has %(count)d."), {"low": low, "high": high, "count": households}, rule="R-MODE-2"))
        low, high = rules.group_representatives
        if not low <= representatives <= high:
            problems.append(Problem(
                N_("A residents' group elects %(low)d to %(high)d representatives, not %(count)d."),
                {"low": low, "high": high, "count": representatives}, rule="R-MODE-2"))
    elif rules.households_per_representative:
        low, high = rules.households_per_representative
        if representatives < 1 or not low * representatives <= households <= high * representatives:
            problems.append(Problem(
                N_("One representative stands for %(low)d to %(high)d households: %(households)d households "
                   "cannot have %(count)d."),
                {"low": low, "high": high, "households": households, "count": representatives}, rule="R26-MODE"))
    return problems
