"""The printed roll documents: the published voter list (选民榜, R-ROLL-5) with the changes of each
new version marked (R-ROLL-7), the voter cards (参选证, R-ROLL-5), a township's batch of either, and
the written decision on an objection (R-ROLL-5).

The list and the decision are posted in public, so they name people and nothing else: the voter
query below selects no ID number, birth date or address, so nothing personal can reach a template
by mistake. A township's batch is one PDF joined from one layout per committee, each numbered
第 N 页 / 共 M 页 on its own, so it can be posted or cut apart by committee.
"""
import io
import re
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from flask_babel import force_locale, gettext
from pypdf import PdfReader, PdfWriter
from sqlalchemy import func, or_, select

from ..documents.pdf import render_pdf
from ..extensions import db
from ..law.catalogue import RULESET_NAMES
from ..rounds import calendar
from ..rounds.labels import term_label
from ..rounds.models import CommitteeElection, Round
from .models import GroupRepresentative, Household, Objection, RollChange, RollVersion, Voter, VoterGroup

# R-ROLL-7: the reasons of eligibility.ADDITION_REASONS and REMOVAL_REASONS as the list prints
# them, short enough to stand beside a name. Chinese whatever the reader's locale: these are
# Chinese official documents, like every printed document (templates/print/).
ADDITION_REASON_TEXT = {
    "turned_18": "年满十八周岁",
    "moved_in": "迁入",
    "rights_restored": "恢复选举权利",
    "objection_upheld": "异议成立",
    "consent_given": "经同意登记",
    "opted_in": "本人表示参加选举",
}
REMOVAL_REASON_TEXT = {
    "died": "死亡",
    "moved_out": "迁出",
    "rights_lost": "被剥夺政治权利",
    "objection_upheld": "异议成立",
    "no_legal_capacity": "无民事行为能力",
    "unreachable": "无法联系",
}
BATCH_KINDS = ("list", "cards")
UNGROUPED = "未分组"


class NotPublished(LookupError):
    """The version asked for, or any version in a township, has not been published."""


@dataclass(frozen=True)
class Entry:
    """One person on one version of a list: what the documents may print, and nothing else."""

    voter_id: int
    number: int  # on the roll (编号), as the committee page and objections cite it
    name: str
    group_id: int | None
    group: str
    household: str
    mark: str | None  # None, "added" (listed in this version) or "removed" (delisted in it)


