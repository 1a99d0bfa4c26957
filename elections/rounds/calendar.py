"""The statutory calendar of one committee election, counted from its election day.

R-ROLL-5: the voter list is published at least 20 days before election day; objections within
5 days of publication, each decided within 3 days of receipt. R-CAND-5: the candidate list is
published at least 5 days before election day. R-COUNT-7: a supplementary election within 15
days of the first ballot. The numbers come from the round's rule set. Pure: no Flask, no database.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from ..messages import N_, Problem
from ..rulesets import RuleSet
from . import stages


# Dates of the objection period: shown on the calendar, but kept per objection (the rolls).
OBJECTION_PERIOD = ("objections_close", "objection_decisions")


@dataclass(frozen=True)
class Milestone:
    key: str  # roll_published, objections_close, objection_decisions, candidates_published, ...
    rule: str | None
    due: date | None  # the last allowed day (for the election day itself: that day)
    done_on: date | None
    status: str  # done, late (done after its due day), overdue, next, upcoming


@dataclass(frozen=True)
class Schedule:
    """What the calendar needs to know about one committee election."""

    stage: str
    election_day: date | None
    reached_on: dict  # stage → the (Beijing) day the election first reached it
    supplementary_held_on: date | None = None  # the day the supplementary ballot was counted
    window_last_day: date | None = None  # the round's last allowed election day
    # The day the latest version of the voter list was published: each version opens its own
    # objection period (R-ROLL-5, R-ROLL-7), so the calendar shows the latest one.
    list_published_on: date | None = None


def roll_deadline(election_day: date, rules: RuleSet) -> date:
    return election_day - timedelta(days=rules.roll_published_days_before)


def objections_close(published_on: date, rules: RuleSet) -> date:
    """R-ROLL-5: objections to a published list within N days of its publication."""
    return published_on + timedelta(days=rules.objection_days)


def objection_decided_by(received_on: date, rules: RuleSet) -> date:
    """R-ROLL-5: an objection is decided within M days of its receipt."""
    return received_on + timedelta(days=rules.objection_decision_days)


def candidates_deadline(election_day: date, rules: RuleSet) -> date:
    return election_day - timedelta(days=rules.candidates_published_days_before)


def supplementary_deadline(first_counted_on: date, rules: RuleSet) -> date:
    return first_counted_on + timedelta(days=rules.supplementary_within_days)


def milestones(schedule: Schedule, rules: RuleSet, today: date) -> list[Milestone]:
    """Every dated step of the election in order, each marked done, late, overdue, next or upcoming."""
    day = schedule.election_day
    reached = schedule.reached_on
    published = reached.get("roll_published")
    plan: list[tuple[str, str | None, date | None, date | None]] = []
    roll_due = roll_deadline(day, rules) if day else (
        roll_deadline(schedule.window_last_day, rules) if schedule.window_last_day else None)
    plan.append(("roll_published", "R-ROLL-5", roll_due, published))
    # The objection period runs from the latest publication, or else from the latest allowed one.
    start = schedule.list_published_on or published or roll_due
    published = schedule.list_published_on or published
    if start is not None:
        closes = objections_close(start, rules)
        decided = objection_decided_by(closes, rules)
        plan.append(("objections_close", "R-ROLL-5", closes, closes if published and today > closes else None))
        plan.append(("objection_decisions", "R-ROLL-5", decided, decided if published and today > decided else None))
    plan.append(("candidates_published", "R-CAND-5", candidates_deadline(day, rules) if day else None,
                 reached.get("candidates_published")))
    plan.append(("voting", None, day, reached.get("voting")))
    plan.append(("counted", None, day, reached.get("counted")))
    counted_on = reached.get("counted")
    if counted_on and (schedule.stage == "supplementary_pending" or reached.get("supplementary_pending")):
        plan.append(("supplementary_election", "R-COUNT-7", supplementary_deadline(counted_on, rules),
                     schedule.supplementary_held_on))
    plan.append(("certified", None, None, reached.get("certified")))

    result, seen_next = [], False
    for key, rule, due, done_on in plan:
        if done_on is not None:
            status = "late" if (rule and due and done_on > due) else "done"
        elif key in OBJECTION_PERIOD and published is None:
            status = "upcoming"  # projected from the latest allowed publication
        elif due is not None and today > due:
            status = "overdue"
        elif not seen_next:
            status, seen_next = "next", True
        else:
            status = "upcoming"
        result.append(Milestone(key, rule, due, done_on, status))
    return result


def overdue(stage: str, election_day: date | None, first_counted_on: date | None,
            window_last_day: date | None, rules: RuleSet, today: date) -> list[str]:
    """The deadlines an election has missed today (rule ids, "election_day" for a missed ballot).

    Needs only the election's own columns, so the progress pages can say it for every row;
    `OverdueCutoffs` is the same test for a database query.
    """
    late = []
    day = election_day or window_last_day
    if day is not None and not stages.reached(stage, "roll_published") and today > roll_deadline(day, rules):
        late.append("R-ROLL-5")
    if election_day is not None:
        if not stages.reached(stage, "candidates_published") and today > candidates_deadline(election_day, rules):
            late.append("R-CAND-5")
        if not stages.reached(stage, "counted") and today > election_day:
            late.append("election_day")
    if (stage == "supplementary_pending" and first_counted_on is not None
            and today > supplementary_deadline(first_counted_on, rules)):
        late.append("R-COUNT-7")
    return late


@dataclass(frozen=True)
class OverdueCutoffs:
    """The same test as `overdue`, as dates a database query can compare with.

    An election is overdue when it has not reached `roll_published` and its day (or, without
    one, the window's last day) is before `roll`, has not reached `candidates_published` and its
    day is before `candidates`, has not been counted and its day is before `today`, or waits for
    a supplementary election after a first count before `supplementary`.
    """

    today: date
    roll: date
    candidates: date
    supplementary: date


def overdue_cutoffs(rules: RuleSet, today: date) -> OverdueCutoffs:
    return OverdueCutoffs(
        today=today,
        roll=today + timedelta(days=rules.roll_published_days_before),
        candidates=today + timedelta(days=rules.candidates_published_days_before),
        supplementary=today - timedelta(days=rules.supplementary_within_days),
    )


def check_move(schedule: Schedule, target: str, rules: RuleSet, today: date,
               plan_problems: list[Problem] = ()) -> list[Problem]:
    """Why moving to `target` today is not allowed; deadline problems may be overridden.

    A move that is late is a broken deadline: it is refused naming the rule, and a district
    official may override it with a written reason.
    """
    current, day = schedule.stage, schedule.election_day
    if target not in stages.TRANSITIONS[current]:
        return [Problem(N_("A committee election cannot move from this stage to that one."))]
    if target == "registration" and plan_problems:
        return [Problem(N_("Complete the election plan first."))] + list(plan_problems)
    if day is None:
        return [Problem(N_("Set the election day in the plan first."))]
    problems = []
    if target == "roll_published" and today > roll_deadline(day, rules):
        problems.append(Problem(
            N_("The voter list must be published at least %(days)s days before election day (%(day)s), "
               "that is by %(deadline)s."),
            {"days": rules.roll_published_days_before, "day": day.isoformat(),
             "deadline": roll_deadline(day, rules).isoformat()},
            rule="R-ROLL-5", overridable=True))
    if target == "candidates_published" and today > candidates_deadline(day, rules):
        problems.append(Problem(
            N_("The candidate list must be published at least %(days)s days before election day (%(day)s), "
               "that is by %(deadline)s."),
            {"days": rules.candidates_published_days_before, "day": day.isoformat(),
             "deadline": candidates_deadline(day, rules).isoformat()},
            rule="R-CAND-5", overridable=True))
    if target == "voting" and today < day:
        problems.append(Problem(N_("Voting starts on election day (%(day)s); move the election day first."),
                                {"day": day.isoformat()}))
    counted_on = schedule.reached_on.get("counted")
    if (current == "supplementary_pending" and target == "counted" and counted_on
            and today > supplementary_deadline(counted_on, rules)):
        problems.append(Problem(
            N_("The supplementary election must be held within %(days)s days of the first ballot, "
               "that is by %(deadline)s."),
            {"days": rules.supplementary_within_days,
             "deadline": supplementary_deadline(counted_on, rules).isoformat()},
            rule="R-COUNT-7", overridable=True))
    return problems


def check_new_day(schedule: Schedule, new_day: date, rules: RuleSet) -> list[Problem]:
    """Moving the election day must keep the deadlines already met (R-ROLL-5, R-CAND-5)."""
    problems = []
    published = schedule.reached_on.get("roll_published")
    if published and published > roll_deadline(new_day, rules):
        problems.append(Problem(
            N_("The voter list was published on %(published)s: election day cannot be earlier than %(earliest)s."),
            {"published": published.isoformat(),
             "earliest": (published + timedelta(days=rules.roll_published_days_before)).isoformat()},
            rule="R-ROLL-5", field="election_day"))
    listed = schedule.reached_on.get("candidates_published")
    if listed and listed > candidates_deadline(new_day, rules):
        problems.append(Problem(
            N_("The candidate list was published on %(published)s: election day cannot be earlier than %(earliest)s."),
            {"published": listed.isoformat(),
             "earliest": (listed + timedelta(days=rules.candidates_published_days_before)).isoformat()},
            rule="R-CAND-5", field="election_day"))
    return problems
