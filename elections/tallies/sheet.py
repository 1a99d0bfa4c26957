"""A box's tally sheet as the law reads it: its layout, reading what a clerk typed, the checks,
and comparing two entries. Pure (standard library and `messages` only): the server and the tests
call it, and `static/js/tally.js` applies the same checks as the clerk types.

Figures are a plain dict, the same in the database, in the comparison and in the record:
    {"issued", "found", "invalid", "proxy", "mobile", "written": int,
     "posts": {post: {"votes": {candidate id: int},
                      "write_ins": [{"name", "votes", "gender"}] sorted by name,
                      "invalid": int}}}
`found` is the box's C (R-COUNT-2: invalid ballots included), `invalid` the ballots invalid as a
whole and each post's `invalid` those invalid for that post only (R-COUNT-3).

Why every field must be typed: an untouched field on a paper sheet is a skipped line, not a zero;
a sheet with a blank is refused naming the line, so nothing half-read becomes final.

The checks, each naming its rule:
  hard (refused): found ≤ issued (R-COUNT-2); invalid ≤ found and each post's invalid ≤ the
  ballots not invalid as a whole (R-COUNT-3); each post's votes ≤ seats × its valid ballots
  (R-COUNT-3: a ballot with more marks than seats is invalid for the post); issued equals the
  issuance register of the box's place (R-POLL-3); proxy ≤ issued (R-POLL-2); mobile and written
  ≤ found; a write-in who is a candidate of the post (their votes belong to the candidate).
  soft (need a note): the box's turnout far from the committee's other boxes (R-COUNT-10), many
  ballots invalid (R-COUNT-3), a write-in with many votes (R-COUNT-4).
A reviewer may record a box holding more ballots than were issued, with a note: R-COUNT-2 then
voids the ballot, which is the law's answer to that fact.
"""
from dataclasses import dataclass, field
from typing import Mapping

from ..messages import N_, Problem

HEAD = ("issued", "found", "invalid", "proxy", "mobile", "written")
WRITE_IN_LINES = 3  # empty lines for write-ins per post on the screen, as on the paper sheet
GENDERS = ("female", "male")
# Soft checks: how far a box may be from the others, and what counts as "many".
TURNOUT_GAP = 0.20
INVALID_SHARE = 0.10
WRITE_IN_SHARE = 0.20
MAX_VOTES = 10_000_000


@dataclass(frozen=True)
class Layout:
    """What a sheet asks for: the posts of the ballot, their seats and candidates in ballot order."""

    posts: tuple[tuple[str, int, tuple[tuple[str, str], ...]], ...]  # (post, seats, ((id, name), …))

    def candidate_names(self, post: str) -> dict[str, str]:
        return {name: cid for p, _, people in self.posts if p == post for cid, name in people}


@dataclass
class Reading:
    figures: dict | None
    problems: list[Problem] = field(default_factory=list)


def _number(form: Mapping[str, str], name: str, problems: list[Problem], label_params: dict | None = None):
    text = (form.get(name) or "").strip()
    if text == "":
        problems.append(Problem(N_("This line of the sheet is empty: type its figure, 0 if it is nought."),
                                label_params or {}, field=name))
        return None
    if not text.isdigit() or int(text) > MAX_VOTES:
        problems.append(Problem(N_("Type a whole number, 0 or more."), label_params or {}, field=name))
        return None
    return int(text)


