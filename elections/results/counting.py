"""The counting law: R-COUNT-1…7, 9 and 10 and R-MODE-3 of rules.md, as pure functions.

Read it beside rules.md. Every number that differs between the laws comes from the round's rule set
(`elections.rulesets`); the record (`record.py`) has already been checked for consistency, so the
law below never meets a negative count or an unknown candidate. No Flask, no database: the recount
command, the what-if page and the tally screens all call `count`.

E = electorate of the mode (R-MODE-3), I = ballots issued, C = ballots cast, invalid ones included.

`count(record)` goes through the law in this order:
1. The threshold of the ballot (R-COUNT-4, R-COUNT-7), computed on C of this ballot.
2. Is the ballot void? (R-COUNT-2, then R-COUNT-1.)
3. The ranking of each post: every candidate and write-in with their votes (R-COUNT-10), with the
   votes of the posts above added when the round's policy cascades (R-COUNT-5).
4. The seats of each post, director → deputy director → member (R-COUNT-5), with ties at the last
   seat left open (R-COUNT-6). A person elected before to a lower post may win a higher one (the
   revote of R-COUNT-5's decision on an open tie above): they move up and their lower seat is
   vacant (`moved_up`), so nobody ever holds two seats.
5. The women rule (R-COUNT-9).
6. Near relatives (R26-RELATIVES, where the rule set bars them): one of each elected pair keeps
   the seat, the other's seat is vacant (`relatives`). Then the moves up of step 4 vacate the lower
   seats of those who still hold the higher one.
7. Status, next step and turnout (R-COUNT-10).
"""
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby
from math import ceil, floor

from ..rulesets import POSTS, RULESETS, RuleSet
from .record import Record
from .result import Elected, PostResult, Ranked, Result, Threshold, Tie, Vacancy


def count(record: Record) -> Result:
    """The result of one ballot of one committee."""
    rules = RULESETS[record.round.ruleset]
    tally = record.tally
    limit = threshold(record, rules)
    void_reason = void(record, rules)
    rankings = rank(record)
    if void_reason:
        return _void_result(record, rules, limit, void_reason, rankings)

    # R-COUNT-5: posts in the order director → deputy director → member; whoever is elected on this
    # ballot, or before it to this post or a higher one, is not counted again for a lower post.
    seats = {}
    elected_here: set[str] = set()
    for post in _open_posts(record):
        seats[post] = fill(rankings[post], record.seats(post), limit.min_votes,
                           _elected_before_at_or_above(record, post) | elected_here)
        elected_here.update(seats[post].winners)

    gender = _genders(record)
    if "member" in seats:  # R-COUNT-9; "reserve" is the only women rule a record may name
        reserve_for_women(seats["member"], record.policy.min_women - _women_elected(record, seats, gender), gender)
    earlier = separate_relatives(record, seats, rankings) if rules.relatives_barred else []
    earlier += moved_up(record, seats)
    women = _women_elected(record, seats, gender, earlier)

    posts = tuple(
        PostResult(post, state.seats,
                   tuple(_marked(entry, state.outcome[entry.name]) for entry in rankings[post]),
                   state.vacant)
        for post, state in seats.items()
    )
    by_name = {(p.post, e.name): e for p in posts for e in p.ranking}
    elected = tuple(Elected(post, name, by_name[post, name].candidate, by_name[post, name].votes)
                    for post, state in seats.items() for name in state.winners)
    vacancies = tuple(Vacancy(post, n, reason) for post, state in seats.items()
                      for reason, n in (("tie", state.tie_seats), ("women_seat", state.women_seats),
                                        ("relatives", state.relatives), ("below_threshold", state.below)) if n)
    vacancies += tuple(earlier)
    ties = tuple(Tie(post, state.tie_seats, tuple(state.tied)) for post, state in seats.items() if state.tie_seats)
    return Result(
        record=record,
        status="incomplete" if vacancies else "complete",
        void_reason=None,
        quorum_met=True,
        turnout=turnout(tally.cast, record.electorate),
        threshold=limit,
        posts=posts,
        elected=elected,
        vacancies=vacancies,
        ties=ties,
        women_elected=women,
        women_requirement_met=women >= record.policy.min_women,
        next=next_step(None, ties, vacancies),
    )


# ---- 1. the threshold ---------------------------------------------------------------------------

