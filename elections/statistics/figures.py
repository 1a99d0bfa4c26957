"""Each committee election's figures (`ElectionFigures`), made from the data they describe and kept
consistent with it.

`compute` reads one election's places, ballots, final tally sheets, members and their profiles with
a handful of queries bounded by the election. `refresh` rewrites the row in the transaction of every
change the figures depend on: a stage change (rounds.move_stage: counts, certification, every
ballot prepared), an annulment (R-COUNT-11), an amendment (R-CERT-3), a polling place added or
removed, a candidate's profile. Turnout during election day is not here: it is the count of issues
kept on `committee_elections` with each issue (polling.issuance), live. `verify` recomputes every
row of a round and reports what differs; `flask stats verify` runs it, `flask stats rebuild` rewrites.
"""
from dataclasses import dataclass

from sqlalchemy import func, select

from ..candidates.models import Nominee
from ..extensions import db
from ..polling.models import PollingPlace
from ..rolls.models import Voter
from ..rounds import stages
from ..rounds.models import CommitteeElection, Round
from ..tallies.models import Ballot
from .composition import MEMBER_KEYS, Member, of_members
from .models import ElectionFigures

PLACE_KEYS = ("places_central", "places_station", "places_mobile")
BALLOT_KEYS = ("counted", "electorate_counted", "issued_counted", "cast", "invalid", "proxy", "mobile", "written",
               "first_ballot_counted", "first_ballot_success", "revotes", "supplementary", "new_elections")
# The figures of an election nothing has happened to yet, which needs no row (a round opens 7,007).
NOTHING = dict.fromkeys(PLACE_KEYS + BALLOT_KEYS + MEMBER_KEYS, 0)


def compute(election: CommitteeElection) -> dict[str, int]:
    """The figures of one election: its places; the final turnout of its ballot (R-COUNT-10: `C`
    against the electorate of the mode, R-MODE-3) with the proxy, mobile-box and written ballots
    of its sheets; how its ballots went; and who holds a seat."""
    from ..results.services import members  # results import rounds, whose stage changes refresh these

    out = dict.fromkeys(PLACE_KEYS + BALLOT_KEYS, 0)
    for kind, count in db.session.execute(select(PollingPlace.kind, func.count()).where(
            PollingPlace.election_id == election.id).group_by(PollingPlace.kind)):
        out[f"places_{kind}"] = count
    ballots = list(db.session.scalars(select(Ballot).where(Ballot.election_id == election.id)
                                      .order_by(Ballot.number)))
    counted = [b for b in ballots if b.status == "counted"]
    previous = None
    for ballot in ballots:
        out["revotes"] += ballot.kind == "revote"
        out["supplementary"] += ballot.kind == "supplementary"
        out["new_elections"] += previous is not None and previous.status == "counted" \
            and previous.result["next"] == "new_election"
        previous = ballot
    first = next((b for b in counted if b.number == 1), None)
    if first is not None:
        out["first_ballot_counted"] = 1
        out["first_ballot_success"] = int(first.result["status"] != "void" and first.result["next"] == "none")
    final = next((b for b in reversed(counted) if b.kind == "first"), None)
    if final is not None:
        out["counted"] = 1
        tally = final.record["tally"]
        out["electorate_counted"] = final.record["electorate"] or 0
        out["issued_counted"], out["cast"], out["invalid"] = tally["issued"], tally["cast"], tally["invalid"]
        for sheet in final.sheets:
            if sheet.status == "final":
                for key in ("proxy", "mobile", "written"):
                    out[key] += sheet.figures.get(key, 0)
    held = members(election, counted) if counted and stages.reached(election.stage, "counted") else []
    day = final.held_on if final is not None else election.election_day
    out.update(of_members(_profiles(election, held, ballots), day) if held else of_members([], day))
    return out


def _profiles(election: CommitteeElection, held: list[dict], ballots: list[Ballot]) -> list[Member]:
    """The members with their roll birth dates and candidate profiles; a write-in has only a gender."""
    by_name = {c["name"]: int(c["id"][1:]) for b in ballots for c in b.candidates if c["id"].startswith("c")}
    ids = {by_name[m["name"]] for m in held if m["name"] in by_name}
    found = {n.id: (n, birth) for n, birth in db.session.execute(
        select(Nominee, Voter.birth_date).join(Voter, Voter.id == Nominee.voter_id)
        .where(Nominee.election_id == election.id, Nominee.id.in_(ids)))} if ids else {}
    people = []
    for m in held:
        nominee, birth = found.get(by_name.get(m["name"]), (None, None))
        if nominee is None:
            people.append(Member(post=m["post"], gender=m["gender"]))
            continue
        people.append(Member(post=m["post"], gender=m["gender"], birth_date=birth, education=nominee.education,
                             ethnicity=nominee.ethnicity, party_member=nominee.party_member,
                             incumbent=nominee.incumbent, party_secretary=nominee.party_secretary))
    return people


def refresh(election: CommitteeElection) -> None:
    """Rewrite the election's row in the current transaction (flushed, never committed here)."""
    db.session.flush()
    row = db.session.get(ElectionFigures, election.id)
    figures = compute(election)
    if row is None:
        db.session.add(ElectionFigures(election_id=election.id, round_id=election.round_id,
                                       district_code=election.district_code, township_code=election.township_code,
                                       figures=figures))
    elif row.figures != figures:
        row.figures = figures
    db.session.flush()


@dataclass
class Difference:
    committee_code: str
    stored: dict | None
    computed: dict


def _elections(round_: Round, batch: int = 200):
    """The round's elections in batches, each expunged after use so that memory stays flat."""
    last = 0
    while True:
        chunk = list(db.session.scalars(select(CommitteeElection).where(
            CommitteeElection.round_id == round_.id, CommitteeElection.id > last)
            .order_by(CommitteeElection.id).limit(batch)))
        if not chunk:
            return
        yield chunk
        last = chunk[-1].id


def verify(round_: Round) -> tuple[int, list[Difference]]:
    """Every election of the round recomputed against its stored row, or NOTHING where it has none:
    (elections checked, differences)."""
    checked, differences = 0, []
    for chunk in _elections(round_):
        stored = dict(db.session.execute(select(ElectionFigures.election_id, ElectionFigures.figures).where(
            ElectionFigures.election_id.in_([e.id for e in chunk]))).all())
        for election in chunk:
            computed = compute(election)
            checked += 1
            if stored.get(election.id, NOTHING) != computed:
                differences.append(Difference(election.committee_code, stored.get(election.id), computed))
        db.session.expunge_all()
    return checked, differences


def rebuild(round_: Round) -> int:
    """Rewrite every row of the round (after an import by SQL, or when `verify` found a difference)."""
    done = 0
    for chunk in _elections(round_):
        for election in chunk:
            refresh(election)
            done += 1
        db.session.expunge_all()
    return done
