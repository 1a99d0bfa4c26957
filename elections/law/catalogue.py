"""Every rule of rules.md (the app's copy of the law): its id, the rule set it belongs to, its legal
sources and the rule in words, short (`title`, said in every message that cites the rule) and whole
(`text`, on the rules page).

Titles and texts are English message ids marked with `N_`; their Chinese is in the translations,
like every other word of the app, so a test can prove that no rule is left untranslated. Plain data:
no Flask, no database — `messages.Problem` reads titles from here.
"""
import re
from dataclasses import dataclass

from ..messages import N_

BEIJING_2018 = "beijing-2018"
NATIONAL_2026 = "national-2026"
# The rule sets by name, as officials know them (R-… rules hold under both unless R26 changes them).
RULESET_NAMES = {
    BEIJING_2018: N_("Beijing Village Committee Election Measures (2012) and related rules"),
    NATIONAL_2026: N_("The revised national laws in force from 2026"),
}
# The laws rules.md cites, by the abbreviations it uses.
LAWS = {
    "VCOL": N_("Organic Law of Villagers' Committees (2018)"),
    "RCOL": N_("Organic Law of Urban Residents' Committees (2018)"),
    "VCOL-2026": N_("Organic Law of Villagers' Committees (in force 2026-01-01)"),
    "RCOL-2026": N_("Organic Law of Urban Residents' Committees (revised 2025-10-28)"),
    "BJ-VEM": N_("Beijing Village Committee Election Measures (2012)"),
    "BJ-REM": N_("Beijing Residents' Committee Election Measures (2021)"),
    "BJ-RIMP": N_("Beijing Measures implementing the Residents' Committees Law"),
    "CIVIL": N_("Civil Code"),
    "DECISION": N_("Decision of the round (Beijing's text not available)"),
}
RULE_ID = re.compile(r"\bR(?:-[A-Z]+-\d+|26-[A-Z]+)\b")


@dataclass(frozen=True)
class Rule:
    id: str
    ruleset: str
    sources: tuple[tuple[str, str], ...]  # (law of LAWS, article), article "" when none is named
    title: str
    text: str

    @property
    def group(self) -> str:
        """The chapter of rules.md: "R-ROLL" for R-ROLL-5, "R26" for the rules of national-2026."""
        return "R26" if self.id.startswith("R26") else self.id.rsplit("-", 1)[0]


def _rule(id_, sources, title, text, ruleset=BEIJING_2018):
    return Rule(id_, ruleset, tuple(tuple(s.split(" ", 1)) if " " in s else (s, "") for s in sources), title, text)


GROUPS = {
    "R-SIZE": N_("Committees and posts"),
    "R-MODE": N_("Who votes"),
    "R-ROLL": N_("Registration and the voter list"),
    "R-CAND": N_("Nomination and vetting"),
    "R-POLL": N_("Election day"),
    "R-COUNT": N_("Validity and results"),
    "R-CERT": N_("Announcement and certificates"),
    "R-RECALL": N_("Recall"),
    "R26": N_("Changes in force from 2026"),
}

