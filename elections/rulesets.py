"""The rule sets of rules.md as data: every number and switch that differs between the laws.

A round names its rule set; the pure law modules (calendar, plan checks, counting) read their
numbers from here, never as literals, so `national-2026` is an addition and not a rewrite.
Plain data: no Flask, no database.
"""
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from types import MappingProxyType

POSTS = ("director", "deputy_director", "member")  # R-COUNT-5: the order in which posts are decided
COMMITTEE_KINDS = ("residential", "village")
# R-COUNT-9: how the women requirement is enforced when counting; `min_women = 0` switches it off.
WOMEN_RULES = ("reserve",)


@dataclass(frozen=True)
class Seats:
    """R-SIZE-1: how many people a committee of one kind has, and per post."""

    total: tuple[int, int]
    director: tuple[int, int]
    deputy_director: tuple[int, int]


@dataclass(frozen=True)
class Quorum:
    """R-COUNT-1 / R26-MODE: the ballot is valid only if C / E is more than `share`."""

    share: Fraction

    def met(self, cast: int, electorate: int) -> bool:
        return cast > self.share * electorate


@dataclass(frozen=True)
class RuleSet:
    name: str
    # Election days this set governs: [first_day, last_day], None = open-ended.
    first_day: date | None
    last_day: date | None
    # R-SIZE-1, per committee kind.
    seats: MappingProxyType
    # R-MODE-1/2 (R26-MODE): the modes a committee of each kind may use, the first is the default.
    modes: MappingProxyType
    # R-COUNT-1 / R26-MODE: quorum per mode.
    quorum: MappingProxyType
    # R-COUNT-4 and R-COUNT-7: a winner needs votes > C * first_ballot_share (strict) on a first
    # ballot and its revotes, and votes >= C * supplementary_share on a supplementary ballot.
    first_ballot_share: Fraction = Fraction(1, 2)
    supplementary_share: Fraction = Fraction(1, 3)
    # R-ROLL-1: minimum age on election day.
    voting_age: int = 18
    # R-ROLL-5: the voter list is published at least this many days before election day;
    # objections are lodged within `objection_days` of publication and decided within
    # `objection_decision_days` of receipt.
    roll_published_days_before: int = 20
    objection_days: int = 5
    objection_decision_days: int = 3
    # R-ROLL-2 (R26-ROLL): the registration categories per committee kind, each with the body whose
    # consent it needs (None: no consent).
    categories: MappingProxyType = field(default_factory=lambda: _CATEGORIES)
    # R-MODE-2: a residents' group of `group_households` households elects `group_representatives`
    # representatives; R26-MODE instead gives one representative per `households_per_representative`.
    group_households: tuple[int, int] | None = (15, 50)
    group_representatives: tuple[int, int] | None = (2, 3)
    households_per_representative: tuple[int, int] | None = None
    # R-CAND-5: the candidate list is published at least this many days before election day.
    candidates_published_days_before: int = 5
    # R-COUNT-7: a supplementary election is held within this many days of the first ballot.
    supplementary_within_days: int = 15
    # R-CAND-2: candidates per post = seats + 1 or 2.
    candidate_margin: tuple[int, int] = (1, 2)
    # R-CAND-1 (R26-CAND): how nominees are named, per committee kind, and the fewest signers of a
    # joint nomination by each kind of signer. rules.md names no number for group representatives;
    # **decision:** two, the smallest delegation a residents' group sends (R-MODE-2).
    nomination_methods: MappingProxyType = field(default_factory=lambda: MappingProxyType({
        "village": ("meeting",),
        "residential": ("voters", "household_representatives", "group_representatives"),
    }))
    joint_minimum: MappingProxyType = field(default_factory=lambda: MappingProxyType({
        "voters": 10, "household_representatives": 5, "group_representatives": 2}))
    # R26-CAND: an election committee member also withdraws when a near relative is nominated.
    relatives_withdraw: bool = False
    # R-SIZE-2: the term in years.
    term_years: int = 5
    # R-SIZE-3 / R26-SIZE and R-CAND-2 / R26-CAND: whether the law itself requires a woman on every
    # committee and more candidates than seats; then `policy.min_women = 0` and
    # `policy.allow_uncontested` are refused, they are no longer the round's to choose.
    women_by_law: bool = False
    contested_by_law: bool = False
    # R26-SIZE / R26-RELATIVES: near relatives may not sit on one committee.
    relatives_barred: bool = False
    # R26-CAND: the statutory bars, added to the round's ten-cannot list as items nobody can remove,
    # per committee kind (item ids of elections/rounds/data/statutory_bars.json).
    statutory_bars: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    # R-ROLL-2 / R26-ROLL: categories a person is registered in only on saying they will take part
    # (opt-in, recorded with the day), per committee kind.
    opt_in_categories: MappingProxyType = field(default_factory=lambda: MappingProxyType({
        "village": (), "residential": ()}))
    # R26-MODE / R26-ROLL: who is published with the voter list, per mode.
    published_with_roll: MappingProxyType = field(default_factory=lambda: MappingProxyType({
        "household": "household_representatives"}))
    # R-POLL-2 / R26-POLL: who may hold a proxy, how many each, and the modes without proxies.
    proxy_holder: str = "near_relative"  # or "any_voter"
    proxies_per_holder: int = 3
    proxy_barred_modes: tuple[str, ...] = ()
    # R-RECALL-1 / R26-RECALL: the share of each kind of voter that starts a recall, per committee
    # kind, and the share of voters that must take part (None: the quorum of the election's mode).
    recall_start: MappingProxyType = field(default_factory=lambda: MappingProxyType({
        "village": MappingProxyType({"voters": Fraction(1, 5), "representatives": Fraction(1, 3)}),
        "residential": MappingProxyType({"voters": Fraction(1, 5), "representatives": Fraction(1, 3)}),
    }))
    recall_turnout: Fraction | None = Fraction(1, 2)
    # The round's settings (`Round.policy`) and their defaults, rules.md's **decisions**.
    policy_defaults: MappingProxyType = field(default_factory=lambda: MappingProxyType({
        "cascade": False,  # R-COUNT-5
        "women_rule": "reserve",  # R-COUNT-9
        "min_women": 1,  # R-SIZE-3
        "allow_uncontested": False,  # R-CAND-2
        "ballot_reserve": 5,  # per cent of each place's electorate printed beyond it (polling.law)
        "tally_entry": "double",  # blind double entry of the tally sheets, or "single" and review (tallies)
    }))

    def governs(self, day: date) -> bool:
        return (self.first_day is None or day >= self.first_day) and (self.last_day is None or day <= self.last_day)

    def governs_some_day(self, first: date, last: date) -> bool:
        """Whether any election day from `first` to `last` is under this set."""
        return (self.first_day is None or last >= self.first_day) and (self.last_day is None or first <= self.last_day)