def threshold(record: Record, rules: RuleSet) -> Threshold:
    """The fewest votes that can win a seat on this ballot.

    It is computed on C of this very ballot, invalid ballots included (R-COUNT-3: they still count
    in C), so an invalid ballot makes winning harder, as the law intends.
    * First ballot and its revotes, R-COUNT-4: more than half, `votes > C × 1/2` strictly, so
      `min_votes = floor(C/2) + 1`; exactly half is not enough.
    * Supplementary ballot and its revotes, R-COUNT-7: at least one third, `3 × votes ≥ C`, so
      `min_votes = ceil(C/3)`; exactly one third is enough.
    A revote (R-COUNT-6) keeps the rule of the ballot it repeats (`revote_of`), applied to its own C.
    The shares are the rule set's (`first_ballot_share`, `supplementary_share`).
    """
    decides_like = record.revote_of if record.ballot == "revote" else record.ballot
    cast = record.tally.cast
    if decides_like == "supplementary":
        return Threshold("one_third", ceil(cast * rules.supplementary_share))
    return Threshold("more_than_half", floor(cast * rules.first_ballot_share) + 1)


# ---- 2. void ballots ----------------------------------------------------------------------------

def quorum_met(record: Record, rules: RuleSet) -> bool:
    """R-COUNT-1, R-MODE-3, R26-MODE: C against the electorate of the mode, with the rule set's share
    for that mode (more than half; more than two thirds for `representative` in national-2026).
    Every ballot needs it: revotes, and supplementary ballots too (R-COUNT-7's decision)."""
    return rules.quorum[record.mode].met(record.tally.cast, record.electorate)


def quorum_min_cast(record: Record, rules: RuleSet) -> int:
    """The fewest ballots cast that meet the quorum, for people: "at least N ballots"."""
    return floor(record.electorate * rules.quorum[record.mode].share) + 1


def void(record: Record, rules: RuleSet) -> str | None:
    """Why the ballot is void, or None.

    R-COUNT-2 is judged first: when more ballots are found than were issued, C itself cannot be
    trusted, so a quorum computed on it would mean nothing.
    """
    if record.tally.cast > record.tally.issued:
        return "cast_exceeds_issued"  # R-COUNT-2
    if not quorum_met(record, rules):
        return "quorum_not_met"  # R-COUNT-1
    return None


# ---- 3. rankings --------------------------------------------------------------------------------

def _open_posts(record: Record) -> list[str]:
    """The posts of this ballot, in the order they are decided (R-COUNT-5), whatever the record's order."""
    return [post for post in POSTS if record.seats(post)]


def _genders(record: Record):
    """A person's gender: the candidate's, or for a write-in the record's `write_in_genders` or
    `elected_before`; None if unknown, which the record allows only where the women rule is off or
    the write-in is below the threshold (R-COUNT-9), and unknown is not known to be a woman."""
    known = ({p.name: p.gender for p in record.elected_before} | {c.name: c.gender for c in record.candidates}
             | dict(record.write_in_genders))
    return known.get


def rank(record: Record) -> dict[str, list[Ranked]]:
    """Every candidate and write-in of each post with their votes (R-COUNT-10), most votes first.

    People are identified by name (names are unique within a committee), so a candidate for one
    post written in for another is one person. With `policy.cascade` (R-COUNT-5) each person's votes
    for the posts above are added to their votes for this one, and everybody who had votes above
    appears here (with the votes they had above, when they have none here); without it, votes
    never move between posts.

    Equal votes are listed by name (code-point order) so that the list never depends on the order
    of the record; that order decides nothing: a tie at the last seat is never broken by it (R-COUNT-6).
    """
    candidate = {c.name: c for c in record.candidates}
    by_id = {c.id: c for c in record.candidates}
    gender = _genders(record)
    above: dict[str, int] = {}  # name → votes for the posts above (cascade)
    rankings = {}
    for post in _open_posts(record):
        tally = record.tally.posts[post]
        own = {by_id[id_].name: n for id_, n in tally.votes.items()} | dict(tally.write_ins)
        carried = above if record.policy.cascade else {}
        entries = [
            Ranked(name=name,
                   candidate=candidate[name].id if name in candidate else None,
                   votes=own.get(name, 0) + carried.get(name, 0),
                   elected=False, outcome="",
                   standing=("candidate" if name in candidate and candidate[name].post == post
                             else "write_in" if name in tally.write_ins else "carried"),
                   carried=carried.get(name, 0),
                   gender=gender(name))
            for name in set(own) | {name for name, votes in carried.items() if votes}
        ]
        rankings[post] = sorted(entries, key=lambda e: (-e.votes, e.name))
        above = {name: above.get(name, 0) + own.get(name, 0) for name in set(above) | set(own)}
    return rankings


# ---- 4. seats -----------------------------------------------------------------------------------

@dataclass
class Seats:
    """How the seats of one post went: winners, tied seats, seats reserved for women, seats vacant."""

    seats: int
    winners: list[str] = field(default_factory=list)  # in ranking order
    tied: list[str] = field(default_factory=list)
    tie_seats: int = 0
    women_seats: int = 0
    relatives: int = 0  # vacant: the winner's near relative keeps a seat (R26-RELATIVES)
    below: int = 0  # vacant: not enough people reached the threshold
    outcome: dict[str, str] = field(default_factory=dict)  # name → why (see record.Ranked)

    @property
    def vacant(self) -> int:
        return self.tie_seats + self.women_seats + self.relatives + self.below


