"""Reading an election record (record-format.md).

`parse_record` turns the JSON of a record into a `Record`, or raises `RecordError` with *every*
problem it found, each with the dotted path of its field (`tally.posts.member.votes.c9`) and an
English message. Messages are msgids marked with `N_` (gettext_noop) and carry their values as
parameters; the caller translates them (`gettext(problem.message, **problem.params)`), which keeps
Flask out of this module.

Strictness, and why:
* Unknown fields are refused. The format is versioned (`bj-election-record/1`), so an unknown key
  is a typo, and a typo such as `write_in` for `write_ins` would otherwise drop votes silently.
* Every candidate of a post must have a count (0 is a count): a missing line on a tally sheet is a
  transcription slip far more often than a candidate nobody voted for.
* A write-in bearing the name of a candidate of the same post is refused: the counters must add
  those votes to the candidate (names are unique within a committee).
* `issued` may not exceed the electorate (R-POLL-3: one ballot per voter, proxies included). `cast`
  above `issued` is *not* a format error: it is a counting fact with its own outcome (R-COUNT-2).
* Seat numbers are not checked against R-SIZE-1: they are set per committee before nomination, and
  a revote or supplementary ballot carries only the seats still open.
* The round's rule set must be the one that governs its election day (rules.md): a record naming
  another is refused, naming both.
* A write-in who reaches the threshold needs a known gender wherever the women rule is in force
  (R-COUNT-9's decision): counting them as a man would unseat a woman, or seat a man in her place.
"""
import json
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Mapping

from ..messages import N_
from ..rulesets import COMMITTEE_KINDS, DEFAULT_RULESET, POSTS, RULESETS, WOMEN_RULES, mismatch
from .counting import rank, threshold, void
from .record import (BALLOTS, CODE_RE, DATE_RE, FORMAT, GENDERS, REVOTE_OF, Candidate, Committee, ElectedBefore,
                     Policy, Post, PostTally, Record, Round, Tally)

# ---- problems -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    path: str  # dotted path of the field; "" for the record as a whole
    message: str  # English msgid with %(name)s placeholders
    params: Mapping[str, object]

    def __str__(self) -> str:
        text = self.message % dict(self.params)
        return f"{self.path}: {text}" if self.path else text


class RecordError(ValueError):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


def _join(path: str, key) -> str:
    return f"{path}.{key}" if path else str(key)


_ABSENT = object()


class _Reader:
    """Collects problems instead of stopping at the first: officials fix a record in one pass."""

    def __init__(self):
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str, **params):
        self.problems.append(Problem(path, message, MappingProxyType(params)))

    def obj(self, value, path: str, required=(), optional=()) -> dict | None:
        if not isinstance(value, dict):
            self.fail(path, N_("must be an object {…}"))
            return None
        for key in required:
            if key not in value:
                self.fail(_join(path, key), N_("required field is missing"))
        for key in value:
            if key not in required and key not in optional:
                self.fail(_join(path, key), N_("unknown field"))
        return value

    def mapping(self, value, path: str) -> dict | None:
        """An object whose keys are data (candidate ids, names, posts), not field names."""
        if not isinstance(value, dict):
            self.fail(path, N_("must be an object {…}"))
            return None
        return value

    def item(self, obj: dict | None, key: str, path: str, check, *args, default=_ABSENT):
        """obj[key] passed through `check`; None when absent (a required key is reported by obj())."""
        if obj is None or key not in obj:
            return None if default is _ABSENT else default
        return check(obj[key], _join(path, key), *args)

    def integer(self, value, path: str, minimum: int = 0) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):  # JSON true is a bool, not 1
            self.fail(path, N_("must be a whole number"))
        elif value < minimum:
            if minimum == 0:
                self.fail(path, N_("must not be negative"))
            else:
                self.fail(path, N_("must be at least %(minimum)d"), minimum=minimum)
        else:
            return value
        return None

    def text(self, value, path: str) -> str | None:
        if not isinstance(value, str):
            self.fail(path, N_("must be text"))
        elif not value.strip():
            self.fail(path, N_("must not be empty"))
        elif value != value.strip():
            self.fail(path, N_("must not begin or end with spaces"))
        else:
            return value
        return None

    def boolean(self, value, path: str) -> bool | None:
        if isinstance(value, bool):
            return value
        self.fail(path, N_("must be true or false"))
        return None

    def choice(self, value, path: str, options) -> str | None:
        if isinstance(value, str) and value in options:
            return value
        self.fail(path, N_("must be one of: %(options)s"), options=", ".join(options))
        return None

    def day(self, value, path: str) -> date | None:
        if isinstance(value, str) and DATE_RE.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(path, N_("must be a date written YYYY-MM-DD"))
        return None

    def array(self, value, path: str) -> list:
        if isinstance(value, list):
            return value
        self.fail(path, N_("must be a list […]"))
        return []


