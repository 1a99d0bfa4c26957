"""R-CAND-4, R-CAND-6 and R26-CAND: who may not do what because of a candidacy. Pure: no Flask,
no database.

People are matched by ID number when both sides have one, else by name (names are unique within
a committee, record-format.md). Spouses and direct (lineal) relatives may not be election staff
(R-CAND-6); near relatives (近亲属: siblings too) make an election committee member withdraw
under R26-CAND.
"""
from collections.abc import Iterable
from dataclasses import dataclass

from ..messages import N_, Problem

DIRECT = ("spouse", "parent", "child", "grandparent", "grandchild")
NEAR = DIRECT + ("sibling",)


@dataclass(frozen=True)
class Person:
    name: str
    id_number: str | None = None


def same(a: Person, b: Person) -> bool:
    if a.id_number and b.id_number:
        return a.id_number.upper() == b.id_number.upper()
    return a.name.strip() == b.name.strip()


@dataclass(frozen=True)
class Kin:
    """A relative of a candidate: who, and how related."""

    person: Person
    relation: str
    candidate: Person


def staff_problem(person: Person, candidates: Iterable[Person], kin: Iterable[Kin]) -> Problem | None:
    """R-CAND-6: candidates, their spouses and direct relatives may not serve as election staff."""
    for candidate in candidates:
        if same(person, candidate):
            return Problem(N_("%(name)s is a candidate and cannot serve as election staff."),
                           {"name": person.name}, rule="R-CAND-6")
    for relative in kin:
        if relative.relation in DIRECT and same(person, relative.person):
            return Problem(N_("%(name)s is a spouse or direct relative of the candidate %(candidate)s and cannot "
                              "serve as election staff."), {"name": person.name, "candidate": relative.candidate.name},
                           rule="R-CAND-6")
    return None


def proxy_problem(holder: Person, candidates: Iterable[Person]) -> Problem | None:
    """R-CAND-6 (R26-POLL): candidates may not hold proxies."""
    if any(same(holder, candidate) for candidate in candidates):
        return Problem(N_("%(name)s is a candidate and cannot hold a proxy."), {"name": holder.name},
                       rule="R-CAND-6")
    return None


def must_withdraw(members: Iterable[tuple[int, Person]], nominees: Iterable[Person], kin: Iterable[Kin],
                  *, relatives_too: bool) -> list[int]:
    """R-CAND-4: election committee members who are nominated withdraw; under R26-CAND
    (`relatives_too`) so do those whose near relative is nominated. Returns member ids."""
    nominees, kin = list(nominees), [k for k in kin if k.relation in NEAR] if relatives_too else []
    return [member_id for member_id, person in members
            if any(same(person, n) for n in nominees) or any(same(person, k.person) for k in kin)]