def fill(ranking: list[Ranked], seats: int, min_votes: int, taken: set[str]) -> Seats:
    """The seats of one post.

    Only those who reach the threshold contend (R-COUNT-4, R-COUNT-7), and nobody already elected
    (R-COUNT-5). Among the contenders the most votes win, a whole group of equal votes at a time.
    When a group of equal votes is larger than the seats still open, those seats are not filled:
    the group goes to a revote among themselves (R-COUNT-6). Equal votes below the threshold are no
    tie: nobody in that group could win anyway. Seats nobody reached are vacant (`below_threshold`).
    """
    state = Seats(seats)
    contenders = []
    for entry in ranking:
        if entry.name in taken:
            state.outcome[entry.name] = "elected_elsewhere"
        elif entry.votes < min_votes:
            state.outcome[entry.name] = "below_threshold"
        else:
            contenders.append(entry)
    open_seats = seats
    for _votes, group in groupby(contenders, key=lambda e: e.votes):
        names = [e.name for e in group]
        if open_seats == 0:
            state.outcome.update(dict.fromkeys(names, "outranked"))
        elif len(names) <= open_seats:
            state.winners += names
            state.outcome.update(dict.fromkeys(names, "elected"))
            open_seats -= len(names)
        else:  # R-COUNT-6
            state.tied, state.tie_seats, open_seats = names, open_seats, 0
            state.outcome.update(dict.fromkeys(names, "tie"))
    state.below = open_seats
    return state


# ---- 5. women -----------------------------------------------------------------------------------

def _elected_before_at_or_above(record: Record, post: str) -> set[str]:
    """R-COUNT-5: those elected before to this post or a higher one are not counted for it; those
    elected before to a lower post are (R-COUNT-5's decision on an open tie above)."""
    return {person.name for person in record.elected_before if POSTS.index(person.post) <= POSTS.index(post)}


def moved_up(record: Record, seats: dict[str, "Seats"]) -> list[Vacancy]:
    """R-COUNT-5's decision on an open tie above: a person elected before to a lower post who wins a
    higher post on this ballot moves up; their lower seat is vacant for a supplementary election.
    Nobody ever holds two seats."""
    won = {name for state in seats.values() for name in state.winners}
    # In the order of the posts, then of names: not of the record, which says nothing by its order.
    return [Vacancy(person.post, 1, "moved_up", (person.name,))
            for person in sorted(record.elected_before, key=lambda p: (POSTS.index(p.post), p.name))
            if person.name in won]


def _women_elected(record: Record, seats: dict[str, Seats], gender, vacated=()) -> int:
    """Women holding a seat of the committee: elected on this ballot, to any post, or before it in the
    same round and not vacated by this ballot (R-COUNT-9). A person who moved up counts once."""
    gone = {name for vacancy in vacated for name in vacancy.people}
    women = {person.name for person in record.elected_before if person.gender == "female" and person.name not in gone}
    return len(women | {name for state in seats.values() for name in state.winners if gender(name) == "female"})


def reserve_for_women(member: Seats, shortfall: int, gender) -> None:
    """R-COUNT-9 with `policy.women_rule = "reserve"` (R-SIZE-3: `policy.min_women`).

    `shortfall` is how many more women the committee needs. The last member seats are reserved for
    women, one per missing woman, counting from the last seat up: a seat won by a man is taken from
    him (the lowest-placed man loses it, and it stays vacant: it is *not* passed to a woman lower
    down, rules.md says it goes to a supplementary election where only women stand); a seat left
    vacant anyway is marked `women_seat`; a seat won by a woman is passed over. A tied seat with a
    woman among the tied stays tied, since the revote may elect her (and the revote's own count
    applies this rule again, with this ballot's winners as `elected_before`); a tied seat with only
    men among the tied is reserved instead, as no revote among them could meet the requirement.
    """
    women_in_tie = sum(gender(name) == "female" for name in member.tied)
    seats = ([("won", name) for name in member.winners] + [("tie", None)] * member.tie_seats
             + [("vacant", None)] * member.below)
    reserved = 0
    for how, name in reversed(seats):
        if reserved >= shortfall:
            break
        if how == "won":
            if gender(name) == "female":
                continue
            member.winners.remove(name)
            member.outcome[name] = "women_seat"
        elif how == "tie":
            if women_in_tie:
                women_in_tie -= 1
                reserved += 1
                continue
            member.tie_seats -= 1
            if not member.tie_seats:
                member.outcome.update(dict.fromkeys(member.tied, "women_seat"))
                member.tied = []
        else:
            member.below -= 1
        member.women_seats += 1
        reserved += 1


