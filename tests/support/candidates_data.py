"""Candidates for tests: a committee election at nomination with a published roll of test people."""
from datetime import timedelta

from elections.candidates import services
from elections.candidates.services import TallyRow
from elections.rolls import services as rolls
from support.rolls_data import TODAY, person, planned, user
from support.transactions import save

VILLAGE = "110116107201"  # a village committee of 怀柔区 (R-CAND-1: nomination meeting)
NOMINATED_ON = TODAY + timedelta(days=9)  # after the objection period of the roll published on TODAY


def nominating(round_, code, voters: int = 30, **plan):
    """The election of `code`, its roll of `voters` test people published, at nomination.
    Person n is male when n is odd (the ID number's sex digit)."""
    election = planned(round_, code, **plan)
    for n in range(1, voters + 1):
        save(rolls.add_voter, election, person(n), user("committee"), today=TODAY)
    save(rolls.publish, election, user("committee"), today=TODAY)
    services.open_nomination(election, user("committee"), today=NOMINATED_ON)
    return election


def id_of(n: int) -> str:
    return person(n).id_number


def meeting(election, tally: list[tuple[int, str, int]], *, attendance=20, ballots=20, invalid=None, **kwargs):
    """Record a nomination meeting whose tally names person n for post with votes."""
    rows = [TallyRow(line, id_of(n), post, votes) for line, (n, post, votes) in enumerate(tally, start=1)]
    return save(services.record_meeting, election, held_on=NOMINATED_ON, attendance=attendance,
                ballots_cast=ballots, invalid=invalid or {}, rows=rows, actor=user("committee"),
                today=NOMINATED_ON, **kwargs)


def qualify(person_, actor="township"):
    """Vet a nominee completely with nothing found, and qualify them."""
    items = services.criteria_items(person_)
    for item in items:
        if item["list"] == "five_good":
            save(services.assess, person_, item["id"], True, "", user(actor))
        else:
            for department in item.get("departments") or ["选举委员会"]:
                save(services.record_finding, person_, item["id"], department, False, "", NOMINATED_ON,
                     actor=user(actor), today=NOMINATED_ON)
    return save(services.decide, person_, "qualified", [], "", user(actor), today=NOMINATED_ON)
