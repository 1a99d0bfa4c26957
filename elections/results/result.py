"""The result of counting a record, and the result JSON of record-format.md, key for key."""
from dataclasses import dataclass

from .record import RESULT_FORMAT, Record

# ---- the result ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Threshold:
    rule: str  # "more_than_half" (R-COUNT-4) or "one_third" (R-COUNT-7)
    min_votes: int


@dataclass(frozen=True)
class Ranked:
    """One person on a post's ranking.

    `outcome` says why they are or are not elected; it is for people (the what-if page and the
    announcement), not part of the result JSON: `elected`, `below_threshold`, `outranked` (above
    the threshold but the seats went to more votes), `tie` (R-COUNT-6), `elected_elsewhere` (elected
    to a higher post on this ballot or before, R-COUNT-5), `women_seat` (R-COUNT-9), `void`.
    """

    name: str
    candidate: str | None  # the candidate's id (whichever post they stand for); None: not a candidate
    votes: int  # the votes counted for this post, carried votes included
    elected: bool
    outcome: str
    # How they are on this post's ranking: "candidate" (stands for this post), "write_in" (written
    # in for it, 另选他人; may stand for another post), "carried" (only votes carried from above).
    standing: str
    carried: int  # votes carried from higher posts (policy cascade, R-COUNT-5)
    gender: str | None


@dataclass(frozen=True)
class PostResult:
    post: str
    seats: int
    ranking: tuple[Ranked, ...]
    vacant: int


@dataclass(frozen=True)
class Elected:
    post: str
    name: str
    candidate: str | None
    votes: int


@dataclass(frozen=True)
class Vacancy:
    post: str
    seats: int
    reason: str  # below_threshold | tie | women_seat | moved_up (R-COUNT-5) | relatives (R26-RELATIVES)
    # Seats won on an earlier ballot of the round and vacated by this one (`moved_up`, or
    # `relatives` for a person elected before): whose they were. Not part of the result JSON.
    people: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tie:
    post: str
    seats: int
    candidates: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    record: Record
    status: str  # complete | incomplete | void
    void_reason: str | None  # quorum_not_met | cast_exceeds_issued
    quorum_met: bool
    turnout: float
    threshold: Threshold
    posts: tuple[PostResult, ...]
    elected: tuple[Elected, ...]
    vacancies: tuple[Vacancy, ...]
    ties: tuple[Tie, ...]
    women_elected: int  # on this ballot and before it
    women_requirement_met: bool
    next: str  # none | revote_tied | supplementary_election | new_election


def result_json(result: Result) -> dict:
    """The result as record-format.md specifies it, keys in its order."""
    record = result.record
    return {
        "format": RESULT_FORMAT,
        "committee": record.committee.code,
        "ballot": record.ballot,
        "status": result.status,
        "void_reason": result.void_reason,
        "electorate": record.electorate,
        "issued": record.tally.issued,
        "cast": record.tally.cast,
        "invalid": record.tally.invalid,
        "turnout": result.turnout,
        "threshold": {"rule": result.threshold.rule, "min_votes": result.threshold.min_votes},
        "posts": [
            {"post": p.post, "seats": p.seats,
             "ranking": [{"name": e.name, "candidate": e.candidate, "votes": e.votes, "elected": e.elected}
                         for e in p.ranking],
             "vacant": p.vacant}
            for p in result.posts
        ],
        "elected": [{"post": e.post, "name": e.name, "candidate": e.candidate, "votes": e.votes}
                    for e in result.elected],
        "vacancies": [{"post": v.post, "seats": v.seats, "reason": v.reason} for v in result.vacancies],
        "ties": [{"post": t.post, "seats": t.seats, "candidates": list(t.candidates)} for t in result.ties],
        "women_requirement_met": result.women_requirement_met,
        "next": result.next,
    }