def cn_date(day: date | None) -> str | None:
    """2026年5月10日: dates on Chinese official documents, without leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日" if day else None


def place_name(committee_name: str, kind: str) -> str:
    """The place a committee serves, as election documents name it: 多福巷社区居委会 → 多福巷社区,
    前辛庄村委会 → 前辛庄村 (the 村 of 村委会 belongs to the village's name)."""
    for suffix in ("居民委员会", "村民委员会", "居委会", "村委会", "委员会"):
        if committee_name.endswith(suffix):
            stem = committee_name[:-len(suffix)]
            if kind == "village" and not stem.endswith("村"):
                stem += "村"
            return stem
    return committee_name


def _natural(text: str) -> tuple:
    """Household numbers in the committee's order: 2 before 10, 3-2-101 before 3-10-1."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text) if part)


def election_names(election: CommitteeElection) -> dict:
    """How the documents of one committee election name it, its election and its election committee."""
    committee = election.committee
    place = place_name(committee.name, election.kind)
    village = election.kind == "village"
    township = committee.parent
    return {
        "place": place,
        "election": f"{place}{term_label(election.round.term_for(election.kind))}"
                    f"{'村民委员会' if village else '居民委员会'}选举",
        "election_committee": f"{place}{'村民' if village else '居民'}选举委员会",
        "issuer": " · ".join(u.name for u in (township.parent, township, committee) if u is not None),
        "law": printed_ruleset(election),
    }


def printed_ruleset(election: CommitteeElection) -> str:
    """The rule set of the election's day (rules.md), as every document of the election names it:
    in Chinese, whatever the reader's language, like the documents themselves."""
    with force_locale("zh"):
        return "适用规则：" + gettext(RULESET_NAMES[election.rules.name])


def _version(election: CommitteeElection, number: int) -> RollVersion:
    version = db.session.scalar(select(RollVersion).where(
        RollVersion.election_id == election.id, RollVersion.number == number))
    if version is None:
        raise NotPublished(f"{election.committee_code}: no published version {number} of the voter list")
    return version


def _entries(election: CommitteeElection, number: int, *, with_removed: bool) -> list[Entry]:
    """The people of version `number` in list order (group, household, voter), marked with the
    changes the version publishes (R-ROLL-7); `with_removed` keeps those it removes, for marking.

    Groups print in the order they were created (the order of the committee's roll file), since
    their names (第一居民小组, 一组, 东区) have no order of their own; households without a group last.
    """
    last_removed = number if with_removed else number + 1
    rows = db.session.execute(
        select(Voter.id, Voter.number, Voter.name, Voter.listed_in, Voter.delisted_in, Household.number,
               VoterGroup.id, VoterGroup.name)
        .join(Household, Voter.household_id == Household.id)
        .outerjoin(VoterGroup, Household.group_id == VoterGroup.id)
        .where(Voter.election_id == election.id, Voter.listed_in <= number,
               or_(Voter.delisted_in.is_(None), Voter.delisted_in >= last_removed))).all()
    entries = [
        Entry(voter_id, voter_number, name, group_id, group_name or UNGROUPED, household,
              "removed" if delisted_in == number else "added" if listed_in == number > 1 else None)
        for voter_id, voter_number, name, listed_in, delisted_in, household, group_id, group_name in rows]
    entries.sort(key=lambda e: (e.group_id is None, e.group_id or 0, _natural(e.household), e.number))
    return entries


def _changes(election: CommitteeElection, number: int) -> dict[tuple[int, str], RollChange]:
    """The RollChanges version `number` published, by voter and mark: the reason and day of each."""
    changes = db.session.scalars(select(RollChange).where(
        RollChange.election_id == election.id, RollChange.published_in == number))
    return {(change.voter_id, "added" if change.kind == "addition" else "removed"): change for change in changes}


def _objection_period(version: RollVersion, election: CommitteeElection) -> dict:
    """R-ROLL-5, from the rule set: objections within N days of publication (the same last day as
    the calendar's), each decided within M days of receipt."""
    rules = election.rules
    return {"objection_days": rules.objection_days, "decision_days": rules.objection_decision_days,
            "objections_close": cn_date(calendar.objections_close(version.published_on, rules))}


def _list_section(election: CommitteeElection, version: RollVersion) -> dict:
    """One committee's published list: households by group, the changes, the counts."""
    entries = _entries(election, version.number, with_removed=True)
    published = _changes(election, version.number)
    texts = {"added": ADDITION_REASON_TEXT, "removed": REMOVAL_REASON_TEXT}

    def change(entry: Entry) -> dict:
        found = published.get((entry.voter_id, entry.mark))
        return {"name": entry.name, "number": entry.number, "mark": entry.mark, "group": entry.group, "household": entry.household,
                "reason": texts[entry.mark][found.reason] if found else "",
                "on": cn_date(found.on_date) if found else ""}

    marked = {e.voter_id: change(e) for e in entries if e.mark}
    groups = []
    for (_, name), in_group in groupby(entries, key=lambda e: (e.group_id, e.group)):
        households, voters = [], 0
        for number, people in groupby(in_group, key=lambda e: e.household):
            people = [marked.get(e.voter_id) or {"name": e.name, "number": e.number, "mark": None} for e in people]
            listed = sum(p["mark"] != "removed" for p in people)
            households.append({"number": number, "voters": people, "listed": listed > 0})
            voters += listed
        groups.append({"name": name, "households": households, "voters": voters,
                       "household_count": sum(h["listed"] for h in households)})
    changes = sorted(marked.values(), key=lambda c: c["mark"])  # additions, then removals, each in list order
    names = election_names(election)
    return {
        **names, **_objection_period(version, election),
        "title": f"{names['election']}选民榜（第{version.number}版）",
        "version": version.number,
        "published_on": cn_date(version.published_on),
        "election_day": cn_date(election.election_day),
        "groups": groups,
        "changes": changes,
        "additions": sum(c["mark"] == "added" for c in changes),
        "removals": sum(c["mark"] == "removed" for c in changes),
        "registered": sum(g["voters"] for g in groups),
        "households": sum(g["household_count"] for g in groups),
        "representatives": _representatives(election, entries),
    }


# R26-MODE / R26-ROLL: who is published with the voter list, by the rule set of the election day.
REPRESENTATIVES_TITLE = {"household_representatives": "户代表名单", "residents_representatives": "居民代表名单"}


def _representatives(election: CommitteeElection, entries: list[Entry]) -> dict | None:
    """The household representatives, or the residents' representatives chosen for the term, that
    the rule set publishes with the list (R26-ROLL, R26-MODE): by group, each with their number."""
    which = election.rules.published_with_roll.get(election.mode)
    if which is None:
        return None
    listed = {e.voter_id: e for e in entries if e.mark != "removed"}
    if which == "household_representatives":
        chosen = db.session.scalars(select(Voter.id).where(Voter.election_id == election.id,
                                                            Voter.household_representative)).all()
    else:
        chosen = db.session.scalars(select(GroupRepresentative.voter_id).join(
            VoterGroup, VoterGroup.id == GroupRepresentative.group_id).where(VoterGroup.election_id == election.id)).all()
    people = sorted((listed[i] for i in chosen if i in listed),
                    key=lambda e: (e.group_id is None, e.group_id or 0, _natural(e.household), e.number))
    groups = [{"name": name, "people": [{"number": e.number, "name": e.name, "household": e.household} for e in group]}
              for (_, name), group in groupby(people, key=lambda e: (e.group_id, e.group))]
    return {"title": REPRESENTATIVES_TITLE[which], "groups": groups, "count": len(people),
            "household": which == "household_representatives"}


def _card_deck(election: CommitteeElection, version: RollVersion) -> dict:
    """One committee's voter cards: the registered voters of the version in list order, so that the
    cut stacks come out in the order of the posted list, each with the voter's number on the roll."""
    entries = _entries(election, version.number, with_removed=False)
    width = max(4, len(str(max((e.number for e in entries), default=0))))
    names = election_names(election)
    return {
        **names,
        "title": f"{names['election']}参选证（第{version.number}版选民名单）",
        "election_day": cn_date(election.election_day),
        "venue": election.venue,
        "cards": [{"number": str(e.number).zfill(width), "name": e.name, "household": e.household}
                  for e in entries],
    }


def voter_list_pdf(election: CommitteeElection, version_number: int) -> bytes:
    """The 选民榜 of one published version, for posting (R-ROLL-5): names only, by group and
    household, three households to a row; a version after the first lists and marks its additions
    and removals (R-ROLL-7). Raises NotPublished for a version that does not exist."""
    section = _list_section(election, _version(election, version_number))
    return render_pdf("print/voter_list.html", {"title": section["title"], "lists": [section]},
                      number=f"RL-{election.committee_code}-V{version_number}", round_=election.round)


def voter_cards_pdf(election: CommitteeElection, version_number: int) -> bytes:
    """The 参选证 of every registered voter of one published version (R-ROLL-5), eight to an A4
    sheet with cut lines. Raises NotPublished for a version that does not exist."""
    deck = _card_deck(election, _version(election, version_number))
    return render_pdf("print/voter_cards.html", {"title": deck["title"], "decks": [deck]},
                      number=f"VC-{election.committee_code}-V{version_number}", round_=election.round)


def published_in_township(round_: Round, township_code: str) -> list[tuple[CommitteeElection, RollVersion]]:
    """Every committee of the township with a published list, and its latest version, by code."""
    latest = (select(RollVersion.election_id, func.max(RollVersion.number).label("number"))
              .group_by(RollVersion.election_id).subquery())
    return list(db.session.execute(
        select(CommitteeElection, RollVersion)
        .join(latest, latest.c.election_id == CommitteeElection.id)
        .join(RollVersion, (RollVersion.election_id == CommitteeElection.id) & (RollVersion.number == latest.c.number))
        .where(CommitteeElection.round_id == round_.id, CommitteeElection.township_code == township_code)
        .order_by(CommitteeElection.committee_code)).all())


def township_batch_pdf(round_: Round, township_code: str, what: str, *, progress=None) -> bytes:
    """The lists (`what="list"`) or the cards (`"cards"`) of every committee of a township with a
    published roll, each at its latest version and starting on a page of its own, as one PDF.

    Each committee is laid out on its own and the PDFs are joined (pypdf): WeasyPrint holds every
    laid-out page until it writes, ~1.3 MB a card sheet, so one layout of a 30,000-voter township's
    cards took 5.5 GB; this way memory is that of the largest committee. `progress(done, total)` is
    called after each committee. Raises NotPublished when no committee has published its list.
    """
    if what not in BATCH_KINDS:
        raise ValueError(f"what is one of {BATCH_KINDS}, not {what!r}")
    published = published_in_township(round_, township_code)
    if not published:
        raise NotPublished(f"{township_code}: no committee has published its voter list")
    maker = voter_list_pdf if what == "list" else voter_cards_pdf
    writer = PdfWriter()
    for done, (election, version) in enumerate(published, 1):
        writer.append(PdfReader(io.BytesIO(maker(election, version.number))))
        db.session.expire_all()  # the committee's rows, no longer needed
        if progress:
            progress(done, len(published))
    writer.add_metadata({"/Title": f"{published[0][0].committee.parent.name}{'选民榜' if what == 'list' else '参选证'}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def objection_notice_pdf(objection: Objection) -> bytes:
    """The written decision on an objection (R-ROLL-5: decided in writing within the rule set's days
    of receipt, and published): who lodged it and when, about whom, what was asked and why, and
    the decision; upheld, the change it makes to the roll (R-ROLL-7). Posted in public, so it
    names people and prints no ID number or contact. Raises ValueError while it is undecided."""
    if objection.decision is None:
        raise ValueError(f"objection {objection.id} has not been decided")
    election = objection.election
    published = _version(election, objection.version_number)
    change = db.session.scalar(select(RollChange).where(RollChange.objection_id == objection.id))
    republished = None
    if change is not None and change.published_in is not None:
        republished = _version(election, change.published_in)
    # Decisions are numbered per committee election in the order the objections were recorded.
    sequence = db.session.scalar(select(func.count()).select_from(Objection).where(
        Objection.election_id == election.id, Objection.id <= objection.id))
    names = election_names(election)
    return render_pdf("print/objection_notice.html", {
        **names, **_objection_period(published, election),
        "title": "关于选民名单异议的处理决定",
        "sequence": sequence,
        "lodged_by": objection.lodged_by,
        "received_on": cn_date(objection.received_on),
        "version": published.number,
        "published_on": cn_date(published.published_on),
        "request": objection.request,
        "subject": objection.subject_name,
        "grounds": objection.grounds,
        "decision": objection.decision,
        "decision_text": objection.decision_text or "",
        "decided_on": cn_date(objection.decided_on),
        "republished": {"version": republished.number, "on": cn_date(republished.published_on)}
        if republished else None,
    }, number=f"OB-{election.committee_code}-{sequence}", round_=election.round)
