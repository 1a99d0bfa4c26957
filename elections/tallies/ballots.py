"""The ballots of a committee election: the first, opened by the first issue of election day, and
what a sheet of each asks for. Kept apart from `services` so that issuance can open the first
ballot without importing the tally screens' code."""
from datetime import date

from sqlalchemy import select

from ..audit.services import actor_name
from ..candidates import services as candidates
from ..extensions import db
from ..rulesets import POSTS
from ..rounds.models import CommitteeElection
from .models import Ballot
from .sheet import Layout


def candidate_id(nominee_id: int) -> str:
    return f"c{nominee_id}"


def ballots(election: CommitteeElection) -> list[Ballot]:
    return list(db.session.scalars(select(Ballot).where(Ballot.election_id == election.id).order_by(Ballot.number)))


def current(election: CommitteeElection) -> Ballot | None:
    """The latest ballot: the one being issued or counted, or the last counted."""
    return db.session.scalar(select(Ballot).where(Ballot.election_id == election.id)
                             .order_by(Ballot.number.desc()).limit(1))


def first_ballot_posts(election: CommitteeElection) -> list[dict]:
    return [{"post": post, "seats": getattr(election, f"seats_{post}") or 0} for post in POSTS
            if getattr(election, f"seats_{post}")]


def open_first_ballot(election: CommitteeElection, day: date, actor=None) -> Ballot:
    """The first ballot, from the published candidate list in its order (R-CAND-5); after a void
    ballot (R-COUNT-1/2) the same list is voted on again as a new first ballot."""
    people = [{"id": candidate_id(e["nominee"]), "name": e["name"],
               "gender": "female" if e["sex"] == "F" else "male", "post": e["post"]}
              for e in candidates.published_candidates(election)]
    latest = current(election)
    ballot = Ballot(election=election, number=latest.number + 1 if latest else 1, kind="first", held_on=day,
                    posts=first_ballot_posts(election), candidates=people, elected_before=[],
                    prepared_by=actor_name(actor))
    db.session.add(ballot)
    db.session.flush()
    return ballot


def layout(ballot: Ballot) -> Layout:
    return Layout(tuple((p["post"], p["seats"], tuple((c["id"], c["name"]) for c in ballot.candidates
                                                      if c["post"] == p["post"]))
                        for p in ballot.posts if p["seats"] > 0))
