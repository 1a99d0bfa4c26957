"""The results announcement (选举结果公告, R-CERT-1, R-COUNT-10), printed from the stored result the
day the ballot is counted: the electorate, ballots issued and cast, invalid ballots, turnout,
every candidate's and write-in's votes, who is elected to which post, and the signature lines of
the chief scrutineer, the scrutineers and the counter. An amended result (R-CERT-3) prints as a
re-issue that names the announcement it replaces."""
from datetime import timezone

from ..candidates.documents import POST_TEXT
from ..clock import BEIJING
from ..documents.pdf import render_pdf
from ..rolls.documents import cn_date, election_names
from .counting import count
from .parsing import parse_record

BALLOT_TEXT = {"first": "选举", "revote": "再次投票", "supplementary": "另行选举"}
ELECTORATE_TEXT = {"direct": "登记选民", "household": "登记户", "group_representative": "村民小组代表",
                   "representative": "居民代表"}
NEXT_TEXT = {"none": "", "revote_tied": "得票相等的候选人将再次投票。",
             "supplementary_election": "未选足的名额将在十五日内另行选举。",
             "new_election": "本次选举无效，将重新组织选举。"}


def announcement_context(ballot) -> dict:
    election = ballot.election
    result = count(parse_record(ballot.record))
    stored = ballot.result
    posts = [{"name": POST_TEXT[p.post], "seats": p.seats,
              "ranking": [{"name": e.name, "votes": e.votes, "elected": e.elected,
                           "write_in": e.standing == "write_in"} for e in p.ranking]}
             for p in result.posts]
    return {**election_names(election), "ballot_text": BALLOT_TEXT[ballot.kind], "number": ballot.number,
            "day": cn_date(ballot.held_on), "counted_on": cn_date(ballot.counted_on),
            "electorate_text": ELECTORATE_TEXT[election.mode], "stored": stored, "posts": posts,
            "elected": [{"post": POST_TEXT[e["post"]], "name": e["name"], "votes": e["votes"]}
                        for e in stored["elected"]],
            "turnout": f"{stored['turnout'] * 100:.2f}%", "threshold": stored["threshold"]["min_votes"],
            "next": NEXT_TEXT[stored["next"]], "amended": ballot.amended, "issued_on": cn_date(_issued_on(ballot))}


def _issued_on(ballot):
    """The day of this issue of the announcement: the count's, or the latest amendment's (R-CERT-3)."""
    amended = [e.at for s in ballot.sheets for e in s.entries if e.kind == "amendment"]
    if not amended:
        return ballot.counted_on
    latest = max(amended)
    return (latest if latest.tzinfo else latest.replace(tzinfo=timezone.utc)).astimezone(BEIJING).date()


def announcement_pdf(ballot) -> bytes:
    context = announcement_context(ballot)
    title = f"{context['election']}结果公告"
    number = f"RA-{ballot.election.committee_code}-{ballot.number}" + (f"-A{ballot.amended}" if ballot.amended else "")
    return render_pdf("print/results_announcement.html", {**context, "title": title},
                      number=number, round_=ballot.election.round)
