"""The term a certificate of election states (R-SIZE-2, R-CERT-2). Pure: no Flask, no database.

The committee's term runs for the rule set's `term_years` from its election day (the day of its
first ballot) and ends the day before that anniversary. A member elected later in the same round
(a revote or a supplementary election, R-COUNT-6/7) serves from their own ballot's day to the end
of the same term: one committee, one term.
"""
from datetime import date, timedelta


def anniversary(day: date, years: int) -> date:
    """`day` moved by `years`; 29 February falls on 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def term(committee_elected_on: date, member_elected_on: date, years: int) -> tuple[date, date]:
    """(first day, last day) of a member's term."""
    if member_elected_on < committee_elected_on:
        raise ValueError("a member is elected on or after the committee's election day")
    return member_elected_on, anniversary(committee_elected_on, years) - timedelta(days=1)