# ---- parsing ------------------------------------------------------------------------------------

def parse_record(data) -> Record:
    """The record in `data` (decoded JSON), or RecordError listing every problem with its path."""
    r = _Reader()
    top = r.obj(data, "", required=("format", "committee", "round", "ballot", "mode", "electorate",
                                     "posts", "candidates", "tally"),
                optional=("policy", "revote_of", "elected_before", "write_in_genders", "relatives"))
    if top is None:
        raise RecordError(r.problems)
    if "format" in top and top["format"] != FORMAT:
        r.fail("format", N_("must be \"%(expected)s\""), expected=FORMAT)
    committee = _committee(r, top)
    round_ = _round(r, top)
    ruleset = round_.ruleset if round_ else None
    ballot = r.item(top, "ballot", "", r.choice, BALLOTS)
    revote_of = _revote_of(r, top, ballot)
    mode = _mode(r, top, ruleset, committee.kind if committee else None)
    electorate = r.item(top, "electorate", "", r.integer, 1)  # E = 0 would make turnout C/E meaningless
    policy = _policy(r, top, ruleset)
    known = _Known()
    posts = _posts(r, top, known)
    candidates = _candidates(r, top, posts, known)
    elected_before = _elected_before(r, top, ballot, candidates)
    tally = _tally(r, top, posts, candidates, electorate, known)
    write_in_genders = _write_in_genders(r, top, tally, candidates)
    relatives = _relatives(r, top, ruleset, tally, candidates, elected_before)
    if r.problems:
        raise RecordError(r.problems)
    record = Record(committee=committee, round=round_, ballot=ballot, revote_of=revote_of, mode=mode,
                    electorate=electorate, policy=policy, posts=tuple(posts), candidates=tuple(candidates),
                    tally=tally, elected_before=tuple(elected_before),
                    write_in_genders=MappingProxyType(write_in_genders), relatives=relatives)
    _write_in_genders_needed(r, record)
    if r.problems:
        raise RecordError(r.problems)
    return record


@dataclass
class _Known:
    """Posts and candidate ids the record mentions, flawed entries included.

    A flawed entry is reported once, where it is; the votes and tallies that refer to it are then
    not reported again as "unknown", which would send the reader after a problem that is not there.
    """

    posts_complete: bool = False  # `posts` is a non-empty list and names a valid post in every entry
    post_names: set = field(default_factory=set)
    candidates_listed: bool = False  # `candidates` is a list
    candidate_ids: set = field(default_factory=set)


def _committee(r: _Reader, top: dict) -> Committee | None:
    obj = r.obj(top["committee"], "committee", required=("code", "name", "kind")) if "committee" in top else None
    code = r.item(obj, "code", "committee", r.text)
    if code is not None and not CODE_RE.fullmatch(code):
        r.fail("committee.code", N_("a division code has 12 digits and starts with 11"))
        code = None
    name = r.item(obj, "name", "committee", r.text)
    kind = r.item(obj, "kind", "committee", r.choice, COMMITTEE_KINDS)
    return Committee(code, name, kind) if None not in (code, name, kind) else None


def _round(r: _Reader, top: dict) -> Round | None:
    obj = r.obj(top["round"], "round", required=("name", "ruleset", "election_day")) if "round" in top else None
    name = r.item(obj, "name", "round", r.text)
    ruleset = r.item(obj, "ruleset", "round", r.choice, tuple(RULESETS))
    day = r.item(obj, "election_day", "round", r.day)
    if None not in (ruleset, day) and (governing := mismatch(ruleset, day)):
        # rules.md: the rule set is chosen by the election day.
        r.fail("round.ruleset", N_("rule set %(ruleset)s does not govern election day %(day)s, which is under "
                                   "rule set %(governing)s"), ruleset=ruleset, day=day.isoformat(), governing=governing)
        return None
    return Round(name, ruleset, day) if None not in (name, ruleset, day) else None


def _revote_of(r: _Reader, top: dict, ballot: str | None) -> str | None:
    if ballot == "revote":
        return r.item(top, "revote_of", "", r.choice, REVOTE_OF, default="first")
    if "revote_of" in top and ballot is not None:
        r.fail("revote_of", N_("only a revote names the ballot it repeats"))
    return None


