"""The ballot that follows a result, by law: who stands, for which seats, and who is elected
before it. Pure: it reads stored records and results (record-format.md) and the members holding
seats, and returns the next ballot's plan; `services` stores it.

- R-COUNT-6: a revote among the tied, for the tied seats, with the threshold of the ballot they
  tied in (`revote_of`). R-COUNT-5's decision: one tied above and elected below stands again for
  the higher post and is listed as elected before.
- R-COUNT-7: a supplementary election for the open seats; its candidates are the non-elected of
  the first ballot in order of votes, seats + 1 or 2 of them. R-COUNT-9: a women's seat is
  contested by women only. A seat vacated by a move up (R-COUNT-5) or between near relatives
  (R26-RELATIVES) is filled the same way, from the first ballot's ranking for its post.
"""
from dataclasses import dataclass

from ..rulesets import POSTS


@dataclass(frozen=True)
class NextBallot:
    posts: list[dict]
    candidates: list[dict]
    elected_before: list[dict]
    revote_of: str | None = None


def _genders(record: dict) -> dict[str, str]:
    genders = {c["name"]: c["gender"] for c in record["candidates"]}
    genders.update(record.get("write_in_genders", {}))
    genders.update({p["name"]: p["gender"] for p in record.get("elected_before", [])})
    return genders


def _ids(record: dict) -> dict[str, str]:
    return {c["name"]: c["id"] for c in record["candidates"]}


def _person(name: str, post: str, ids: dict, genders: dict, taken: set[str]) -> dict | None:
    """A person as a candidate of the next ballot, with their id of the earlier one where they had
    one (a write-in gets a new id). None when their gender is unknown: the record needs it."""
    if name not in genders:
        return None
    cid = ids.get(name)
    if cid is None or cid in taken:
        n = 1
        while f"w{n}" in taken or f"w{n}" in ids.values():
            n += 1
        cid = f"w{n}"
    taken.add(cid)
    return {"id": cid, "name": name, "gender": genders[name], "post": post}


def _before(held: list[dict]) -> list[dict]:
    return [{"post": m["post"], "name": m["name"], "gender": m["gender"]}
            for m in sorted(held, key=lambda m: (POSTS.index(m["post"]), m["name"]))]


def revote(record: dict, result: dict, held: list[dict]) -> NextBallot:
    """R-COUNT-6: the tied, for the tied seats."""
    ids, genders, taken = _ids(record), _genders(record), set()
    posts, people = [], []
    for tie in sorted(result["ties"], key=lambda t: POSTS.index(t["post"])):
        posts.append({"post": tie["post"], "seats": tie["seats"]})
        people += [p for p in (_person(name, tie["post"], ids, genders, taken) for name in tie["candidates"]) if p]
    of = record["ballot"] if record["ballot"] != "revote" else record.get("revote_of", "first")
    return NextBallot(posts, people, _before(held), revote_of=of)


def open_seats(result: dict) -> dict[str, list[tuple[str, int]]]:
    """The seats a result leaves for a supplementary election, by post: (reason, seats)."""
    seats: dict[str, list[tuple[str, int]]] = {}
    for vacancy in result["vacancies"]:
        if vacancy["reason"] != "tie":
            seats.setdefault(vacancy["post"], []).append((vacancy["reason"], vacancy["seats"]))
    return seats


def supplementary(first_result: dict, first_record: dict, latest_result: dict, held: list[dict],
                  margin: int) -> NextBallot:
    """R-COUNT-7 with R-COUNT-9: seats + `margin` of the first ballot's non-elected per post, in
    order of its votes; women only where every open seat of the post is a women's seat."""
    ids, genders, taken = _ids(first_record), _genders(first_record), set()
    holding = {m["name"] for m in held}
    posts, people = [], []
    chosen: set[str] = set()
    for post in POSTS:
        open_ = open_seats(latest_result).get(post)
        if not open_:
            continue
        seats = sum(n for _reason, n in open_)
        women_only = all(reason == "women_seat" for reason, _n in open_)
        ranking = next((p["ranking"] for p in first_result["posts"] if p["post"] == post), [])
        order = sorted(ranking, key=lambda e: -e["votes"])  # stable: the ranking's order among equals
        picked = []
        for entry in order:
            name = entry["name"]
            if name in holding or name in chosen or (women_only and genders.get(name) != "female"):
                continue
            person = _person(name, post, ids, genders, taken)
            if person:
                picked.append(person)
                chosen.add(name)
            if len(picked) == seats + margin:
                break
        posts.append({"post": post, "seats": seats})
        people += picked
    return NextBallot(posts, people, _before(held))
