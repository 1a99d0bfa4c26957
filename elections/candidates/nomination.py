"""R-CAND-1: who may nominate, and whether a nomination meeting's tally or a joint nomination
stands. Pure: no Flask, no database; the numbers come from the rule set."""
from collections import Counter
from dataclasses import dataclass

from ..messages import N_, Problem
from ..rulesets import POSTS, RuleSet


def meeting_quorate(attendance: int, registered: int) -> bool:
    """More than half of the registered voters attend (R-CAND-1)."""
    return 2 * attendance > registered


@dataclass(frozen=True)
class TallyLine:
    """One line of a meeting's tally: the nominee (already matched to the roll) and the votes."""

    line: int
    voter_key: object  # whatever identifies the registered voter, None if no match
    post: str
    votes: int


def meeting_problems(*, registered: int, attendance: int, ballots_cast: int, seats: dict[str, int],
                     invalid: dict[str, int], lines: list[TallyLine]) -> list[Problem]:
    """Everything wrong with a meeting's record, so that it is corrected once and stored whole.

    Each valid ballot names at most `seats[post]` people for a post (a ballot naming more is
    invalid for that post), so a post's votes cannot exceed seats × its valid ballots, nor can one
    nominee's votes exceed the valid ballots.
    """
    problems = []
    if attendance < 0 or ballots_cast < 0 or any(n < 0 for n in invalid.values()):
        return [Problem(N_("Numbers of people and ballots cannot be negative."))]
    if not meeting_quorate(attendance, registered):
        problems.append(Problem(
            N_("%(attendance)s of %(registered)s registered voters attended: a nomination meeting needs more "
               "than half of them."), {"attendance": attendance, "registered": registered},
            rule="R-CAND-1", field="attendance"))
    if attendance > registered:
        problems.append(Problem(N_("More people attended than there are registered voters."), field="attendance"))
    if ballots_cast > attendance:
        problems.append(Problem(N_("More ballots were cast than people attended."), field="ballots_cast"))
    for post in POSTS:
        if invalid.get(post, 0) > ballots_cast:
            problems.append(Problem(N_("More ballots are invalid for a post than were cast."), field=post))
    seen, totals = {}, Counter()
    for line in lines:
        if line.post not in seats or not seats[line.post]:
            problems.append(Problem(N_("Line %(line)s: the committee has no seats for this post."),
                                    {"line": line.line}, field=line.post))
            continue
        if line.voter_key is None:
            problems.append(Problem(N_("Line %(line)s: the nominee is not a registered voter of this committee."),
                                    {"line": line.line}, rule="R-CAND-1"))
            continue
        if line.votes < 1:
            problems.append(Problem(N_("Line %(line)s: a nominee has at least one vote."), {"line": line.line}))
            continue
        other = seen.setdefault((line.voter_key, line.post), line.line)
        if other != line.line:
            problems.append(Problem(N_("Line %(line)s: the same nominee and post as line %(other)s."),
                                    {"line": line.line, "other": other}))
        valid = ballots_cast - invalid.get(line.post, 0)
        if line.votes > valid:
            problems.append(Problem(
                N_("Line %(line)s: %(votes)s votes, more than the %(valid)s valid ballots for the post."),
                {"line": line.line, "votes": line.votes, "valid": valid}))
        totals[line.post] += line.votes
    for post, total in totals.items():
        most = seats[post] * (ballots_cast - invalid.get(post, 0))
        if total > most:
            problems.append(Problem(
                N_("The votes for one post add up to %(total)s, more than its seats times its valid ballots "
                   "(%(most)s): each ballot names at most as many people as the post has seats."),
                {"total": total, "most": most}, rule="R-CAND-1", field=post))
    if not lines:
        problems.append(Problem(N_("The tally names no nominee.")))
    return problems


@dataclass(frozen=True)
class Signer:
    """A signer of a joint nomination, as found on the roll (`registered` False: not found or
    not registered in this committee)."""

    line: int
    key: object
    registered: bool
    household_representative: bool = False
    group_representative: bool = False


def joint_problems(method: str, signers: list[Signer], nominee_key: object, rules: RuleSet) -> list[Problem]:
    """R-CAND-1: a joint nomination is signed by enough registered voters, household
    representatives or group representatives of the committee; every bad line is reported."""
    problems = []
    seen = {}
    for signer in signers:
        if not signer.registered:
            problems.append(Problem(N_("Line %(line)s: the signer is not a registered voter of this committee."),
                                    {"line": signer.line}, rule="R-CAND-1"))
            continue
        if method == "household_representatives" and not signer.household_representative:
            problems.append(Problem(N_("Line %(line)s: the signer is not a household representative."),
                                    {"line": signer.line}, rule="R-CAND-1"))
        if method == "group_representatives" and not signer.group_representative:
            problems.append(Problem(N_("Line %(line)s: the signer is not a group representative."),
                                    {"line": signer.line}, rule="R-CAND-1"))
        if signer.key == nominee_key:
            problems.append(Problem(N_("Line %(line)s: a nominee cannot sign their own joint nomination."),
                                    {"line": signer.line}))
        other = seen.setdefault(signer.key, signer.line)
        if other != signer.line:
            problems.append(Problem(N_("Line %(line)s: the same signer as line %(other)s."),
                                    {"line": signer.line, "other": other}))
    minimum = rules.joint_minimum[method]
    if len(seen) < minimum:
        problems.append(Problem(N_("A joint nomination of this kind needs at least %(minimum)s signers; it has %(count)s."),
                                {"minimum": minimum, "count": len(seen)}, rule="R-CAND-1"))
    return problems
