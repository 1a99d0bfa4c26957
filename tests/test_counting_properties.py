"""Properties of the counting law over generated records (Hypothesis).

The strategy builds records that are consistent by construction (every count within the limits of
record-format.md), over both rule sets, every kind, mode and ballot, with cascade on and off, write-ins
who also stand for another post, people elected before, and small numbers so that ties and exact
thresholds come up often. Every generated record must also pass validation.
"""
import copy
import json
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.ballots import envelope
from elections.results.counting import count
from elections.results.parsing import parse_record
from elections.results.record import BALLOTS
from elections.results.result import result_json
from elections.rulesets import COMMITTEE_KINDS, POSTS, RULESETS

NAMES = tuple("甲乙丙丁戊己庚辛壬癸子丑寅卯")
SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def records(draw) -> dict:
    def some(values, max_size):
        return draw(st.lists(st.sampled_from(values), max_size=max_size, unique=True)) if values else []

    ruleset = draw(st.sampled_from(sorted(RULESETS)))
    kind = draw(st.sampled_from(COMMITTEE_KINDS))
    mode = draw(st.sampled_from(RULESETS[ruleset].modes[kind]))
    ballot = draw(st.sampled_from(BALLOTS))
    electorate = draw(st.integers(1, 40))
    # Mostly a quorum and I ≥ C; now and then neither, a void ballot (R-COUNT-1, R-COUNT-2).
    cast = draw(st.integers(electorate // 2, electorate) | st.integers(0, electorate))
    short_issue = draw(st.integers(0, 9)) == 0
    issued = draw(st.integers(0, cast) if short_issue else st.integers(cast, electorate))
    invalid = draw(st.integers(0, cast // 4))
    valid = cast - invalid
    posts = draw(st.lists(st.sampled_from(POSTS), min_size=1, max_size=3, unique=True))
    pool = list(NAMES)
    candidates, tally_posts, record_posts = [], {}, []
    for post in posts:
        seats = draw(st.integers(1, 3))
        record_posts.append({"post": post, "seats": seats})
        free = [n for n in pool if n not in {c["name"] for c in candidates}]
        standing = some(free, seats + 2)
        ids = {}
        for name in standing:
            id_ = f"c{len(candidates) + 1}"
            ids[name] = id_
            candidates.append({"id": id_, "name": name, "gender": draw(st.sampled_from(["female", "male"])),
                               "post": post})
        written = some([n for n in pool if n not in standing], 3)
        post_invalid = draw(st.integers(0, valid // 4))
        valid_here = valid - post_invalid
        room = seats * valid_here
        votes, write_ins = {}, {}
        # Votes near the thresholds, and often equal to each other, so that exact thresholds and
        # ties come up; any other number too.
        near = sorted({cast // 2, cast // 2 + 1, -(-cast // 3), cast // 3, valid_here})
        for name in standing + written:
            cap = min(valid_here, room)
            n = draw(st.sampled_from([v for v in near if v <= cap] or [0]) | st.integers(0, cap))
            room -= n
            if name in ids:
                votes[ids[name]] = n
            else:
                write_ins[name] = n
        tally_posts[post] = {"votes": votes, "write_ins": write_ins, "invalid": post_invalid}
    data = envelope(kind=kind, ruleset=ruleset, ballot=ballot, mode=mode, electorate=electorate,
                    policy={"cascade": draw(st.booleans()), "women_rule": "reserve",
                            "min_women": draw(st.integers(0, 2))},
                    posts=record_posts, candidates=candidates,
                    tally={"issued": issued, "cast": cast, "invalid": invalid, "posts": tally_posts})
    if ballot == "revote":
        data["revote_of"] = draw(st.sampled_from(["first", "supplementary"]))
    if ballot != "first":
        not_standing = [n for n in pool if n not in {c["name"] for c in candidates}]
        before = [(draw(st.sampled_from(POSTS)), n) for n in some(not_standing, 3)]
        # R-COUNT-5's decision on an open tie above: one elected before to a lower post stands for a higher one.
        higher = [c for c in candidates if c["post"] != "member"]
        if higher and draw(st.booleans()):
            c = draw(st.sampled_from(higher))
            before.append((draw(st.sampled_from(POSTS[POSTS.index(c["post"]) + 1:])), c["name"]))
        data["elected_before"] = [{"post": post, "name": n, "gender": draw(st.sampled_from(["female", "male"]))}
                                  for post, n in before]
    written_in = sorted({n for t in tally_posts.values() for n in t["write_ins"]}
                        - {c["name"] for c in candidates})
    # R-COUNT-9: under the women rule every write-in has a known gender (one who reaches the threshold must).
    known = written_in if data["policy"]["min_women"] else some(written_in, len(written_in))
    if known:
        data["write_in_genders"] = {n: draw(st.sampled_from(["female", "male"])) for n in known}
    people = sorted({c["name"] for c in candidates} | set(written_in)
                    | {p["name"] for p in data.get("elected_before", [])})
    if RULESETS[ruleset].relatives_barred and len(people) > 1:  # R26-RELATIVES
        data["relatives"] = draw(st.lists(st.lists(st.sampled_from(people), min_size=2, max_size=2, unique=True),
                                          max_size=3))
    return data


def counted(data: dict):
    return count(parse_record(data))


@given(records())
@SETTINGS
def test_never_more_winners_than_seats(data):
    result = counted(data)
    for post in result.posts:
        won = [e for e in result.elected if e.post == post.post]
        assert len(won) <= post.seats
        assert len(won) + post.vacant == post.seats
        explained = sum(v.seats for v in result.vacancies if v.post == post.post and not v.people)
        assert explained == (0 if result.void_reason else post.vacant)
        assert [e.name for e in post.ranking if e.elected] == [e.name for e in won]


@given(records())
@SETTINGS
def test_every_winner_reaches_the_threshold(data):
    result = counted(data)
    assert all(e.votes >= result.threshold.min_votes for e in result.elected)
    cast = data["tally"]["cast"]
    for e in result.elected:  # the rule itself, not only the computed number (R-COUNT-4, R-COUNT-7)
        assert 2 * e.votes > cast if result.threshold.rule == "more_than_half" else 3 * e.votes >= cast


@given(records())
@SETTINGS
def test_nobody_wins_two_posts_or_again(data):
    """R-COUNT-5: nobody is elected twice; one elected before wins again only a higher post, and then
    their earlier seat is vacant (`moved_up`)."""
    result = counted(data)
    names = [e.name for e in result.elected]
    assert len(names) == len(set(names))
    before = {p["name"]: p["post"] for p in data.get("elected_before", [])}
    moved = {name for v in result.vacancies if v.reason == "moved_up" for name in v.people}
    for e in result.elected:
        if e.name in before:
            assert POSTS.index(e.post) < POSTS.index(before[e.name]) and e.name in moved
    assert moved <= set(names)


@given(records(), st.data())
@SETTINGS
def test_raising_a_winners_votes_never_unelects_them(data, more):
    result = counted(data)
    if not result.elected:
        return
    winner = more.draw(st.sampled_from(result.elected))
    tally = data["tally"]
    seats = next(p["seats"] for p in data["posts"] if p["post"] == winner.post)
    post_tally = tally["posts"][winner.post]
    valid_here = tally["cast"] - tally["invalid"] - post_tally["invalid"]
    if winner.candidate is not None and winner.candidate in post_tally["votes"]:
        counts, key = post_tally["votes"], winner.candidate
    else:  # a write-in, or (cascade) carried here from a higher post
        counts, key = post_tally["write_ins"], winner.name
    total = sum(post_tally["votes"].values()) + sum(post_tally["write_ins"].values())
    room = min(valid_here - counts.get(key, 0), seats * valid_here - total)
    if room < 1:
        return
    counts[key] = counts.get(key, 0) + more.draw(st.integers(1, room))
    again = counted(data)
    assert (winner.post, winner.name) in {(e.post, e.name) for e in again.elected}


@given(records(), st.randoms(use_true_random=False))
@SETTINGS
def test_the_result_does_not_depend_on_the_order_of_the_record(data, rnd: random.Random):
    expected = result_json(counted(data))
    shuffled = copy.deepcopy(data)

    def shuffle_dict(d: dict) -> dict:
        items = list(d.items())
        rnd.shuffle(items)
        return dict(items)

    for key in ("posts", "candidates", "elected_before"):
        if key in shuffled:
            rnd.shuffle(shuffled[key])
    shuffled["tally"]["posts"] = shuffle_dict(shuffled["tally"]["posts"])
    for post_tally in shuffled["tally"]["posts"].values():
        post_tally["votes"] = shuffle_dict(post_tally["votes"])
        post_tally["write_ins"] = shuffle_dict(post_tally["write_ins"])
    assert json.dumps(result_json(counted(shuffled)), ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)


@given(records())
@SETTINGS
def test_a_void_result_elects_nobody(data):
    result = counted(data)
    tally = data["tally"]
    quorum = RULESETS[data["round"]["ruleset"]].quorum[data["mode"]]
    should_be_void = tally["cast"] > tally["issued"] or not quorum.met(tally["cast"], data["electorate"])
    assert (result.status == "void") == should_be_void
    if should_be_void:
        assert result.elected == () and result.ties == () and result.next == "new_election"
    else:
        assert result.next != "new_election"


@given(records())
@SETTINGS
def test_the_next_step_follows_from_ties_and_vacancies(data):
    result = counted(data)
    if result.status == "void":
        return
    expected = "revote_tied" if result.ties else "supplementary_election" if result.vacancies else "none"
    assert result.next == expected
    assert (result.status == "complete") == (not result.vacancies)
    for tie in result.ties:  # R-COUNT-6: the tied have equal votes, at or above the threshold
        ranking = next(p.ranking for p in result.posts if p.post == tie.post)
        votes = {e.votes for e in ranking if e.name in tie.candidates}
        assert len(votes) == 1 and votes.pop() >= result.threshold.min_votes
        assert len(tie.candidates) > tie.seats


# ---- a whole round: the first ballot, its revotes and supplementary ballots -----------------------

def _ballot_after(draw, first: dict, previous, seated: dict, genders: dict) -> dict | None:
    """The next ballot of a committee after `previous` (R-COUNT-6, R-COUNT-7): a revote among the
    tied, else a supplementary election for the vacant seats, with the non-elected of the previous
    ballot as candidates and write-ins drawn from everybody, the seated included (to tempt the
    count into seating somebody twice)."""
    if previous.ties:
        ballot, open_seats = "revote", {t.post: t.seats for t in previous.ties}
        standing = {t.post: list(t.candidates) for t in previous.ties}
    elif previous.vacancies:
        ballot, open_seats = "supplementary", {}
        for v in previous.vacancies:
            open_seats[v.post] = open_seats.get(v.post, 0) + v.seats
        losers = [e.name for p in previous.posts for e in p.ranking if not e.elected and e.name not in seated]
        standing = {post: [n for n in dict.fromkeys(losers)][:seats + 2] for post, seats in open_seats.items()}
    else:
        return None
    taken = set()
    for post in POSTS:  # names are unique within a committee: one post per candidate, the highest
        if post in standing:
            standing[post] = [n for n in standing[post] if n not in taken]
            taken.update(standing[post])
    cast = draw(st.integers(first["electorate"] // 2 + 1, first["electorate"]))
    posts = [p for p in POSTS if p in open_seats]
    candidates, tally_posts = [], {}
    for post in posts:
        room = open_seats[post] * cast
        votes, write_ins = {}, {}
        for name in standing[post]:
            id_ = f"c{len(candidates) + 1}"
            candidates.append({"id": id_, "name": name, "gender": genders[name], "post": post})
            n = draw(st.integers(0, min(cast, room)))
            room -= n
            votes[id_] = n
        for name in draw(st.lists(st.sampled_from(sorted(genders)), max_size=2, unique=True)):
            if name in standing[post]:
                continue
            n = draw(st.integers(0, min(cast, room)))
            room -= n
            write_ins[name] = n
        tally_posts[post] = {"votes": votes, "write_ins": write_ins, "invalid": 0}
    data = envelope(kind=first["committee"]["kind"], ruleset=first["round"]["ruleset"], ballot=ballot,
                    mode=first["mode"], electorate=first["electorate"], policy=first["policy"],
                    posts=[{"post": p, "seats": open_seats[p]} for p in posts], candidates=candidates,
                    tally={"issued": cast, "cast": cast, "invalid": 0, "posts": tally_posts})
    if ballot == "revote":
        data["revote_of"] = "first"
    # R-COUNT-5: a seated person stands again only for a higher post (its decision on an open tie above).
    standing_for = {c["name"]: c["post"] for c in candidates}
    data["elected_before"] = [{"post": post, "name": name, "gender": genders[name]}
                              for name, post in seated.items()
                              if name not in standing_for or POSTS.index(standing_for[name]) < POSTS.index(post)]
    data["candidates"] = [c for c in candidates
                          if c["name"] not in seated or POSTS.index(c["post"]) < POSTS.index(seated[c["name"]])]
    kept = {c["id"] for c in data["candidates"]}
    for post_tally in tally_posts.values():
        post_tally["votes"] = {k: v for k, v in post_tally["votes"].items() if k in kept}
    data["posts"] = [p for p in data["posts"] if any(c["post"] == p["post"] for c in data["candidates"])
                     or tally_posts[p["post"]]["write_ins"]]
    if not data["posts"]:
        return None
    data["tally"]["posts"] = {p["post"]: tally_posts[p["post"]] for p in data["posts"]}
    everyone = {n for t in tally_posts.values() for n in t["write_ins"]} - {c["name"] for c in candidates}
    if everyone:
        data["write_in_genders"] = {n: genders[n] for n in sorted(everyone)}
    if "relatives" in first:
        people = {c["name"] for c in data["candidates"]} | everyone | set(seated)
        data["relatives"] = [pair for pair in first["relatives"] if set(pair) <= people]
    return data


@given(records(), st.data())
@SETTINGS
def test_nobody_ever_holds_two_seats_across_the_ballots_of_a_round(first, more):
    """R-COUNT-5 (with its decision on an open tie above), R-COUNT-6, R-COUNT-7 and R26-RELATIVES:
    following a first ballot through its revotes and supplementary ballots, every seat is held by
    one person, nobody holds two, and no post ever has more holders than seats."""
    gone = {p["name"] for p in first.get("elected_before", [])}
    first.update(ballot="first", elected_before=[])
    first.pop("revote_of", None)
    if "relatives" in first:
        first["relatives"] = [pair for pair in first["relatives"] if not gone & set(pair)]
    genders = {c["name"]: c["gender"] for c in first["candidates"]}
    genders |= {n: more.draw(st.sampled_from(["female", "male"])) for n in NAMES if n not in genders}
    genders |= first.get("write_in_genders", {})
    first["write_in_genders"] = {n: genders[n] for t in first["tally"]["posts"].values() for n in t["write_ins"]
                                 if n not in {c["name"] for c in first["candidates"]}}
    seats_of = {p["post"]: p["seats"] for p in first["posts"]}
    seated: dict[str, str] = {}
    data = first
    for _ in range(5):
        result = counted(data)
        if result.status == "void":
            return
        for vacancy in result.vacancies:
            for name in vacancy.people:  # an earlier seat vacated: moved up, or a relative kept one
                assert seated.pop(name) == vacancy.post
        for elected in result.elected:
            assert elected.name not in seated, f"{elected.name} would hold two seats"
            seated[elected.name] = elected.post
        for post, seats in seats_of.items():
            assert sum(p == post for p in seated.values()) <= seats
        data = _ballot_after(more.draw, first, result, seated, genders)
        if data is None:
            return