def _mode(r: _Reader, top: dict, ruleset: str | None, kind: str | None) -> str | None:
    """R-MODE-1/2, R26-MODE: the modes come from the rule set, per kind of committee."""
    if ruleset is None or kind is None:
        return r.item(top, "mode", "", r.text)
    modes = RULESETS[ruleset].modes[kind]
    mode = r.item(top, "mode", "", r.text)
    if mode is not None and mode not in modes:
        r.fail("mode", N_("not a mode of rule set %(ruleset)s for this kind of committee; modes: %(options)s"),
               ruleset=ruleset, options=", ".join(modes))
        return None
    return mode


def _policy(r: _Reader, top: dict, ruleset: str | None) -> Policy:
    """Missing keys take the rule set's defaults (record-format.md)."""
    defaults = RULESETS[ruleset or DEFAULT_RULESET].policy_defaults
    obj = r.obj(top["policy"], "policy", optional=("cascade", "women_rule", "min_women")) if "policy" in top else {}
    return Policy(
        cascade=r.item(obj, "cascade", "policy", r.boolean, default=defaults["cascade"]),
        women_rule=r.item(obj, "women_rule", "policy", r.choice, WOMEN_RULES, default=defaults["women_rule"]),
        min_women=r.item(obj, "min_women", "policy", r.integer, default=defaults["min_women"]),
    )


def _posts(r: _Reader, top: dict, known: _Known) -> list[Post]:
    posts = []
    entries = r.array(top["posts"], "posts") if "posts" in top else []
    known.posts_complete = bool(entries)
    if "posts" in top and isinstance(top["posts"], list) and not entries:
        r.fail("posts", N_("a ballot decides at least one post"))
    for i, value in enumerate(entries):
        path = f"posts[{i}]"
        obj = r.obj(value, path, required=("post", "seats"))
        post = r.item(obj, "post", path, r.choice, POSTS)
        seats = r.item(obj, "seats", path, r.integer, 1)
        if post is None:
            known.posts_complete = False
        elif post in known.post_names:
            r.fail(_join(path, "post"), N_("this post is listed twice"))
            continue
        known.post_names.add(post)
        if post is not None and seats is not None:
            posts.append(Post(post, seats))
    return posts


def _candidates(r: _Reader, top: dict, posts: list[Post], known: _Known) -> list[Candidate]:
    candidates = []
    names = set()
    post_names = {p.post for p in posts}
    entries = r.array(top["candidates"], "candidates") if "candidates" in top else []
    known.candidates_listed = "candidates" in top and isinstance(top["candidates"], list)
    for i, value in enumerate(entries):
        path = f"candidates[{i}]"
        obj = r.obj(value, path, required=("id", "name", "gender", "post"))
        id_ = r.item(obj, "id", path, r.text)
        name = r.item(obj, "name", path, r.text)
        gender = r.item(obj, "gender", path, r.choice, GENDERS)
        post = r.item(obj, "post", path, r.choice, POSTS)
        if id_ in known.candidate_ids:
            r.fail(_join(path, "id"), N_("another candidate has the id %(id)s"), id=id_)
            continue
        if isinstance(obj, dict) and isinstance(obj.get("id"), str):
            known.candidate_ids.add(obj["id"])
        if name in names:
            r.fail(_join(path, "name"), N_("another candidate is named %(name)s (names are unique within a committee)"),
                   name=name)
        elif post is not None and post not in known.post_names and known.posts_complete:
            r.fail(_join(path, "post"), N_("not a post of this ballot"))
        elif None not in (id_, name, gender, post) and post in post_names:
            names.add(name)
            candidates.append(Candidate(id_, name, gender, post))
    return candidates


def _elected_before(r: _Reader, top: dict, ballot: str | None, candidates: list[Candidate]) -> list[ElectedBefore]:
    if "elected_before" not in top:
        return []
    entries = r.array(top["elected_before"], "elected_before")
    if ballot == "first" and entries:
        r.fail("elected_before", N_("a first ballot has nobody elected before it"))
        return []
    standing = {c.name: c.post for c in candidates}
    people, names = [], set()
    for i, value in enumerate(entries):
        path = f"elected_before[{i}]"
        obj = r.obj(value, path, required=("post", "name", "gender"))
        post = r.item(obj, "post", path, r.choice, POSTS)
        name = r.item(obj, "name", path, r.text)
        gender = r.item(obj, "gender", path, r.choice, GENDERS)
        if name in names:
            r.fail(_join(path, "name"), N_("this person is listed twice"))
        elif name in standing and post is not None and POSTS.index(standing[name]) >= POSTS.index(post):
            # R-COUNT-5: nobody is elected twice; an elected person stands again only for a higher
            # post (its decision on an open tie above).
            r.fail(_join(path, "name"), N_("already elected, yet a candidate on this ballot for the same or a lower "
                                           "post"))
        elif None not in (post, name, gender):
            names.add(name)
            people.append(ElectedBefore(post, name, gender))
    return people