def read(form: Mapping[str, str], layout: Layout) -> Reading:
    """The figures a clerk typed, or every blank and unreadable line at once."""
    problems: list[Problem] = []
    figures = {name: _number(form, name, problems) for name in HEAD}
    posts = {}
    for post, _seats, people in layout.posts:
        votes = {cid: _number(form, f"{post}.{cid}", problems) for cid, _name in people}
        invalid = _number(form, f"{post}.invalid", problems)
        write_ins, seen = [], set()
        for i in range(int(form.get(f"{post}.lines") or WRITE_IN_LINES)):
            name = " ".join((form.get(f"{post}.w{i}.name") or "").split())
            count = (form.get(f"{post}.w{i}.votes") or "").strip()
            gender = form.get(f"{post}.w{i}.gender") or ""
            if not name and not count:
                continue  # an unused write-in line
            if not name:
                problems.append(Problem(N_("A write-in line has votes but no name."), field=f"{post}.w{i}.name"))
                continue
            if name in seen:
                problems.append(Problem(N_("%(name)s is written in twice for this post: add the votes on one line."),
                                        {"name": name}, field=f"{post}.w{i}.name"))
                continue
            seen.add(name)
            n = _number(form, f"{post}.w{i}.votes", problems)
            write_ins.append({"name": name, "votes": n, "gender": gender if gender in GENDERS else ""})
        posts[post] = {"votes": votes, "write_ins": sorted(write_ins, key=lambda w: w["name"]), "invalid": invalid}
    figures["posts"] = posts
    return Reading(None if problems else figures, problems)


def hard_problems(figures: dict, layout: Layout, register: int | None, *, reviewer: bool = False) -> list[Problem]:
    """What no sheet may say. `register`: the ballots the issuance register has for the box's place
    (None: not checked). A reviewer may record found > issued, which voids the ballot (R-COUNT-2)."""
    problems = []
    issued, found, invalid = figures["issued"], figures["found"], figures["invalid"]
    if register is not None and issued != register:
        problems.append(Problem(N_("Ballots issued (%(issued)s) differ from the issuance register of this place "
                                   "(%(register)s)."), {"issued": issued, "register": register},
                                rule="R-POLL-3", field="issued"))
    if found > issued and not reviewer:
        problems.append(Problem(N_("More ballots were found in the box (%(found)s) than were issued (%(issued)s): "
                                   "count again; if it is so, the election committee's chair records it."),
                                {"found": found, "issued": issued}, rule="R-COUNT-2", field="found"))
    if invalid > found:
        problems.append(Problem(N_("Ballots invalid as a whole (%(invalid)s) exceed the ballots found (%(found)s)."),
                                {"invalid": invalid, "found": found}, rule="R-COUNT-3", field="invalid"))
    if figures["proxy"] > issued:
        problems.append(Problem(N_("Ballots issued to proxy holders (%(proxy)s) exceed the ballots issued."),
                                {"proxy": figures["proxy"]}, rule="R-POLL-2", field="proxy"))
    for name in ("mobile", "written"):
        if figures[name] > found:
            problems.append(Problem(N_("This figure (%(value)s) exceeds the ballots found (%(found)s)."),
                                    {"value": figures[name], "found": found}, field=name))
    for post, seats, _people in layout.posts:
        tally = figures["posts"][post]
        valid = found - invalid - tally["invalid"]
        if tally["invalid"] > max(found - invalid, 0):
            problems.append(Problem(N_("Ballots invalid for this post (%(invalid)s) exceed the ballots that are not "
                                       "invalid as a whole (%(valid)s)."),
                                    {"invalid": tally["invalid"], "valid": max(found - invalid, 0)},
                                    rule="R-COUNT-3", field=f"{post}.invalid"))
            continue
        total = sum(tally["votes"].values()) + sum(w["votes"] for w in tally["write_ins"])
        if total > seats * valid:
            problems.append(Problem(N_("The votes for this post (%(total)s) exceed %(seats)s seat(s) × %(valid)s valid "
                                       "ballots: a ballot marking more names than seats is invalid for the post."),
                                    {"total": total, "seats": seats, "valid": valid}, rule="R-COUNT-3",
                                    field=f"{post}.invalid"))
        names = layout.candidate_names(post)
        for w in tally["write_ins"]:
            if w["name"] in names:
                problems.append(Problem(N_("%(name)s is a candidate for this post: add the votes to the candidate's "
                                           "line, not as a write-in."), {"name": w["name"]}, rule="R-COUNT-4",
                                        field=f"{post}.write_ins"))
    return problems


