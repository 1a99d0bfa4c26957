"""Reading the vetting worklist (the queue page): the committee elections of a unit and their nominees, with everything
the queue shows of each, in a handful of queries whatever the number of nominees."""
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ...extensions import db
from ...rounds.models import CommitteeElection
from ..models import Nomination, Nominee, VettingFile


def elections_in(round_, unit) -> list[CommitteeElection]:
    column = {"district": CommitteeElection.district_code, "township": CommitteeElection.township_code,
              "committee": CommitteeElection.committee_code}[unit.level]
    return list(db.session.scalars(
        select(CommitteeElection).where(CommitteeElection.round_id == round_.id, column == unit.code)
        .options(joinedload(CommitteeElection.committee)).order_by(CommitteeElection.committee_code)))


def nominees_of(elections: list[CommitteeElection]) -> dict[int, list[Nominee]]:
    """Every nominee of these elections with what the queue reads, in a handful of queries."""
    by_election = {e.id: [] for e in elections}
    if not elections:
        return by_election
    people = db.session.scalars(
        select(Nominee).where(Nominee.election_id.in_(list(by_election))).order_by(Nominee.id)
        .options(joinedload(Nominee.voter), selectinload(Nominee.nominations).selectinload(Nomination.signers),
                 selectinload(Nominee.vetting).selectinload(VettingFile.findings),
                 selectinload(Nominee.vetting).selectinload(VettingFile.assessments),
                 selectinload(Nominee.vetting).joinedload(VettingFile.criteria)))
    for person in people:
        by_election[person.election_id].append(person)
    return by_election