def _tally(r: _Reader, top: dict, posts: list[Post], candidates: list[Candidate], electorate: int | None,
           known: _Known) -> Tally | None:
    obj = r.obj(top["tally"], "tally", required=("issued", "cast", "invalid", "posts")) if "tally" in top else None
    issued = r.item(obj, "issued", "tally", r.integer)
    cast = r.item(obj, "cast", "tally", r.integer)
    invalid = r.item(obj, "invalid", "tally", r.integer)
    if issued is not None and electorate is not None and issued > electorate:
        r.fail("tally.issued", N_("more ballots issued (%(issued)d) than the electorate (%(electorate)d)"),
               issued=issued, electorate=electorate)
    if invalid is not None and cast is not None and invalid > cast:
        r.fail("tally.invalid", N_("more invalid ballots (%(invalid)d) than ballots cast (%(cast)d)"),
               invalid=invalid, cast=cast)
        invalid = None
    valid = cast - invalid if None not in (cast, invalid) else None
    per_post = r.mapping(obj["posts"], "tally.posts") if obj is not None and "posts" in obj else None
    tallies = {}
    if per_post is not None:
        seats = {p.post: p.seats for p in posts}
        for post in per_post:
            if post not in known.post_names and known.posts_complete:
                r.fail(_join("tally.posts", post), N_("not a post of this ballot"))
        for post in POSTS:
            if post not in seats:
                continue
            if post not in per_post:
                r.fail(_join("tally.posts", post), N_("no tally for this post of the ballot"))
                continue
            tallies[post] = _post_tally(r, per_post[post], _join("tally.posts", post), post, seats[post],
                                        candidates, valid, known)
    if None in (issued, cast, invalid) or per_post is None or None in tallies.values():
        return None
    return Tally(issued, cast, invalid, MappingProxyType(tallies))


def _post_tally(r: _Reader, value, path: str, post: str, seats: int, candidates: list[Candidate],
                valid: int | None, known: _Known) -> PostTally | None:
    """One post's counts, or None when they cannot be used; `valid` is C − invalid, the ballots
    valid as a whole (None when C or invalid is itself wrong)."""
    problems_before = len(r.problems)
    usable = valid is not None
    obj = r.obj(value, path, required=("votes",), optional=("write_ins", "invalid"))
    post_invalid = r.item(obj, "invalid", path, r.integer, default=0)
    by_id = {c.id: c for c in candidates}
    votes = {}
    votes_path = _join(path, "votes")
    votes_obj = r.mapping(obj["votes"], votes_path) if obj is not None and "votes" in obj else None
    for id_, n in (votes_obj or {}).items():
        where = _join(votes_path, id_)
        if id_ not in by_id:
            if id_ in known.candidate_ids or not known.candidates_listed:
                usable = False  # the candidate's own entry is flawed and reported there
            else:
                r.fail(where, N_("unknown candidate"))
        elif by_id[id_].post != post:
            r.fail(where, N_("%(name)s stands for another post (%(post)s)"), name=by_id[id_].name,
                   post=by_id[id_].post)
        elif (n := r.integer(n, where)) is not None:
            votes[id_] = n
    if votes_obj is not None:
        for c in candidates:
            if c.post == post and c.id not in votes_obj:
                r.fail(_join(votes_path, c.id), N_("no count for this candidate of the post (write 0 if none)"))
    write_ins = {}
    own_names = {c.name for c in candidates if c.post == post}
    write_path = _join(path, "write_ins")
    for name, n in (r.item(obj, "write_ins", path, r.mapping, default={}) or {}).items():
        where = _join(write_path, name)
        if r.text(name, where) is None:
            continue
        if name in own_names:
            r.fail(where, N_("the name of a candidate of this post: count these votes as the candidate's"))
        elif (n := r.integer(n, where)) is not None:
            write_ins[name] = n
    if len(r.problems) > problems_before or not usable:
        return None
    # R-COUNT-3: ballots invalid for this post are among those valid as a whole.
    if post_invalid > valid:
        r.fail(_join(path, "invalid"), N_("more ballots invalid for this post (%(invalid)d) than ballots valid "
                                          "as a whole (%(valid)d)"), invalid=post_invalid, valid=valid)
        return None
    valid_here = valid - post_invalid
    counts = [(_join(votes_path, k), n) for k, n in votes.items()] + \
             [(_join(write_path, k), n) for k, n in write_ins.items()]
    for where, n in counts:  # a ballot marks a person at most once
        if n > valid_here:
            r.fail(where, N_("%(votes)d votes, more than the %(valid)d ballots valid for this post"),
                   votes=n, valid=valid_here)
    total = sum(n for _where, n in counts)
    if len(r.problems) == problems_before and total > seats * valid_here:
        r.fail(path, N_("the votes of this post (%(votes)d) exceed seats × valid ballots (%(seats)d × %(valid)d = "
                        "%(limit)d)"), votes=total, seats=seats, valid=valid_here, limit=seats * valid_here)
    if len(r.problems) > problems_before:
        return None
    return PostTally(MappingProxyType(votes), MappingProxyType(write_ins), post_invalid)


