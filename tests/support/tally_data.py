"""Counting night for tests: an election voted on its day at a central venue (and optionally a
station), the sheets of its boxes as a clerk types them, and both clerks' entries."""
from datetime import timedelta

from elections.clock import beijing_today

from elections.accounts.services import create_user
from elections.extensions import db
from elections.polling import issuance
from elections.results import services as results
from elections.tallies import ballots as ballot_store
from elections.tallies import services as tallies
from support.accounts import IN_COMMITTEE, PASSWORD
from support.polling_data import place, published_election, scrutineers
from support.rolls_data import user
from support.transactions import save

# The candidates of support.polling_data, by name (居民0001 … 居民0009) and post; odd numbers are men.
NAMES = {n: f"居民{n:04d}" for n in range(1, 10)}
# Votes by candidate number for 50 ballots that fill every seat: director 居民0001 (31), deputy
# 居民0003 (30), members 居民0005/6/7/8.
CLEAR = {1: 31, 2: 15, 3: 30, 4: 16, 5: 40, 6: 38, 7: 36, 8: 30, 9: 20}


def clerk2():
    return user("clerk2") or save(create_user, "clerk2", PASSWORD, "clerk", IN_COMMITTEE, display_name="计票员二")


def voted(day, *, voters: int = 60, issued: int = 50, station: bool = False, code: str = IN_COMMITTEE, **kwargs):
    """An election whose day has come and gone: `issued` ballots at the central venue (and, with
    `station`, those of them numbered 55–60 at a station serving them). Returns (election, ballot, places)."""
    election = published_election(code, day, voters=voters, **kwargs)
    central = place(election, "central", staff=[(30, "issuer")])
    places = [central]
    if station:
        places.append(place(election, "station", voters=range(55, 61), staff=scrutineers(31)))
    for n in range(1, issued + 1):  # the first `issued` voters; those of 55–60 vote at the station
        target = places[1] if station and 55 <= n <= 60 else central
        save(issuance.issue, target, str(n), f"key-{code}-{n}", None, today=day)
    return election, ballot_store.current(election), places


def form(ballot, *, issued, found, invalid=0, votes=None, post_invalid=None, write_ins=None, proxy=0, mobile=0,
         written=0) -> dict:
    """The form a clerk submits: `votes` by candidate number (support.polling_data), `write_ins`
    {post: [(name, votes, gender)]}."""
    data = {"issued": str(issued), "found": str(found), "invalid": str(invalid), "proxy": str(proxy),
            "mobile": str(mobile), "written": str(written)}
    for post, _seats, people in ballot_store.layout(ballot).posts:
        for cid, name in people:
            number = next(n for n, text in NAMES.items() if text == name) if name in NAMES.values() else None
            data[f"{post}.{cid}"] = str((votes or {}).get(number, (votes or {}).get(name, 0)))
        data[f"{post}.invalid"] = str((post_invalid or {}).get(post, 0))
        for i, (name, count, gender) in enumerate((write_ins or {}).get(post, [])):
            data.update({f"{post}.w{i}.name": name, f"{post}.w{i}.votes": str(count), f"{post}.w{i}.gender": gender})
    return data


def figures(ballot, **kwargs) -> dict:
    from elections.tallies import sheet
    reading = sheet.read(form(ballot, **kwargs), ballot_store.layout(ballot))
    assert not reading.problems, reading.problems
    return reading.figures


def enter_twice(ballot, target, day, notes=None, **kwargs):
    """Both clerks enter the same figures: the sheet is final."""
    data = figures(ballot, **kwargs)
    save(tallies.enter, ballot, target.id, data, notes or {}, user("clerk"), today=day)
    db.session.refresh(ballot)
    return save(tallies.enter, ballot, target.id, data, notes or {}, clerk2(), today=day + timedelta(hours=0))


def certified_two_days_ago(_app):
    """A snapshot's build: 多福巷 voted two days ago (50 of 60), counted and certified, six members."""
    day = beijing_today() - timedelta(days=2)
    election, ballot, (central,) = voted(day)
    enter_twice(ballot, central, day, issued=50, found=50, votes=CLEAR)
    results.certify(election, user("township"), today=day)
