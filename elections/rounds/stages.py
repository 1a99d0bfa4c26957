"""The stages a committee election moves through, and which moves are possible.

The main line follows the statutory order of work; the three side stages follow a count that did
not finish the election (R-COUNT-6 tie, R-COUNT-7 vacancies, R-COUNT-1/2 void ballot) and lead
back to a count. Pure data and functions: no Flask, no database.
"""
MAIN_LINE = (
    "setup",
    "registration",
    "roll_published",
    "nomination",
    "candidates_published",
    "voting",
    "counted",
    "certified",
)
SIDE_STAGES = ("revote_pending", "supplementary_pending", "new_election_pending")
STAGES = MAIN_LINE + SIDE_STAGES

# Where each stage may go next. A new election repeats the ballot with the same roll and list.
TRANSITIONS = {
    "setup": ("registration",),
    "registration": ("roll_published",),
    "roll_published": ("nomination",),
    "nomination": ("candidates_published",),
    "candidates_published": ("voting",),
    "voting": ("counted",),
    "counted": ("certified", "revote_pending", "supplementary_pending", "new_election_pending"),
    "revote_pending": ("counted",),
    "supplementary_pending": ("counted",),
    "new_election_pending": ("voting",),
    "certified": (),
}

# The moves a person makes with the stage form: they start a stage of work, and no work of the
# system's reaches them. Every other stage is reached only by the work that reaches it: the roll's
# publication (rolls.services.publish, with its R-ROLL-5 and R26-MODE checks), the candidate list's
# (candidates.services.publish, R-CAND-3/5), voting by the first ballot issued on election day
# (polling.issuance, R-POLL-3), and counting and certification, which the tallies will reach.
BY_HAND = ("registration", "nomination")

# Progress order: the side stages come after the first count, since the ballot has been held.
_RANK = {stage: i for i, stage in enumerate(MAIN_LINE[:-1] + SIDE_STAGES + MAIN_LINE[-1:])}


def rank(stage: str) -> int:
    return _RANK[stage]


def before(stage: str) -> tuple[str, ...]:
    """The stages an election is in while it has not yet reached `stage`."""
    return tuple(s for s in STAGES if _RANK[s] < _RANK[stage])


def reached(current: str, stage: str) -> bool:
    return _RANK[current] >= _RANK[stage]


def path_to(stage: str) -> list[str]:
    """The stages from set-up to `stage` along the transitions (a side stage via the first count)."""
    if stage in SIDE_STAGES:
        return [*MAIN_LINE[:MAIN_LINE.index("counted") + 1], stage]
    return list(MAIN_LINE[:MAIN_LINE.index(stage) + 1])
