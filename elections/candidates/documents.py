"""The printed candidate list (候选人名单公告, R-CAND-5): the candidates of each post in ballot order,
that is in order of nomination votes, with the election day and venue; a re-issued version says
so and names who withdrew, when and why. Posted in public, so it names people and prints no ID
number: the frozen entries of a published list hold names, sex and votes only.
"""
from datetime import date
from itertools import groupby

from sqlalchemy import select

from ..documents.pdf import render_pdf
from ..extensions import db
from ..rolls.documents import election_names, cn_date
from ..rounds.labels import term_label
from ..rounds.models import CommitteeElection
from ..rulesets import POSTS
from .models import CandidateList

# Chinese whatever the reader's locale: printed documents are Chinese official documents.
POST_TEXT = {"director": "主任", "deputy_director": "副主任", "member": "委员"}
SEX_TEXT = {"M": "男", "F": "女"}


class NotPublished(LookupError):
    """No published candidate list of that number."""


def _list(election: CommitteeElection, number: int) -> CandidateList:
    found = db.session.scalar(select(CandidateList).where(CandidateList.election_id == election.id,
                                                          CandidateList.number == number))
    if found is None:
        raise NotPublished(f"{election.committee_code}: no published candidate list {number}")
    return found


def title_of(election: CommitteeElection) -> str:
    """多福巷社区居民委员会第十一届成员候选人名单公告, 前辛庄村村民委员会第十二届成员候选人名单公告."""
    place = election_names(election)["place"]
    body = "村民委员会" if election.kind == "village" else "居民委员会"
    return f"{place}{body}{term_label(election.round.term_for(election.kind))}成员候选人名单公告"


def candidate_list_context(election: CommitteeElection, number: int) -> dict:
    issued = _list(election, number)
    entries = list(issued.entries)
    rank = {post: i for i, post in enumerate(POSTS)}
    posts = []
    for post, rows in groupby(entries, key=lambda e: e["post"]):
        rows = list(rows)
        posts.append({"post": post, "name": POST_TEXT.get(post, post), "seats": getattr(election, f"seats_{post}") or 0,
                      "candidates": [{"name": e["name"], "sex": SEX_TEXT.get(e["sex"], e["sex"]),
                                      "votes": e["votes"]} for e in rows]})
    posts.sort(key=lambda p: rank.get(p["post"], len(rank)))
    withdrawn = [{"name": w["name"], "post": POST_TEXT.get(w["post"], w["post"]),
                  "on": cn_date(date.fromisoformat(w["on"])), "reason": w["reason"]} for w in issued.withdrawn]
    # A re-issue after a withdrawal gives the withdrawal as its reason: the list of those who
    # withdrew says it already, with the date as people write it.
    told = {f"{w['name']}于{w['on']}退出：{w['reason']}" for w in issued.withdrawn}
    names = election_names(election)
    return {
        **names,
        "title": title_of(election),
        "number": issued.number,
        "reissued": issued.number > 1,
        "reason": None if issued.reason in told else issued.reason,
        "published_on": cn_date(issued.published_on),
        "election_day": cn_date(election.election_day),
        "venue": election.venue,
        "posts": posts,
        "withdrawn": withdrawn,
        "village": election.kind == "village",
    }


def candidate_list_pdf(election: CommitteeElection, number: int) -> bytes:
    """The notice of published list `number`, on one A4 page for a committee's usual slate.
    Raises NotPublished for a list that does not exist."""
    context = candidate_list_context(election, number)
    return render_pdf("print/candidate_list.html", context, number=f"CL-{election.committee_code}-{number}",
                      round_=election.round)
