"""Counting night in the demo: each voted committee's sheets entered by both clerks on its day, with
figures chosen so that the counting law reaches the outcome its scenario shows — every seat filled,
a tie and its revote prepared, a women's seat and its supplementary election, a void ballot and its
new election — then certified (one of them amended after it), all through the services. One
committee's polls closed today: its sheets wait, one entered once, one in the correction queue."""
from datetime import date

from ..results import services as results
from ..rounds.models import CommitteeElection
from . import ballots, services

# The outcome each stage of the demo's scenarios is reached by.
OUTCOMES = {"counted": "complete", "certified": "complete", "revote_pending": "tie",
            "supplementary_pending": "women_seat", "new_election_pending": "void"}


class _Clerk:
    """The demo's clerks and officials as the services see an actor: a name and a role."""

    def __init__(self, username: str, role: str):
        self.username, self.role, self.id = username, role, None


CLERKS = (_Clerk("clerk", "clerk"), _Clerk("clerk2", "clerk"))
CHAIR = _Clerk("duofuxiang", "election_committee")
TOWNSHIP = _Clerk("donghuamen", "township_official")


def _order(ballot, outcome: str) -> dict[str, list[str]]:
    """Each post's candidates in the order the votes will rank them. Women last for a women's
    seat (R-COUNT-9); otherwise a woman among the winners, so the women rule is met."""
    gender = {c["id"]: c["gender"] for c in ballot.candidates}
    order = {post: [cid for cid, _ in people] for post, _seats, people in ballots.layout(ballot).posts}
    seats = {post: n for post, n, _ in ballots.layout(ballot).posts}
    if outcome == "women_seat":
        return {post: sorted(ids, key=lambda c: gender[c] == "female") for post, ids in order.items()}
    winners = [c for post, ids in order.items() for c in ids[:seats[post]]]
    members = order.get("member", [])
    if not any(gender[c] == "female" for c in winners) and "member" in order:
        woman = next((c for c in members if gender[c] == "female"), None)
        if woman:
            members.remove(woman)
            members.insert(0, woman)
    return order


def _shares(ballot, outcome: str) -> dict[str, float]:
    """Each candidate's votes as a share of the valid ballots: winners well above half, the others
    well below, within seats × valid ballots per post (R-COUNT-3)."""
    shares = {}
    gender = {c["id"]: c["gender"] for c in ballot.candidates}
    for post, seats, _people in ballots.layout(ballot).posts:
        ids = _order(ballot, outcome)[post]
        win = seats
        if outcome == "women_seat":
            win = min(seats, sum(gender[c] == "male" for c in ids))
        high = [0.75 - 0.2 * i / max(win, 1) for i in range(win)]
        if outcome == "tie" and post == "member" and len(ids) >= seats + 1 and seats >= 2:
            high = high[:seats - 2] + [0.6, 0.6, 0.6]  # three equal for the last two seats (R-COUNT-6)
        rest = len(ids) - len(high)
        budget = seats - sum(high)
        low = [min(0.35, 0.95 * budget / rest) * (1 - 0.1 * i) for i in range(rest)] if rest > 0 else []
        shares.update(zip(ids, high + low))
    return shares


def _figures(ballot, box, outcome: str) -> dict:
    found = box.register
    invalid = 1 if found >= 30 else 0
    valid = found - invalid
    shares = _shares(ballot, outcome)
    posts = {post: {"votes": {cid: int(shares[cid] * valid) for cid, _ in people}, "write_ins": [], "invalid": 0}
             for post, _seats, people in ballots.layout(ballot).posts}
    return {"issued": box.register, "found": found, "invalid": invalid, "proxy": 0,
            "mobile": found if box.place.kind == "mobile" else 0, "written": 0, "posts": posts}


def count(election: CommitteeElection, day: date, outcome: str) -> None:
    """Both clerks enter every box's sheet on the day; the last one final counts the ballot."""
    ballot = ballots.current(election)
    for box in services.boxes(ballot):
        figures = _figures(ballot, box, outcome)
        for clerk in CLERKS:
            services.enter(ballot, box.place.id, figures, {}, clerk, today=day)
    result = ballot.result
    expected = {"complete": "none", "tie": "revote_tied", "women_seat": "supplementary_election",
                "void": "new_election"}[outcome]
    if result is None or result["next"] != expected:
        raise RuntimeError(f"demo count of {election.committee_code}: {outcome} gave {result and result['next']}")


def follow(election: CommitteeElection, stage: str, when: dict, today: date) -> None:
    """The step after the count that the scenario shows: the next ballot prepared, or the result
    certified by the township (the first certified committee also amended, R-CERT-3)."""
    if stage == "revote_pending":
        results.prepare_revote(election, today, CHAIR, today=when["revote_pending"])
    elif stage == "supplementary_pending":
        results.prepare_supplementary(election, today, 1, CHAIR, today=when["supplementary_pending"])
    elif stage == "new_election_pending":
        results.prepare_new_election(election, today, CHAIR, today=when["new_election_pending"])
    elif stage == "certified":
        results.certify(election, TOWNSHIP, today=when["certified"])


def amend_one(election: CommitteeElection, today: date) -> None:
    """A certified result amended: a recount found one vote more for the last candidate."""
    ballot = ballots.current(election)
    box = services.boxes(ballot)[0]
    figures = {**box.sheet.figures, "posts": {post: {**tally, "votes": dict(tally["votes"])}
                                              for post, tally in box.sheet.figures["posts"].items()}}
    post = next(iter(figures["posts"]))
    last = list(figures["posts"][post]["votes"])[-1]
    figures["posts"][post]["votes"][last] += 1
    services.amend(ballot, box.place.id, figures, {}, "复核选票发现漏计一票", TOWNSHIP, today=today)


def waiting(election: CommitteeElection, today: date) -> None:
    """Counting night under way: the central venue's sheet entered once, the mobile box's two
    entries different, in the correction queue."""
    ballot = ballots.current(election)
    central, mobile = services.boxes(ballot)[:2]
    services.enter(ballot, central.place.id, _figures(ballot, central, "complete"), {}, CLERKS[0], today=today)
    figures = _figures(ballot, mobile, "complete")
    services.enter(ballot, mobile.place.id, figures, {}, CLERKS[0], today=today)
    post = next(iter(figures["posts"]))
    first = next(iter(figures["posts"][post]["votes"]))
    slip = {**figures, "posts": {**figures["posts"], post: {**figures["posts"][post], "votes": {
        **figures["posts"][post]["votes"], first: max(0, figures["posts"][post]["votes"][first] - 1)}}}}
    services.enter(ballot, mobile.place.id, slip, {}, CLERKS[1], today=today)