RULES = {r.id: r for r in (
    _rule("R-SIZE-1", ["VCOL 6", "RCOL 7", "BJ-REM 4"],
          N_("the size of the committee and the seats of each post"),
          N_("A village committee has 3 to 7 members: one director, deputy directors and members. A residents' "
             "committee has 5 to 9 members: exactly one director, one or two deputy directors, and members. The "
             "seats of each post are set per committee before nomination.")),
    _rule("R-SIZE-2", ["VCOL 11", "RCOL 8"],
          N_("a term of five years"),
          N_("The committee is elected for a term of five years. Certificates state the term.")),
    _rule("R-SIZE-3", ["VCOL 6", "BJ-VEM 3", "DECISION"],
          N_("at least one woman on the committee"),
          N_("A village committee must have at least one woman member; the same applies to residents' "
             "committees. See R-COUNT-9 for how the count enforces it.")),
    _rule("R-SIZE-4", ["VCOL 6", "RCOL 7"],
          N_("a member of the smaller ethnic groups where several live"),
          N_("In an area where several ethnic groups live, the committee should include a member of the smaller "
             "group or groups: the system warns when the candidate list has none.")),
    _rule("R-MODE-1", ["VCOL 11"],
          N_("villages elect directly"),
          N_("A village committee is elected directly by all registered voters.")),
    _rule("R-MODE-2", ["RCOL 8", "BJ-REM 5"],
          N_("the three ways a residents' committee may be elected"),
          N_("A residents' committee is elected in one of three ways, chosen per committee: directly by every "
             "registered voter; by one representative of each registered household; or by group representatives, "
             "each residents' group of 15 to 50 households electing 2 or 3.")),
    _rule("R-MODE-3", ["RCOL 8"],
          N_("who makes up the electorate"),
          N_("The electorate is the number of registered voters (direct election), of registered households "
             "(household representatives) or of elected group representatives. Quorum and turnout are counted "
             "on it.")),
    _rule("R-ROLL-1", ["BJ-VEM 12", "CIVIL 202"],
          N_("voters are 18 or older on election day"),
          N_("A person may be registered who is 18 or older on election day; the 18th birthday may fall on "
             "election day itself. A person born on 29 February turns 18 on 28 February in a common year.")),
    _rule("R-ROLL-2", ["VCOL 13", "BJ-VEM 13"],
          N_("who may be registered, by category"),
          N_("Villages: (1) hukou in the village and living there; (2) hukou in the village, living elsewhere, "
             "and asked to take part; (3) former agricultural hukou of the village, living or working there, not "
             "voting elsewhere, with the assembly's consent; (4) no hukou, living or working in the village for "
             "at least a year, applied, with the assembly's consent. Categories 3 and 4 need the consent recorded "
             "(date and body). Residents' committees: (1) hukou and living there; (2) hukou but living "
             "elsewhere and asked; (3) no hukou, living there at least a year, applied.")),
    _rule("R-ROLL-3", ["VCOL 13"],
          N_("no one is registered twice"),
          N_("One person (one ID number) is on at most one roll in a round, in the whole city. An import that "
             "would register someone twice names both committees.")),
    _rule("R-ROLL-4", ["BJ-VEM 14"],
          N_("who is not registered"),
          N_("Not registered, once the election committee confirms it: a person deprived of political rights, "
             "without legal capacity, or unreachable after notice by visit, phone and letter. When the cause "
             "ends before election day, the person is put back on the roll.")),
    _rule("R-ROLL-5", ["VCOL 14", "BJ-VEM 15"],
          N_("the voter list is published at least 20 days before election day"),
          N_("The voter list is published at least 20 days before election day. Objections may be lodged within "
             "5 days of publication; each is decided in writing within 3 days of receipt, and the decision is "
             "published. Registered voters receive a voter card.")),
    _rule("R-ROLL-6", [],
          N_("a valid 18-character ID number"),
          N_("ID numbers have 18 characters: a 6-digit area code, the 8-digit birth date (a real date, not in the "
             "future), a 3-digit sequence (odd for men, even for women) and a check character (ISO 7064 MOD "
             "11-2). The birth date and sex recorded must agree with the number. 15-digit numbers are refused; "
             "a lower-case x is read as X.")),
    _rule("R-ROLL-7", ["VCOL 14"],
          N_("changes after publication are additions and removals with reasons"),
          N_("After publication the roll changes only by additions (turned 18, moved in, rights restored, "
             "objection upheld) and removals (died, moved out, rights lost, objection upheld), each with its "
             "reason and date, and the changes are published again.")),
    _rule("R-CAND-1", ["BJ-VEM 16", "BJ-RIMP 13"],
          N_("how candidates are nominated"),
          N_("Villages: registered voters nominate directly at a meeting attended by more than half of them; "
             "each names at most as many people as the post has seats. Residents' committees: nominated jointly "
             "by at least 10 registered voters, at least 5 household representatives, or by group "
             "representatives.")),
    _rule("R-CAND-2", ["BJ-VEM 16", "BJ-RIMP 13"],
          N_("one or two more candidates than seats, in order of nomination votes"),
          N_("For each post the candidates are the seats plus one or two, chosen in order of nomination votes. "
             "An uncontested list (as many candidates as seats) is allowed only where the round allows it.")),
    _rule("R-CAND-3", ["DECISION"],
          N_("every nominee is vetted before the list is published"),
          N_("Every nominee is vetted before the candidate list is published, jointly by the departments the "
             "round names, each recording its finding: checked against every ten-cannot item (any that holds "
             "bars the nominee) and assessed on every five-good item. A barred nominee gets a written decision "
             "with the item and the evidence. The criteria are set by the city for the round.")),
    _rule("R-CAND-4", ["VCOL 12", "BJ-VEM 11"],
          N_("a nominated member of the election committee leaves it"),
          N_("A member of the election committee who is nominated must leave the election committee.")),
    _rule("R-CAND-5", ["BJ-VEM 20"],
          N_("the candidate list is published at least 5 days before election day"),
          N_("The candidate list is published at least 5 days before election day, in order of nomination "
             "votes; ballots list the candidates in the same order.")),
    _rule("R-CAND-6", ["BJ-VEM 21", "BJ-VEM 25"],
          N_("candidates and their relatives do not work at the election"),
          N_("Candidates, their spouses and direct relatives may not serve as scrutineers, callers, counters, "
             "ballot writers or other election staff. Candidates may not hold proxies.")),
    _rule("R-POLL-1", ["BJ-VEM 23"],
          N_("a central venue, polling stations and mobile boxes with three scrutineers"),
          N_("Each committee votes at a central venue, and may add polling stations and mobile ballot boxes "
             "for those who cannot come. Each station and mobile box has at least three scrutineers.")),
    _rule("R-POLL-2", ["BJ-VEM 25", "DECISION"],
          N_("proxy votes: written, by a near relative, at most three"),
          N_("Only a registered voter away during the election may vote by proxy, authorised in writing before "
             "election day; the holder is a near relative registered in the same committee and holds at most "
             "three proxies; the list of proxies is published and checked when ballots are issued.")),
    _rule("R-POLL-3", [],
          N_("one ballot for each voter"),
          N_("Each voter (or household or group representative) is issued one ballot, at one place; a second "
             "is refused. A proxy holder is issued one ballot for each valid proxy.")),
    _rule("R-POLL-4", ["VCOL 15", "BJ-VEM 27"],
          N_("every box is counted in public at the central venue"),
          N_("Every ballot box is brought to the central venue and counted there in public; the result is "
             "announced on the spot.")),
    _rule("R-COUNT-1", ["VCOL 15", "BJ-VEM 28"],
          N_("the ballot is valid only when more than half the electorate votes"),
          N_("The ballot is valid only if the ballots cast are more than half of the electorate. Otherwise it is "
             "void and a new election is needed.")),
    _rule("R-COUNT-2", ["BJ-VEM 28"],
          N_("no more ballots cast than issued"),
          N_("If more ballots are cast than were issued, the ballot is void and is held again.")),
    _rule("R-COUNT-3", ["BJ-VEM 28"],
          N_("which ballots are invalid"),
          N_("A ballot that cannot be read is invalid as a whole but still counts as cast. A ballot that marks "
             "more names for a post than it has seats is invalid for that post; its other posts count.")),
    _rule("R-COUNT-4", ["VCOL 15", "BJ-VEM 29"],
          N_("elected with more than half of the ballots cast"),
          N_("On the first ballot a candidate or write-in person is elected only with more than half of the "
             "ballots cast; among those above it the most votes win, up to the post's seats.")),
    _rule("R-COUNT-5", ["DECISION"],
          N_("posts are decided from director down"),
          N_("Posts are decided in the order director, deputy director, member; a person elected to a post is "
             "not counted again for a lower one. A person tied for the last seat of a higher post who wins a "
             "lower post on the same ballot takes the lower seat and stands in the revote for the higher one; "
             "if they win it they move up, and their lower seat goes to a supplementary election. Nobody ever "
             "holds two seats.")),
    _rule("R-COUNT-6", ["BJ-VEM 29"],
          N_("a tie for the last seat goes to a further vote"),
          N_("Where candidates with equal votes compete for the last seats of a post, those seats are not "
             "filled; the tied candidates go to a further vote among themselves, with the same threshold.")),
    _rule("R-COUNT-7", ["VCOL 15", "BJ-VEM 30"],
          N_("seats left unfilled go to a supplementary election with one third of the votes"),
          N_("Seats left unfilled go to a supplementary election within 15 days. Its candidates are the "
             "non-elected of the first ballot in order of votes, one or two more than the seats; the most votes "
             "win provided each winner has at least one third of the ballots cast. The quorum applies to it too.")),
    _rule("R-COUNT-8", ["BJ-VEM 30"],
          N_("the assembly may leave seats empty after a supplementary election"),
          N_("If after a supplementary election more than three members including the director are elected, "
             "the assembly may decide to leave the remaining seats empty; the system records the decision.")),
    _rule("R-COUNT-9", ["DECISION"],
          N_("a member seat is kept for a woman"),
          N_("If the members elected include no woman and no woman was elected to another post, the last member "
             "seat stays vacant for a supplementary election in which only women stand. A write-in person who "
             "reaches the threshold must have a known sex: a result without it is refused, naming the person, "
             "rather than counted as if they were a man.")),
    _rule("R-COUNT-10", [],
          N_("turnout and what the result states"),
          N_("Turnout is ballots cast over the electorate. Results state the electorate, the ballots issued and "
             "cast, invalid ballots, every candidate's and write-in's votes, the threshold applied, who is "
             "elected, and the next step.")),
    _rule("R-COUNT-11", ["VCOL 17"],
          N_("a win obtained by fraud is void"),
          N_("A win obtained by violence, threats, deception, bribery, forged ballots or false counts is void: "
             "the city or district can annul it with a reason, and the seat goes to a by-election.")),
    _rule("R-CERT-1", [],
          N_("the results are announced the same day"),
          N_("When the result is valid, the results announcement is issued the same day.")),
    _rule("R-CERT-2", [],
          N_("each elected member receives a certificate of election"),
          N_("Each elected member receives a certificate of election from the township government or street "
             "office: name, committee, post, term, the round, issuing authority, date and a serial number that "
             "can be verified.")),
    _rule("R-CERT-3", ["BJ-VEM 31"],
          N_("certified results are locked"),
          N_("The result is filed with the township or street office; once certified, tallies and results are "
             "locked. A later correction is an amendment with a reason by an authorised official, kept in the "
             "audit log, and the affected documents are issued again.")),
    _rule("R-RECALL-1", ["VCOL 16", "BJ-VEM 33"],
          N_("how a member is recalled"),
          N_("A recall is started by at least one fifth of registered voters or one third of representatives; "
             "the vote is held within 30 days and passes when more than half of registered voters vote and more "
             "than half of those vote yes.")),
    _rule("R26-SIZE", ["RCOL-2026 8", "VCOL-2026 8"],
          N_("a woman on every committee, no close relatives together"),
          N_("Both kinds of committee must have at least one woman; close relatives may not sit on the same "
             "committee; the rule on ethnic minorities is dropped. The director may also be the Party "
             "secretary."), NATIONAL_2026),
    _rule("R26-MODE", ["RCOL-2026 13", "RCOL-2026 18"],
          N_("residents' representatives and the two-thirds quorum"),
          N_("A residents' committee may be elected by residents' representatives, one for every 20 to 50 "
             "households of a residents' group, chosen for the five-year term before the voter list is published "
             "and published with it. Quorum: more than half of registered voters (direct), more than half of "
             "household representatives, more than two thirds of representatives."), NATIONAL_2026),
    _rule("R26-ROLL", ["RCOL-2026 14", "VCOL-2026 15"],
          N_("who may be registered from 2026"),
          N_("Residents register by saying they will take part: (1) hukou in the community; (2) no hukou but "
             "habitually resident; (3) on application, a community worker without local hukou with at least six "
             "months' service, confirmed by the election committee. Villages: no hukou but living in the village "
             "for at least a year or working in village affairs, with consent. The household or new "
             "representatives are published with the voter list."), NATIONAL_2026),
    _rule("R26-CAND", ["RCOL-2026 15", "VCOL-2026 16"],
          N_("who nominates, and who is barred by law"),
          N_("Candidates are nominated by the community or village Party organisation, or (residents) jointly by "
             "at least 10 voters. Barred by law: expelled from the Party; criminal punishment; using criminal "
             "gangs; illegal religious or cult activity (villages also: clan forces interfering). An election "
             "committee member withdraws when they or a near relative are nominated. There are more candidates "
             "than seats."), NATIONAL_2026),
    _rule("R26-POLL", ["RCOL-2026 17", "VCOL-2026 17"],
          N_("any voter of the committee may hold a proxy"),
          N_("A proxy holder is any other registered voter of the same committee; at most three proxies each; "
             "candidates may not hold proxies; there is no proxy voting when representatives vote."),
          NATIONAL_2026),
    _rule("R26-RECALL", ["RCOL-2026 20"],
          N_("how a residents' committee member is recalled from 2026"),
          N_("A recall is started by at least one tenth of voters or household representatives, or one third of "
             "representatives; it is voted in the mode of the original election with its quorum, and passes with "
             "more than half of those voting."), NATIONAL_2026),
    _rule("R26-RELATIVES", ["DECISION"],
          N_("when two elected members are near relatives, one keeps the seat"),
          N_("When two elected members are near relatives, only one keeps the seat: the one with the higher "
             "post, or on the same post the one elected on an earlier ballot, then the one with more votes "
             "(with equal votes neither); the other seat goes to a supplementary election."), NATIONAL_2026),
)}


def rule(rule_id: str) -> Rule | None:
    return RULES.get(rule_id)


def cited(text: str) -> list[str]:
    """The rule ids a text names, in order, each once."""
    return list(dict.fromkeys(RULE_ID.findall(text)))
