"""R-CAND-2 and R-SIZE-3: which nominees become the candidates of each post. Pure: no Flask, no
database.

Per post, the candidates are the first `seats + margin` nominees by nomination votes. A nominee who
is barred by vetting or has withdrawn is passed over, so the next nominee in vote order moves up
(R-CAND-3). **Decision:** a person stands for one post only; one who would be a candidate for
several takes the first in the order posts are decided (director, deputy, member: R-COUNT-5),
and the lower post goes to the next nominee. Equal votes above the cut-off are ordered by name,
as counting orders them; equal votes *at* the cut-off are a tie the election committee resolves
by a recorded decision, and until it does, those places stay open.
"""
from dataclasses import dataclass, field

from ..messages import N_, Problem
from ..rulesets import POSTS, RuleSet


@dataclass(frozen=True)
class Standing:
    """A nominee as the slate sees them: nomination votes per post, and whether they can stand."""

    key: int
    name: str
    sex: str  # M / F
    votes: dict  # post -> nomination votes
    out: bool = False  # barred by vetting, or withdrawn


@dataclass
class PostSlate:
    post: str
    seats: int
    margin: int
    chosen: list = field(default_factory=list)  # keys, in ballot order
    tied: list = field(default_factory=list)  # keys tied at the cut-off, waiting for a decision
    open_places: int = 0  # places the tie leaves open

    @property
    def wanted(self) -> int:
        return self.seats + self.margin


def choose(standings: list[Standing], seats: dict[str, int], margins: dict[str, int],
           tie_orders: dict[str, list]) -> list[PostSlate]:
    """The candidates of every post with seats, in ballot order (R-CAND-2, R-CAND-5)."""
    taken = set()
    slates = []
    for post in POSTS:
        if not seats.get(post):
            continue
        slate = PostSlate(post, seats[post], margins.get(post, 1))
        running = sorted((s for s in standings if post in s.votes and not s.out and s.key not in taken),
                         key=lambda s: (-s.votes[post], s.name, s.key))
        wanted = slate.wanted
        if len(running) <= wanted:
            slate.chosen = [s.key for s in running]
        else:
            cutoff = running[wanted - 1].votes[post]
            above = [s for s in running if s.votes[post] > cutoff]
            at = [s for s in running if s.votes[post] == cutoff]
            places = wanted - len(above)
            if len(at) == places:
                slate.chosen = [s.key for s in above + at]
            else:
                order = tie_orders.get(post) or []
                tied_keys = {s.key for s in at}
                if set(order) >= tied_keys:
                    ranked = [k for k in order if k in tied_keys]
                    slate.chosen = [s.key for s in above] + ranked[:places]
                else:
                    slate.chosen = [s.key for s in above]
                    slate.tied = [s.key for s in at]
                    slate.open_places = places
        taken.update(slate.chosen)
        slates.append(slate)
    return slates


def warnings(slates: list[PostSlate], standings: dict[int, Standing], *, min_women: int,
             names: dict | None = None, relatives: set[frozenset] = frozenset(),
             women_rule: str = "R-SIZE-3") -> list[Problem]:
    """What the election committee should know before publishing, though the law lets it publish:
    no woman among the candidates (R-SIZE-3), a post with as many candidates as seats (R-CAND-2,
    which `problems` refuses unless the round allows it), candidates who are near relatives
    (R26-SIZE: `relatives`, pairs of keys, where the rule set bars them from one committee; if both
    are elected only one keeps a seat, R26-RELATIVES). `women_rule` is the rule that asks for a woman:
    the round's decision R-SIZE-3, or the law itself under national-2026 (R26-SIZE)."""
    found = []
    chosen = [key for s in slates for key in s.chosen]
    for i, key in enumerate(chosen):
        for other in chosen[i + 1:]:
            if frozenset((key, other)) in relatives:
                found.append(Problem(N_("%(first)s and %(second)s are near relatives: if both are elected, only one "
                                        "keeps a seat."), {"first": standings[key].name, "second": standings[other].name},
                                     rule="R26-RELATIVES"))
    women = sum(1 for s in slates for key in s.chosen if standings[key].sex == "F")
    if min_women and women < min_women:
        found.append(Problem(N_("No woman is among the candidates: the committee must have at least one woman "
                                "member."), rule=women_rule))
    for slate in slates:
        if not slate.tied and len(slate.chosen) == slate.seats:
            found.append(Problem(N_("%(post)s is uncontested: it has as many candidates as seats."),
                                 {"post": (names or {}).get(slate.post, slate.post)}, rule="R-CAND-2",
                                 field=slate.post))
    return found


def problems(slates: list[PostSlate], *, allow_uncontested: bool, names: dict | None = None) -> list[Problem]:
    """What stops the list from being published (R-CAND-2); vetting is checked by the caller.
    `names` gives each post's name in the reader's language."""
    found = []
    for slate in slates:
        params = {"post": (names or {}).get(slate.post, slate.post), "seats": slate.seats}
        if slate.tied:
            found.append(Problem(N_("Nominees are tied at the cut-off for %(post)s: the election committee decides "
                                    "who stands."), params, rule="R-CAND-2", field=slate.post))
            continue
        count = len(slate.chosen)
        if count < slate.seats:
            found.append(Problem(N_("%(post)s has %(count)s candidates for %(seats)s seats."),
                                 {**params, "count": count}, rule="R-CAND-2", field=slate.post))
        elif count == slate.seats and not allow_uncontested:
            found.append(Problem(N_("%(post)s has as many candidates as seats: the round does not allow an "
                                    "uncontested list."), params, rule="R-CAND-2", field=slate.post))
    return found


def margin_problem(margin: int, rules: RuleSet, *, allow_uncontested: bool) -> Problem | None:
    low, high = rules.candidate_margin
    if low <= margin <= high or (margin == 0 and allow_uncontested):
        return None
    return Problem(N_("Candidates are the seats plus %(low)s or %(high)s."), {"low": low, "high": high},
                   rule="R-CAND-2", field="margin")
