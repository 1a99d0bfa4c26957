"""The law of election day, pure: no Flask, no database.

1. Places (R-POLL-1): a central venue, optionally polling stations and mobile boxes; each station
   and box has at least 3 scrutineers before it may issue a ballot (`staffing_problems`).
2. Proxies (R-POLL-2, R26-POLL), by the rule set of the election day (`proxy_problems`): only for
   a registered elector away on the day, in writing and before the day; the holder another
   registered voter of the committee, a near relative under `beijing-2018`; at most
   `rules.proxies_per_holder` each; none in the modes `rules.proxy_barred_modes` (representative
   under `national-2026`). That no candidate holds one (R-CAND-6) is `candidates.conflicts`.
3. Issue (R-POLL-3): one ballot per elector at one place, on the election day; a holder is issued
   one per valid proxy (`issue_problem`).
4. Ballots to print: a place's electorate plus the round's reserve share, rounded up.
"""
from dataclasses import dataclass
from datetime import date
from math import ceil

from ..messages import N_, Problem

PLACE_KINDS = ("central", "station", "mobile")
STAFF_ROLES = ("chief_scrutineer", "scrutineer", "caller", "counter", "ballot_writer", "issuer")
MIN_SCRUTINEERS = 3  # R-POLL-1, at each station and each mobile box
DEFAULT_RESERVE_PERCENT = 5  # the round's share of ballots printed beyond the electorate


SCRUTINEERS = ("scrutineer", "chief_scrutineer")  # the chief scrutineer is one of the scrutineers


def staffing_problems(kind: str, scrutineers: int) -> list[Problem]:
    """R-POLL-1: a station or mobile box with fewer than 3 scrutineers may not issue ballots."""
    if kind == "central":
        return []
    if scrutineers >= MIN_SCRUTINEERS:
        return []
    return [Problem(N_("A polling station or mobile ballot box needs at least %(needed)d scrutineers; this one has "
                       "%(count)d."), {"needed": MIN_SCRUTINEERS, "count": scrutineers}, rule="R-POLL-1")]


@dataclass(frozen=True)
class ProxyCase:
    """What `proxy_problems` needs to know about one proxy to be recorded."""

    mode: str  # the election's mode (R-MODE-3)
    principal_is_elector: bool  # registered, and an elector of the mode
    holder_registered: bool  # a registered voter of the same committee
    same_person: bool
    near_relatives: bool  # holder and principal, as the roll records them
    holder_proxies: int  # standing proxies the holder already holds
    principal_has_proxy: bool  # the principal already gave a standing proxy
    signed_on: date
    recorded_on: date
    election_day: date | None


def proxy_problems(rules, case: ProxyCase) -> list[Problem]:
    """Every reason the proxy cannot be recorded, each naming its rule (R-POLL-2, R26-POLL)."""
    rule = "R26-POLL" if rules.proxy_holder == "any_voter" else "R-POLL-2"
    if case.mode in rules.proxy_barred_modes:
        return [Problem(N_("There is no proxy voting in the mode %(mode)s under rule set %(ruleset)s."),
                        {"mode": case.mode, "ruleset": rules.name}, rule="R26-POLL")]
    problems = []
    if case.election_day is None:
        problems.append(Problem(N_("Proxies are recorded once the election day is set."), rule="R-POLL-2"))
    elif case.recorded_on >= case.election_day or case.signed_on >= case.election_day:
        problems.append(Problem(N_("A proxy is written and recorded before the election day (%(day)s)."),
                                {"day": case.election_day.isoformat()}, rule="R-POLL-2"))
    if case.signed_on > case.recorded_on:
        problems.append(Problem(N_("The proxy cannot be signed after the day it is recorded."), rule="R-POLL-2",
                                field="signed_on"))
    if not case.principal_is_elector:
        problems.append(Problem(N_("Only a registered voter who votes in this mode may give a proxy."),
                                rule="R-POLL-2", field="principal"))
    if case.same_person:
        problems.append(Problem(N_("A voter cannot hold their own proxy."), rule=rule, field="holder"))
    elif not case.holder_registered:
        problems.append(Problem(N_("The proxy holder must be a registered voter of the same committee."),
                                rule=rule, field="holder"))
    elif rules.proxy_holder == "near_relative" and not case.near_relatives:
        problems.append(Problem(N_("Under rule set %(ruleset)s the proxy holder must be a near relative of the "
                                   "principal, recorded on the roll."), {"ruleset": rules.name}, rule="R-POLL-2",
                                field="holder"))
    if case.holder_proxies >= rules.proxies_per_holder:
        problems.append(Problem(N_("The holder already holds %(count)d proxies, the most one may hold."),
                                {"count": case.holder_proxies}, rule=rule, field="holder"))
    if case.principal_has_proxy:
        problems.append(Problem(N_("This voter has already given a proxy: withdraw it first."), rule="R-POLL-3",
                                field="principal"))
    return problems


def issue_problem(*, stage_open: bool, today: date, election_day: date | None) -> Problem | None:
    """R-POLL-3: ballots are issued on the election day, once the candidate list is published."""
    if not stage_open:
        return Problem(N_("Ballots are issued only once the candidate list is published and until the count."),
                       rule="R-CAND-5")
    if election_day != today:
        return Problem(N_("Ballots are issued only on the election day (%(day)s)."),
                       {"day": election_day.isoformat() if election_day else "—"}, rule="R-POLL-3")
    return None


def ballots_to_print(electorate: int, reserve_percent: int) -> int:
    """A place's electorate and the round's reserve share of it, rounded up."""
    return electorate + ceil(electorate * reserve_percent / 100)
