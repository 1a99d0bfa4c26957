"""Near relatives (近亲属) among the voters of one committee: R26-SIZE bars them from sitting on
one committee, so the candidate list warns when candidates are near relatives and the count
applies R26-RELATIVES to those elected. A pair is recorded once, the lower voter id first, with
the relation said from that voter's side.

Services: they change the session and flush; the request or command commits (`transactions`).
"""
from datetime import date

from sqlalchemy import or_, select

from ..audit.services import actor_name, record
from ..candidates.conflicts import NEAR
from ..clock import beijing_today
from ..extensions import db
from ..messages import N_, Problem
from .models import Voter, VoterRelative
from .services import RollsError, require_changeable

# The same relation said from the other side.
INVERSE = {"spouse": "spouse", "parent": "child", "child": "parent", "grandparent": "grandchild",
           "grandchild": "grandparent", "sibling": "sibling"}


def relatives_of(voter: Voter) -> list[tuple[VoterRelative, Voter, str]]:
    """The voter's recorded near relatives: (link, the relative, what the relative is to the voter)."""
    links = db.session.scalars(select(VoterRelative).where(
        or_(VoterRelative.voter_id == voter.id, VoterRelative.relative_id == voter.id)).order_by(VoterRelative.id))
    found = []
    for link in links:
        if link.voter_id == voter.id:  # the relation is said from the voter's side: "I am the parent of…"
            found.append((link, link.relative, INVERSE[link.relation]))
        else:
            found.append((link, link.voter, link.relation))
    return found


def pairs(election_id: int) -> set[frozenset[int]]:
    """Every recorded pair of near relatives of a committee election, as voter ids."""
    return {frozenset(pair) for pair in db.session.execute(
        select(VoterRelative.voter_id, VoterRelative.relative_id).where(VoterRelative.election_id == election_id))}


def link(voter: Voter, number: int, relation: str, actor=None, *, today: date | None = None) -> VoterRelative:
    """Record that the voter numbered `number` on the same roll is the voter's `relation`
    (what the relative is to the voter: their parent, spouse, …)."""
    election = voter.election
    require_changeable(election)
    problems = []
    if relation not in NEAR:
        problems.append(Problem(N_("Not a relation the law names."), field="relation"))
    other = db.session.scalar(select(Voter).where(Voter.election_id == election.id, Voter.number == number))
    if other is None:
        problems.append(Problem(N_("No voter has the number %(number)s on this roll."), {"number": number},
                                field="number"))
    elif other.id == voter.id:
        problems.append(Problem(N_("A person is not their own relative."), field="number"))
    if problems:
        raise RollsError(problems)
    low, high = sorted((voter, other), key=lambda v: v.id)
    said = INVERSE[relation] if low is voter else relation  # from the lower id's side: low is <said> of high
    if db.session.scalar(select(VoterRelative.id).where(VoterRelative.voter_id == low.id,
                                                         VoterRelative.relative_id == high.id)):
        raise RollsError([Problem(N_("%(name)s is recorded as a near relative already."), {"name": other.name},
                                  field="number")])
    found = VoterRelative(election_id=election.id, voter_id=low.id, relative_id=high.id, relation=said,
                          recorded_on=today or beijing_today(), recorded_by=actor_name(actor))
    db.session.add(found)
    db.session.flush()
    record(actor, election.committee_code, "roll.voter.relative", "voter_relative", found.id,
           after={"voter": voter.number, "relative": other.number, "relation": relation})
    return found


def unlink(found: VoterRelative, actor=None) -> None:
    election = found.voter.election
    require_changeable(election)
    record(actor, election.committee_code, "roll.voter.relative.remove", "voter_relative", found.id,
           before={"voter": found.voter.number, "relative": found.relative.number, "relation": found.relation})
    db.session.delete(found)
    db.session.flush()
