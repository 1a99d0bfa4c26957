"""The demo's election days, through the same services as real work: every demo election that has
voted got its central venue and had ballots issued on its day, which is what moved it to
`voting`; 多福巷's day is today and under way: a central venue, two polling stations and a mobile
box with their staff, proxies recorded before the day, the demo issuer at the central venue, and
about a hundred ballots issued since the morning."""
from datetime import date, datetime, time, timedelta, timezone
from itertools import cycle

from sqlalchemy import select

from ..accounts.models import User
from ..accounts.services import create_user
from ..candidates import services as candidates
from ..clock import BEIJING
from ..extensions import db
from ..rolls.models import Household, Voter, VoterGroup
from ..rounds.models import CommitteeElection
from . import issuance, services

ISSUER = "issuer"  # the README's demo issuer, at 多福巷's central venue
TURNOUT = 0.7  # of the electorate, in the elections whose day is past
UNDER_WAY = 100  # ballots issued so far in 多福巷 today


def _moment(day: date, i: int) -> datetime:
    """The i-th issue of the day, one a minute from 8:00 Beijing time (today: early enough that the
    last is not later than now), as UTC."""
    start = datetime.combine(day, time(8), BEIJING)
    start = min(start, datetime.now(BEIJING) - timedelta(minutes=UNDER_WAY + 5))
    return (start + timedelta(minutes=i)).astimezone(timezone.utc)


def _electors(election: CommitteeElection) -> list[Voter]:
    return list(db.session.scalars(select(Voter).where(services.elector_condition(election))
                                   .order_by(Voter.number)))


def _place(election, kind, name, address, opens=time(8), closes=time(17), **serves):
    return services.add_place(election, services.PlaceInput(
        kind=kind, name=name, address=address, opens=opens, closes=closes, groups=serves.get("groups", []),
        households=serves.get("households", []), voters=serves.get("voters", [])))


def voted(election: CommitteeElection, day: date, turnout: float = TURNOUT) -> None:
    """An election whose day has come: its central venue, and ballots issued to `turnout` of its
    electors on the day, the first of which moved it to `voting` (R-POLL-3)."""
    central = _place(election, "central", "中心会场", election.venue or "居委会会议室")
    electors = _electors(election)
    for i, voter in enumerate(electors[:max(1, int(len(electors) * turnout))]):
        issuance.issue(central, str(voter.number), f"demo-{election.committee_code}-{voter.number}", None,
                       today=day, now=_moment(day, i))


def under_way(election: CommitteeElection, today: date, password: str) -> None:
    """多福巷 on its election day, this morning; the demo issuer's account has `password`."""
    groups = db.session.scalars(select(VoterGroup.name).where(VoterGroup.election_id == election.id)
                                .order_by(VoterGroup.id)).all()
    central = _place(election, "central", "中心会场", "多福巷社区居委会会议室")
    stations = [_place(election, "station", f"第{n}投票站", f"多福巷{n * 10}号活动室", groups=[group])
                for n, group in enumerate(groups[-2:], start=1)]
    served = {v for s in stations for v in _served(s)}
    people = [v for v in _electors(election) if v.id not in served]
    homebound = people[-8:]  # the mobile box visits those who cannot come
    mobile = _place(election, "mobile", "流动票箱", "上门投票", opens=time(9), closes=time(11),
                    voters=[str(v.number) for v in homebound])
    # Neither candidates nor their spouses and direct relatives serve or hold proxies (R-CAND-6).
    clear = [v for v in people[:-8] if not candidates.staff_problems(election, v.name, v.id_number)]
    staff_pool = iter(clear[len(clear) // 2:])
    for place in (central, *stations, mobile):
        roles = ["chief_scrutineer", "scrutineer", "scrutineer", "caller", "counter", "issuer"]
        if place.kind == "central":
            roles.append("ballot_writer")
        for role in roles:
            services.assign_staff(place, str(next(staff_pool).number), role, today=today - timedelta(days=3))
    _issuer_account(central, password)
    for place in (*stations, mobile):  # their issuers' passwords were handed out, not printed here
        services.create_issuer_account(next(s for s in place.staff if s.role == "issuer"))
    principals, holders = clear[:4], clear[4:6]
    for principal, holder in zip(principals, cycle(holders)):
        services.record_proxy(election, str(principal.number), str(holder.number), today - timedelta(days=3),
                              "在外地工作", today=today - timedelta(days=2))
    queue = [(station, v) for station in stations for v in _electors_of(election, station)[:12]]
    queue += [(mobile, v) for v in homebound[:5]]
    queue += [(central, v) for v in clear[10:10 + UNDER_WAY - 2 - len(queue)]]
    queue.sort(key=lambda item: item[1].number)  # as people came, to every place at once
    for i, (place, voter) in enumerate(queue):
        issuance.issue(place, str(voter.number), f"demo-{election.committee_code}-{voter.number}", None, today=today, now=_moment(today, i))
    for i, principal in enumerate(principals[:2]):  # two holders came with their written proxies
        holder = holders[i % len(holders)]
        issuance.issue(central, str(principal.number), f"demo-{election.committee_code}-proxy-{principal.number}", None,
                       holder_card=str(holder.number), today=today, now=_moment(today, UNDER_WAY + i))


def closed(election: CommitteeElection, today: date) -> None:
    """An election whose polls closed this afternoon: its central venue and a mobile box that
    visited the homebound, with three scrutineers each (R-POLL-1), and most electors voted."""
    central = _place(election, "central", "中心会场", election.venue or "居委会会议室")
    electors = _electors(election)
    homebound = electors[-5:]
    mobile = _place(election, "mobile", "流动票箱", "上门投票", opens=time(9), closes=time(11),
                    voters=[str(v.number) for v in homebound])
    clear = [v for v in electors[:-5] if not candidates.staff_problems(election, v.name, v.id_number)]
    for voter, role in zip(clear[-3:], ("chief_scrutineer", "scrutineer", "scrutineer")):
        services.assign_staff(mobile, str(voter.number), role, today=today - timedelta(days=3))
    queue = [(central, v) for v in electors[:-5][:int(len(electors) * TURNOUT)]] + [(mobile, v) for v in homebound[:4]]
    for i, (place, voter) in enumerate(queue):
        issuance.issue(place, str(voter.number), f"demo-{election.committee_code}-{voter.number}", None, today=today,
                       now=_moment(today, i))


def _served(place) -> set[int]:
    return {v.id for v in _electors_of(place.election, place)}


def _electors_of(election, place) -> list[Voter]:
    return list(db.session.scalars(select(Voter).join(Household, Household.id == Voter.household_id).where(
        services.elector_condition(election), services.served_condition(place.serves)).order_by(Voter.number)))


def _issuer_account(central, password: str) -> None:
    """The README's demo issuer, the account of the central venue's issuer."""
    assignment = next(s for s in central.staff if s.role == "issuer")
    user = db.session.scalar(select(User).where(User.username == ISSUER)) or create_user(
        ISSUER, password, "issuer", central.election.committee_code, display_name=f"{assignment.voter.name}（发票员）")
    assignment.user_id = user.id
    db.session.flush()