def _write_in_genders(r: _Reader, top: dict, tally: Tally | None, candidates: list[Candidate]) -> dict:
    obj = r.item(top, "write_in_genders", "", r.mapping, default={})
    written_in = {name for t in tally.posts.values() for name in t.write_ins} if tally else None
    gender_of = {c.name: c.gender for c in candidates}
    genders = {}
    for name, value in (obj or {}).items():
        where = _join("write_in_genders", name)
        gender = r.choice(value, where, GENDERS)
        if written_in is not None and name not in written_in:
            r.fail(where, N_("nobody of this name is written in"))
        elif name in gender_of and gender is not None and gender != gender_of[name]:
            r.fail(where, N_("contradicts the gender of the candidate of this name"))
        elif gender is not None:
            genders[name] = gender
    return genders


def _relatives(r: _Reader, top: dict, ruleset: str | None, tally: Tally | None, candidates: list[Candidate],
               elected_before: list[ElectedBefore]) -> tuple[tuple[str, str], ...]:
    """R26-RELATIVES: pairs of near relatives among the people of this ballot or elected before it."""
    if "relatives" not in top:
        return ()
    if ruleset is not None and not RULESETS[ruleset].relatives_barred:
        r.fail("relatives", N_("near relatives are barred from one committee only under rule set national-2026 "
                               "(R26-RELATIVES)"))
        return ()
    people = ({c.name for c in candidates} | {p.name for p in elected_before}
              | ({name for t in tally.posts.values() for name in t.write_ins} if tally else set()))
    pairs = []
    for i, value in enumerate(r.array(top["relatives"], "relatives")):
        path = f"relatives[{i}]"
        if not isinstance(value, list) or len(value) != 2:
            r.fail(path, N_("a pair of two names [\"…\", \"…\"]"))
            continue
        names = [r.text(name, f"{path}[{j}]") for j, name in enumerate(value)]
        if None in names:
            continue
        if names[0] == names[1]:
            r.fail(path, N_("a person is not their own relative"))
        for j, name in enumerate(names):
            if tally is not None and name not in people:
                r.fail(f"{path}[{j}]", N_("nobody of this name is on the ballot or elected before it"))
        pairs.append((names[0], names[1]))
    return tuple(pairs)


def _write_in_genders_needed(r: _Reader, record: Record) -> None:
    """R-COUNT-9's decision: wherever the women rule is in force (`min_women` above 0), a write-in
    who reaches the threshold must have a known gender; the record is refused, naming them."""
    rules = RULESETS[record.round.ruleset]
    if record.policy.min_women < 1 or void(record, rules):
        return
    limit = threshold(record, rules).min_votes
    known = {c.name for c in record.candidates} | set(record.write_in_genders) | {p.name for p in record.elected_before}
    for post, ranking in rank(record).items():
        for entry in ranking:
            if entry.votes >= limit and entry.name not in known:
                r.fail(_join("write_in_genders", entry.name),
                       N_("%(name)s, written in for %(post)s, reaches the threshold: the women rule needs their "
                          "gender (R-COUNT-9)"), name=entry.name, post=post)
                known.add(entry.name)


def loads_record(text: str) -> Record:
    """A record from JSON text; a syntax error is reported like any other problem."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = {"line": exc.lineno, "column": exc.colno, "error": exc.msg}
        raise RecordError([Problem("", N_("not valid JSON: line %(line)d, column %(column)d: %(error)s"),
                                   MappingProxyType(where))]) from exc
    except ValueError as exc:  # a number of more than 4,300 digits, which Python will not read
        raise RecordError([Problem("", N_("a number in it is too long to be a count"), MappingProxyType({}))]) from exc
    except RecursionError as exc:  # brackets nested thousands deep
        raise RecordError([Problem("", N_("it is nested too deep to be a record"), MappingProxyType({}))]) from exc
    return parse_record(data)
