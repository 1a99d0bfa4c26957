"""Rolls for tests: a round whose committee elections have their day, and people with valid IDs."""
from datetime import date, timedelta

from sqlalchemy import select

from elections.accounts.models import User
from elections.extensions import db
from elections.rolls import idnumber
from elections.rolls.services import Person
from elections.rounds import services as rounds

TODAY = date(2026, 4, 1)
DAY = TODAY + timedelta(days=40)  # election day: the list is due by DAY - 20
PLAN = {"election_day": DAY, "seats_director": 1, "seats_deputy_director": 1, "seats_member": 3,
        "ballot_method": "single"}


def open_round(name="2026年换届选举", training=False, *, first_day=TODAY, days=80):
    """A national-2026 round from `first_day` for `days`; browser tests, whose server keeps the real
    calendar, open it around the real today."""
    return rounds.open_round(name, first_day, first_day + timedelta(days=days), village_term=12,
                             residential_term=11, ruleset="national-2026", training=training)


HISTORY_DAY = date(2025, 5, 10)  # an election day of beijing-2018 (before 2026-01-01)


def history_round():
    """A beijing-2018 round of 2025, for the rules of 2018 (group representatives, 15–50 households)."""
    return rounds.open_round("2025年换届选举", date(2025, 3, 1), date(2025, 6, 30), village_term=11,
                             residential_term=10, ruleset="beijing-2018")


def planned(round_, code, mode="direct", **plan):
    election = rounds.election_for(round_, code)
    rounds.update_plan(election, {**PLAN, "mode": mode, **plan})
    return election


def user(name) -> User:
    return db.session.scalar(select(User).where(User.username == name))


def person(n: int, household: str | None = None, *, born=date(1980, 1, 1), group="第一居民小组", category=1,
           representative=None, **extra) -> Person:
    """The n-th test person: a valid ID number, their own household unless one is given; they said
    they will take part on 5 January 2026 (R26-ROLL: residents register so)."""
    number = idnumber.make("110101", born + timedelta(days=n % 3000), n % 1000)
    return Person(name=f"居民{n:04d}", id_number=number, household=household or f"H{n:04d}", category=category,
                  group=group, household_representative=household is None if representative is None
                  else representative, **({"opted_in_on": date(2026, 1, 5)} | extra))
