"""Reading rounds and their committee elections for the pages: the rounds with their sizes, and a
township's committee elections with their names, for planning."""
from sqlalchemy import func, select

from ..extensions import db
from ..geography.models import Division
from .models import CommitteeElection, Round


def rounds_with_sizes() -> tuple[list[Round], dict[int, int]]:
    """Every round, newest first, and its number of committee elections."""
    sizes = dict(db.session.execute(
        select(CommitteeElection.round_id, func.count()).group_by(CommitteeElection.round_id)).all())
    return list(db.session.scalars(select(Round).order_by(Round.id.desc()))), sizes


def township_elections(round_: Round, township_code: str) -> list[tuple[CommitteeElection, str]]:
    """The township's committee elections in code order, each with its committee's name."""
    return list(db.session.execute(
        select(CommitteeElection, Division.name).join(Division, Division.code == CommitteeElection.committee_code)
        .where(CommitteeElection.round_id == round_.id, CommitteeElection.township_code == township_code)
        .order_by(CommitteeElection.committee_code)).all())


def township_codes(round_: Round, township_code: str, kinds: tuple[str, ...]) -> list[str]:
    """The codes of the township's committees of these kinds, for plan values given to them all."""
    return list(db.session.scalars(select(CommitteeElection.committee_code).where(
        CommitteeElection.round_id == round_.id, CommitteeElection.township_code == township_code,
        CommitteeElection.kind.in_(kinds)).order_by(CommitteeElection.committee_code)))
