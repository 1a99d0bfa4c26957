"""The written decision on a barred nominee (候选人资格审查决定书, R-CAND-3): who, for which
committee and post, vetted against which version of the criteria, barred on which items, on what
evidence, when, signed by the township government or street office and numbered
（年）简称审字第N号, N being the vetting file's number.

Chinese whatever the reader's locale, like every printed document (templates/print/). It goes to
the nominee, so it names the person and no ID number.
"""
from ...documents.pdf import render_pdf
from ...geography.authority import issuing_authority
from ...rolls.documents import cn_date, place_name
from ...rounds.labels import term_label
from . import law as vetting
from ..labels import POST_LABELS
from ..models import Nominee

POST_TEXT = {"director": "主任", "deputy_director": "副主任", "member": "委员"}
SEX_TEXT = {"M": "男", "F": "女"}
# What a township's name ends with, longest first, and what is left is its short name in a serial.
TOWNSHIP_SUFFIXES = ("街道办事处", "地区办事处", "满族乡", "回族乡", "蒙古族乡", "办事处", "街道", "地区", "镇", "乡")


def short_name(township_name: str) -> str:
    """东华门街道办事处 → 东华门, 汤河口镇 → 汤河口, 喇叭沟门满族乡 → 喇叭沟门: how a serial names
    the township."""
    for suffix in TOWNSHIP_SUFFIXES:
        if township_name.endswith(suffix) and len(township_name) > len(suffix):
            return township_name[:-len(suffix)]
    return township_name


def serial(file, township_name: str) -> str:
    return f"（{file.decided_on.year}）{short_name(township_name)}审字第{file.id}号"


def decision_context(person: Nominee) -> dict:
    """What the written decision prints. Raises ValueError unless the nominee is barred."""
    file = person.vetting
    if file is None or file.decision != "barred":
        raise ValueError(f"nominee {person.id} has not been barred")
    election = person.election
    committee = election.committee
    township = committee.parent
    village = election.kind == "village"
    place = place_name(committee.name, election.kind)
    items = {item["id"]: item for item in file.criteria.items}
    assessments = {a.item_id: a for a in file.assessments}
    holding = [f for f in file.findings if f.holds]

    def finding_text(item_id: str) -> str:
        found = [f for f in holding if f.item_id == item_id
                 and not vetting.lapsed(items[item_id], f.ended_on, election.election_day)]
        return "；".join(f"{f.department}{cn_date(f.found_on)}查明" + (f"：{f.evidence}" if f.evidence else "")
                         for f in found)

    barred = [items[i] for i in file.barred_items or [] if i in items]
    posts = [POST_TEXT[p] for p in POST_LABELS if p in {n.post for n in person.nominations}]
    return {
        "title": "候选人资格审查决定书",
        "township": township.name,
        "issuer": issuing_authority(township),
        "serial": serial(file, township.name),
        "name": person.name,
        "sex": SEX_TEXT.get(person.sex, ""),
        "committee": committee.name,
        "election": f"{place}{term_label(election.round.term_for(election.kind))}"
                    f"{'村民委员会' if village else '居民委员会'}选举",
        "body": "村民委员会" if village else "居民委员会",
        "posts": "、".join(posts),
        "round": election.round.name,
        "criteria_version": file.criteria.version,
        "departments": "、".join(dict.fromkeys(f.department for f in file.findings if f.department)),
        "ten_cannot": [{"id": item["id"], "text": item["zh"], "found": finding_text(item["id"])}
                       for item in barred if item["list"] == vetting.TEN_CANNOT],
        "five_good": [{"id": item["id"], "text": item["zh"],
                       "note": assessments[item["id"]].note if item["id"] in assessments else ""}
                      for item in barred if item["list"] == vetting.FIVE_GOOD],
        "evidence": file.evidence or "",
        "decided_on": cn_date(file.decided_on),
    }


def decision_pdf(person: Nominee) -> bytes:
    """The written decision of a barred nominee, one A4 page. Raises ValueError unless barred."""
    return render_pdf("print/vetting_decision.html", decision_context(person),
                      number=f"VD-{person.election.committee_code}-{person.id}", round_=person.election.round)


def letter_pdf(round_, township, department: str, asked: list, today) -> bytes:
    """The letter (函) asking one department to check the listed nominees on its ten-cannot items,
    with the nominees' whole ID numbers, by which departments search their records. The rows are
    those of the letter's workbook, which the department fills in and returns."""
    people, seen = [], set()
    for person, _item in asked:
        if person.id not in seen:
            seen.add(person.id)
            people.append(person)
    items = {}
    for _person, item in asked:
        items.setdefault(item["id"], item)
    asked_of = {}
    for person, item in asked:
        asked_of.setdefault(person.id, []).append(item["id"])
    return render_pdf("print/vetting_letter.html", {
        "title": "关于商请对村（居）民委员会成员候选人初步人选进行资格审查的函",
        "township": township.name, "issuer": issuing_authority(township), "department": department,
        "round": round_.name, "date": cn_date(today),
        "items": list(items.values()),
        "people": [{"number": person.id, "committee": person.election.committee.name, "name": person.name,
                    "sex": SEX_TEXT.get(person.sex, ""), "id_number": person.voter.id_number,
                    "posts": "、".join(POST_TEXT[p] for p in POST_LABELS if p in {n.post for n in person.nominations}),
                    "asked": "、".join(asked_of[person.id])} for person in people],
    }, number=f"VL-{township.code}-{today:%Y%m%d}", round_=round_)
