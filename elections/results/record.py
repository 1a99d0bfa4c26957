"""The election record and its result, exactly as record-format.md specifies them: the record's
types here, reading it in `parsing`, the result's types and JSON in `result`.

Pure (standard library and the rule sets only; no Flask, no database): the recount command, the
what-if page and the tally screens read a record the same way, and an auditor can run these
modules on their own.
"""
import re
from dataclasses import dataclass
from datetime import date
from typing import Mapping

FORMAT = "bj-election-record/1"
RESULT_FORMAT = "bj-election-result/1"
BALLOTS = ("first", "revote", "supplementary")
REVOTE_OF = ("first", "supplementary")
GENDERS = ("female", "male")
CODE_RE = re.compile(r"11\d{10}")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


# ---- the record ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Committee:
    code: str
    name: str
    kind: str


@dataclass(frozen=True)
class Round:
    name: str
    ruleset: str
    election_day: date


@dataclass(frozen=True)
class Policy:
    cascade: bool
    women_rule: str
    min_women: int


@dataclass(frozen=True)
class Post:
    post: str
    seats: int


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str
    gender: str
    post: str


@dataclass(frozen=True)
class ElectedBefore:
    post: str
    name: str
    gender: str


@dataclass(frozen=True)
class PostTally:
    votes: Mapping[str, int]  # candidate id → votes
    write_ins: Mapping[str, int]  # name → votes
    invalid: int  # ballots invalid for this post only (R-COUNT-3)


@dataclass(frozen=True)
class Tally:
    issued: int  # I
    cast: int  # C, invalid ballots included
    invalid: int  # ballots invalid as a whole
    posts: Mapping[str, PostTally]


@dataclass(frozen=True)
class Record:
    committee: Committee
    round: Round
    ballot: str
    revote_of: str | None  # only for a revote: the ballot it repeats, which sets its threshold
    mode: str
    electorate: int  # E, R-MODE-3
    policy: Policy
    posts: tuple[Post, ...]
    candidates: tuple[Candidate, ...]
    tally: Tally
    elected_before: tuple[ElectedBefore, ...]
    write_in_genders: Mapping[str, str]
    # R26-RELATIVES: pairs of names of near relatives (近亲属), national-2026 only.
    relatives: tuple[tuple[str, str], ...] = ()

    def seats(self, post: str) -> int:
        return next((p.seats for p in self.posts if p.post == post), 0)