# The bodies that give the consent R-ROLL-2 asks for: the villagers' assembly or the villagers'
# representatives' assembly (categories 3 and 4), or, under R26-ROLL, the election committee.
_ASSEMBLIES = ("villagers_assembly", "representatives_assembly")
_CATEGORIES = MappingProxyType({
    "village": MappingProxyType({1: None, 2: None, 3: _ASSEMBLIES, 4: _ASSEMBLIES}),
    "residential": MappingProxyType({1: None, 2: None, 3: None}),
})
_SEATS = MappingProxyType({
    "village": Seats(total=(3, 7), director=(1, 1), deputy_director=(0, 6)),
    "residential": Seats(total=(5, 9), director=(1, 1), deputy_director=(1, 2)),
})
_HALF = Quorum(Fraction(1, 2))

BEIJING_2018 = RuleSet(
    name="beijing-2018",
    first_day=None,
    last_day=date(2025, 12, 31),
    seats=_SEATS,
    modes=MappingProxyType({
        "village": ("direct",),
        "residential": ("direct", "household", "group_representative"),
    }),
    quorum=MappingProxyType({"direct": _HALF, "household": _HALF, "group_representative": _HALF}),
)

NATIONAL_2026 = RuleSet(
    name="national-2026",
    first_day=date(2026, 1, 1),
    last_day=None,
    seats=_SEATS,
    modes=MappingProxyType({
        "village": ("direct",),
        "residential": ("direct", "household", "representative"),
    }),
    quorum=MappingProxyType({"direct": _HALF, "household": _HALF,
                             "representative": Quorum(Fraction(2, 3))}),
    categories=MappingProxyType({
        "village": MappingProxyType({1: None, 2: None, 3: _ASSEMBLIES, 4: _ASSEMBLIES}),
        "residential": MappingProxyType({1: None, 2: None, 3: ("election_committee",)}),
    }),
    group_households=None,
    group_representatives=None,
    households_per_representative=(20, 50),
    # R26-CAND: the Party organisation's nomination everywhere; residents also jointly by 10 voters.
    # Villagers still name candidates at Beijing's nomination meeting (R-CAND-1), which the revised
    # law does not contradict (rules.md: Beijing's details apply where they do not conflict).
    nomination_methods=MappingProxyType({"village": ("party_organisation", "meeting"),
                                         "residential": ("party_organisation", "voters")}),
    relatives_withdraw=True,
    women_by_law=True,
    contested_by_law=True,
    relatives_barred=True,
    statutory_bars=MappingProxyType({
        "village": ("SB-1", "SB-2", "SB-3", "SB-4", "SB-5"),
        "residential": ("SB-1", "SB-2", "SB-3", "SB-4"),
    }),
    opt_in_categories=MappingProxyType({"village": (), "residential": (1, 2, 3)}),
    published_with_roll=MappingProxyType({"household": "household_representatives",
                                          "representative": "residents_representatives"}),
    proxy_holder="any_voter",
    proxy_barred_modes=("representative",),
    recall_start=MappingProxyType({
        "village": MappingProxyType({"voters": Fraction(1, 5), "representatives": Fraction(1, 3)}),
        "residential": MappingProxyType({"voters": Fraction(1, 10), "household_representatives": Fraction(1, 10),
                                         "representatives": Fraction(1, 3)}),
    }),
    recall_turnout=None,  # R26-RECALL: voted in the mode of the election, with that mode's quorum
)

RULESETS = MappingProxyType({rules.name: rules for rules in (BEIJING_2018, NATIONAL_2026)})
DEFAULT_RULESET = NATIONAL_2026.name  # the law of every election day from 2026-01-01


def ruleset_for(day: date) -> RuleSet:
    """The rule set that governs an election day (rules.md: chosen by the election day)."""
    return next(rules for rules in RULESETS.values() if rules.governs(day))


def mismatch(ruleset: str, day: date) -> str | None:
    """The name of the rule set that governs `day`, when it is not `ruleset`; None when it is."""
    governing = ruleset_for(day).name
    return None if governing == ruleset else governing
