"""The printed documents of election day: the notice of places and times (投票站点公告), each mobile
box's voter list, the list of proxies for publication (R-POLL-2), and the ballot paper, as a
specimen for the public notice (样票) or as the master each place prints its count from.

The ballot is made from the latest published candidate list (R-CAND-5: its order is the ballot's):
one paper with a section per post, or one paper per post (the plan's ballot method), each with
the seats to fill, a box per candidate, lines for write-ins (另选他人) and the marking rules.
"""
from sqlalchemy import select

from ..candidates import services as candidates
from ..candidates.documents import POST_TEXT
from ..documents.pdf import render_pdf
from ..extensions import db
from ..rolls.documents import cn_date, election_names
from ..rolls.models import Household, Voter, VoterGroup
from ..rounds.models import CommitteeElection
from ..rulesets import POSTS
from ..tallies import ballots as tally_ballots
from . import services
from .models import PollingPlace

KIND_TEXT = {"central": "中心会场", "station": "投票站", "mobile": "流动票箱"}
# Who votes on the paper, when it is not every voter (R-MODE-3).
ELECTOR_TEXT = {"household": "户代表选票", "representative": "居民代表选票", "group_representative": "居民小组代表选票"}


class NoCandidateList(LookupError):
    """The ballot is printed from the published candidate list, and there is none yet."""


def _hm(moment) -> str:
    return moment.strftime("%H:%M")


def _served_text(election: CommitteeElection, place: PollingPlace) -> str:
    if place.kind == "central":
        return "未设投票站的全体选民" if any(p.kind == "station" for p in services.places(election)) else "全体选民"
    parts = []
    if place.serves.get("groups"):
        names = db.session.scalars(select(VoterGroup.name).where(VoterGroup.id.in_(place.serves["groups"]))
                                   .order_by(VoterGroup.name)).all()
        parts.append("、".join(names))
    if place.serves.get("households"):
        parts.append(f"{len(place.serves['households'])}户")
    if place.serves.get("voters"):
        parts.append(f"{len(place.serves['voters'])}名选民")
    return "；".join(parts)


def places_notice_pdf(election: CommitteeElection) -> bytes:
    """投票站点公告: every place, its kind, address, hours and whom it serves, and its staff."""
    names = election_names(election)
    rows = [{"kind": KIND_TEXT[p.kind], "name": p.name, "address": p.address, "hours": f"{_hm(p.opens)}—{_hm(p.closes)}",
             "serves": _served_text(election, p),
             "staff": "、".join(s.voter.name for s in p.staff if s.role in ("chief_scrutineer", "scrutineer"))}
            for p in services.places(election)]
    title = f"{names['place']}选举投票站点公告"
    return render_pdf("print/places_notice.html", {**names, "title": title, "rows": rows,
                                                   "election_day": cn_date(election.election_day)},
                      number=f"PN-{election.committee_code}", round_=election.round)


def mobile_list_pdf(place: PollingPlace) -> bytes:
    """The voters a mobile box (or a station) visits: number, name, household and group, with a
    column for the voter's signature on receiving the ballot."""
    election = place.election
    names = election_names(election)
    condition = services.list_condition(place, services.places(election))
    where = [services.elector_condition(election)] + ([condition] if condition is not None else [])
    rows = db.session.execute(select(Voter.number, Voter.name, Household.number, VoterGroup.name)
                              .join(Household, Household.id == Voter.household_id)
                              .outerjoin(VoterGroup, VoterGroup.id == Household.group_id)
                              .where(*where).order_by(Voter.number)).all()
    title = f"{names['place']}{place.name}选民名单"
    return render_pdf("print/place_voters.html", {
        **names, "title": title, "place": {"name": place.name, "kind": KIND_TEXT[place.kind], "address": place.address,
                                           "hours": f"{_hm(place.opens)}—{_hm(place.closes)}"},
        "rows": [{"number": n, "name": name, "household": h, "group": g or ""} for n, name, h, g in rows],
        "election_day": cn_date(election.election_day)},
        number=f"PV-{election.committee_code}-{place.id}", round_=election.round)


def proxies_pdf(election: CommitteeElection) -> bytes:
    """委托投票人员名单, posted before election day (R-POLL-2): principals and holders by roll number."""
    names = election_names(election)
    rows = [{"principal": p.principal.name, "principal_number": p.principal.number, "holder": p.holder.name,
             "holder_number": p.holder.number, "signed_on": cn_date(p.signed_on)}
            for p in services.proxies(election)]
    title = f"{names['place']}委托投票人员名单公告"
    return render_pdf("print/proxies.html", {**names, "title": title, "rows": rows,
                                             "election_day": cn_date(election.election_day),
                                             "limit": election.rules.proxies_per_holder,
                                             "relatives": election.rules.proxy_holder == "near_relative"},
                      number=f"PX-{election.committee_code}", round_=election.round)


PAPER_TEXT = {"first": "选票", "revote": "再次投票选票", "supplementary": "另行选举选票"}


def ballot_context(election: CommitteeElection) -> dict:
    """The paper of the ballot being prepared: the first from the published list; a revote or a
    supplementary election (R-COUNT-6/7) from its own candidates and open seats, on its own day."""
    later = tally_ballots.current(election)
    if later is not None and later.number > 1 and later.status == "open":
        names = election_names(election)
        sections = [{"name": POST_TEXT[p["post"]], "seats": p["seats"],
                     "candidates": [c["name"] for c in later.candidates if c["post"] == p["post"]]}
                    for p in later.posts if p["seats"]]
        return {**names, "sections": sections, "kind": ELECTOR_TEXT.get(election.mode, ""),
                "separate": election.ballot_method == "separate", "paper": PAPER_TEXT[later.kind],
                "election_day": cn_date(later.held_on)}
    entries = candidates.published_candidates(election)
    if not entries:
        raise NoCandidateList(election.committee_code)
    names = election_names(election)
    sections = []
    for post in POSTS:
        seats = getattr(election, f"seats_{post}") or 0
        people = [e["name"] for e in entries if e["post"] == post]
        if seats and people:
            sections.append({"name": POST_TEXT[post], "seats": seats, "candidates": people})
    return {**names, "sections": sections, "kind": ELECTOR_TEXT.get(election.mode, ""),
            "separate": election.ballot_method == "separate", "paper": PAPER_TEXT["first"],
            "election_day": cn_date(election.election_day)}


def ballot_pdf(election: CommitteeElection, *, specimen: bool) -> bytes:
    """The ballot: a specimen marked 样票 for the public notice, or the master each place prints."""
    context = ballot_context(election)
    title = f"{context['election']}{context['paper']}"
    return render_pdf("print/ballot.html", {**context, "title": title, "specimen": specimen},
                      number=f"BP-{election.committee_code}-{context['paper']}", round_=election.round)