def turnout_of(figures: dict, electorate: int) -> float | None:
    return figures["found"] / electorate if electorate else None


def warnings(figures: dict, layout: Layout, electorate: int | None, others: list[float]) -> list[Problem]:
    """What may be true but needs a note: `electorate` of the box's place, `others` the turnouts of
    the committee's other boxes known so far."""
    found, found_valid = figures["found"], figures["found"] - figures["invalid"]
    problems = []
    mine = turnout_of(figures, electorate or 0)
    if mine is not None and others:
        usual = sum(others) / len(others)
        if abs(mine - usual) > TURNOUT_GAP:
            problems.append(Problem(N_("This box's turnout (%(mine)s%%) is far from the committee's other boxes "
                                       "(%(usual)s%%)."), {"mine": round(mine * 100), "usual": round(usual * 100)},
                                    rule="R-COUNT-10", field="turnout"))
    if found and figures["invalid"] > INVALID_SHARE * found:
        problems.append(Problem(N_("Many ballots are invalid as a whole (%(invalid)s of %(found)s)."),
                                {"invalid": figures["invalid"], "found": found}, rule="R-COUNT-3", field="many_invalid"))
    for post, _seats, _people in layout.posts:
        for w in figures["posts"][post]["write_ins"]:
            if found_valid and w["votes"] >= WRITE_IN_SHARE * found_valid:
                problems.append(Problem(N_("The write-in %(name)s has many votes (%(votes)s): check the name as written."),
                                        {"name": w["name"], "votes": w["votes"]}, rule="R-COUNT-4",
                                        field=f"write_in.{post}.{w['name']}"))
    return problems


def flat(figures: dict, layout: Layout) -> dict[str, object]:
    """Every figure by the field it was typed in, for comparing two entries line by line."""
    lines = {name: figures[name] for name in HEAD}
    for post, _seats, people in layout.posts:
        tally = figures["posts"][post]
        for cid, _name in people:
            lines[f"{post}.{cid}"] = tally["votes"].get(cid)
        lines[f"{post}.invalid"] = tally["invalid"]
        for w in tally["write_ins"]:
            lines[f"{post}.write_in.{w['name']}"] = (w["votes"], w["gender"])
    return lines


def differences(one: dict, two: dict, layout: Layout) -> list[str]:
    """The lines on which two entries differ, in the sheet's order."""
    a, b = flat(one, layout), flat(two, layout)
    return [key for key in dict.fromkeys([*a, *b]) if a.get(key) != b.get(key)]


def form_values(figures: dict, layout: Layout, only: set[str] | None = None) -> dict[str, str]:
    """The form fields that show `figures` (only the lines in `only`, by their `flat` keys, when
    given: a reviewer sees the lines both clerks agree on filled in, the others empty)."""
    keep = (lambda key: True) if only is None else (lambda key: key in only)
    values = {name: str(figures[name]) for name in HEAD if keep(name)}
    for post, _seats, people in layout.posts:
        tally = figures["posts"][post]
        for cid, _name in people:
            if keep(f"{post}.{cid}"):
                values[f"{post}.{cid}"] = str(tally["votes"].get(cid, ""))
        if keep(f"{post}.invalid"):
            values[f"{post}.invalid"] = str(tally["invalid"])
        lines = [w for w in tally["write_ins"] if keep(f"{post}.write_in.{w['name']}")]
        for i, w in enumerate(lines):
            values.update({f"{post}.w{i}.name": w["name"], f"{post}.w{i}.votes": str(w["votes"]),
                           f"{post}.w{i}.gender": w["gender"]})
        values[f"{post}.lines"] = str(max(WRITE_IN_LINES, len(tally["write_ins"]) + 1))
    return values
