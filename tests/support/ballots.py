"""Election records for the results tests: a compact builder and the sample files in tests/records/."""
import json
from pathlib import Path

from elections.results.counting import count
from elections.results.parsing import parse_record

RECORDS = Path(__file__).resolve().parent.parent / "records"
# An election day each rule set governs (rules.md: the rule set is chosen by the election day).
ELECTION_DAYS = {"beijing-2018": "2021-05-15", "national-2026": "2026-05-16"}
SAMPLES = ("first_complete", "tie", "supplementary", "void_quorum", "women_seat")


def sample(name: str) -> dict:
    return json.loads((RECORDS / f"{name}.json").read_text(encoding="utf-8"))


def envelope(*, kind: str, ruleset: str, ballot: str, mode: str, electorate: int, policy: dict,
             posts: list, candidates: list, tally: dict) -> dict:
    """The record's fields around the counts, for one committee of 东城区 (record-format.md)."""
    return {
        "format": "bj-election-record/1",
        "committee": {"code": "110101001001", "name": "多福巷社区居委会", "kind": kind},
        "round": {"name": "测试", "ruleset": ruleset, "election_day": ELECTION_DAYS[ruleset]},
        "ballot": ballot,
        "mode": mode,
        "electorate": electorate,
        "policy": policy,
        "posts": posts,
        "candidates": candidates,
        "tally": tally,
    }


def build(posts: dict, *, cast: int = 100, issued: int | None = None, electorate: int | None = None,
          invalid: int = 0, post_invalid: dict | None = None, write_ins: dict | None = None,
          ballot: str = "first", revote_of: str | None = None, mode: str = "direct",
          ruleset: str = "beijing-2018", kind: str = "residential", men=(), policy: dict | None = None,
          elected_before=(), write_in_genders: dict | None = None) -> dict:
    """A record as JSON data.

    `posts` maps a post to (seats, {candidate name: votes}); `write_ins` maps a post to
    {name: votes}. Candidates are women unless named in `men`, so that the women rule (R-COUNT-9)
    stays out of the way of tests about other rules. `issued` and `electorate` default to `cast`.
    """
    candidates, tally_posts = [], {}
    for post, (_seats, votes) in posts.items():
        ids = {}
        for name, n in votes.items():
            ids[f"c{len(candidates) + 1}"] = n
            candidates.append({"id": f"c{len(candidates) + 1}", "name": name,
                               "gender": "male" if name in men else "female", "post": post})
        tally_posts[post] = {"votes": ids, "write_ins": (write_ins or {}).get(post, {}),
                             "invalid": (post_invalid or {}).get(post, 0)}
    data = envelope(kind=kind, ruleset=ruleset, ballot=ballot, mode=mode,
                    electorate=cast if electorate is None else electorate, policy=policy or {},
                    posts=[{"post": post, "seats": seats} for post, (seats, _votes) in posts.items()],
                    candidates=candidates,
                    tally={"issued": cast if issued is None else issued, "cast": cast, "invalid": invalid,
                           "posts": tally_posts})
    if revote_of:
        data["revote_of"] = revote_of
    if elected_before:
        data["elected_before"] = [{"post": post, "name": name, "gender": gender}
                                  for post, name, gender in elected_before]
    if write_in_genders:
        data["write_in_genders"] = write_in_genders
    return data


def counted(data: dict):
    return count(parse_record(data))


def winners(result, post: str | None = None) -> list[str]:
    return [e.name for e in result.elected if post is None or e.post == post]


def vacancies(result) -> list[tuple]:
    return [(v.post, v.seats, v.reason) for v in result.vacancies]


def outcome(result, post: str, name: str) -> str:
    return next(e.outcome for p in result.posts if p.post == post for e in p.ranking if e.name == name)