# ---- 6. near relatives ---------------------------------------------------------------------------

def separate_relatives(record: Record, seats: dict[str, Seats], rankings) -> list[Vacancy]:
    """R26-RELATIVES (national-2026, R26-SIZE: near relatives may not sit on one committee).

    Of two elected near relatives only one keeps the seat: the one with the higher post; on the
    same post, the one elected on an earlier ballot (votes of different ballots cannot be compared),
    then the one with more votes. Pairs of people elected before were judged by their own ballots. **Decision** where neither comes first (same post, same ballot,
    equal votes): neither keeps it, both seats go to the supplementary election, since the count
    has no ground to prefer one. People are taken in that order, so in a chain of relatives each
    keeps a seat unless a relative kept one first. A winner of this ballot who loses the seat
    leaves it vacant (`relatives`) in their post; a person elected before is reported with the
    seat of theirs that becomes vacant (`Vacancy.people`). One who won a higher post here is judged
    at that post; if a relative keeps a seat before them, they keep the lower seat they held.
    """
    pairs = {frozenset(pair) for pair in record.relatives if pair[0] != pair[1]}
    if not pairs:
        return []
    votes = {(post, e.name): e.votes for post, ranking in rankings.items() for e in ranking}
    seated = [(POSTS.index(person.post), 0, 0, person.name, person.post) for person in record.elected_before
              if not any(person.name in state.winners for state in seats.values())]
    seated += [(POSTS.index(post), 1, -votes[post, name], name, post)
               for post, state in seats.items() for name in state.winners]

    def related(a, b) -> bool:
        return frozenset((a[3], b[3])) in pairs

    kept, vacancies = [], []
    for (_post, this_ballot, _votes), group in groupby(sorted(seated), key=lambda s: s[:3]):
        group = list(group)
        # Pairs elected before were judged by the ballot that seated them: only pairs with a winner
        # of this ballot are judged here.
        # Those whose relative already kept a seat lose theirs; among the rest, relatives with equal
        # standing on this ballot both lose (neither comes first).
        behind = [s for s in group if any(related(s, k) for k in kept)]
        level = [s for s in group if s not in behind]
        losing = behind + [s for s in level if this_ballot and any(related(s, o) for o in level if o is not s)]
        for place in group:
            if place not in losing:
                kept.append(place)
            elif place[1] == 0:
                vacancies.append(Vacancy(place[4], 1, "relatives", (place[3],)))
            else:
                state = seats[place[4]]
                state.winners.remove(place[3])
                state.outcome[place[3]] = "relatives"
                state.relatives += 1
    return vacancies


# ---- 7. status, next step, turnout --------------------------------------------------------------

def next_step(void_reason: str | None, ties, vacancies) -> str:
    """R-COUNT-10. A void ballot is held again (R-COUNT-1, R-COUNT-2); a tie goes to a revote first,
    even when other seats are vacant too (R-COUNT-6); other vacancies go to a supplementary election
    within the rule set's days (R-COUNT-7)."""
    if void_reason:
        return "new_election"
    if ties:
        return "revote_tied"
    if vacancies:
        return "supplementary_election"
    return "none"


def turnout(cast: int, electorate: int) -> float:
    """R-COUNT-10: C / E with the electorate of the mode (R-MODE-3), to 4 decimals, halves rounded up
    (decimal arithmetic, so 0.84865 does not become 0.8486 through binary floating point)."""
    return float((Decimal(cast) / Decimal(electorate)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def _marked(entry: Ranked, outcome: str) -> Ranked:
    return Ranked(entry.name, entry.candidate, entry.votes, outcome == "elected", outcome, entry.standing,
                  entry.carried, entry.gender)


def _void_result(record: Record, rules: RuleSet, limit: Threshold, reason: str, rankings) -> Result:
    """A void ballot elects nobody; its votes are still reported (R-COUNT-10). Its seats are all
    vacant, but `vacancies` stays empty: the reason is the ballot's, `void_reason`."""
    women = sum(person.gender == "female" for person in record.elected_before)
    posts = tuple(PostResult(post, record.seats(post), tuple(_marked(e, "void") for e in rankings[post]),
                             record.seats(post))
                  for post in _open_posts(record))
    return Result(
        record=record, status="void", void_reason=reason, quorum_met=quorum_met(record, rules),
        turnout=turnout(record.tally.cast, record.electorate), threshold=limit, posts=posts,
        elected=(), vacancies=(), ties=(), women_elected=women,
        women_requirement_met=women >= record.policy.min_women,
        next=next_step(reason, (), ()),
    )
