"""Vetting in the web app (R-CAND-3): the queue, a nominee's file, the departments' findings, the
township's decision, and what a vetting department's account may see and do."""
import copy
from datetime import date

import pytest
from sqlalchemy import func, select

from support.candidates_data import NOMINATED_ON, id_of, nominating
from support.accounts import IN_COMMITTEE, IN_TOWNSHIP, PASSWORD, login
from elections.accounts.services import create_user
from elections.audit.models import AuditEntry
from elections.candidates import services
from elections.candidates.models import Finding, Nominee
from elections.extensions import db
from elections.rounds import services as rounds
from support.rolls_data import DAY, open_round, user
from support.transactions import save

OUT_TOWNSHIP = "110102001000"  # 西长安街街道, outside 东华门
SIGNERS = [id_of(n) for n in range(11, 21)]  # ten registered voters sign every joint nomination
GONGAN = ["SB-2", "SB-3", "SB-4", "TC-1", "TC-2", "TC-3", "TC-6"]  # the items that name 公安 (R26-CAND's bars too)


def department_user(username, department, unit=IN_TOWNSHIP):
    return create_user(username, PASSWORD, "department", unit, display_name=f"{department}（{username}）",
                       department=department)


def vetting_round(lookback=5):
    """A round whose criteria give TC-1 (a criminal penalty) a look-back of `lookback` years."""
    round_ = open_round()
    items = copy.deepcopy(rounds.current_criteria(round_).items)
    next(i for i in items if i["id"] == "TC-1")["lookback_years"] = lookback
    rounds.save_criteria(round_, items, "刑事处罚回溯五年", user("city"))
    return round_


def nominate(election, *people: tuple[int, str]):
    """Joint nominations (residents' committee, R-CAND-1) of person n for post."""
    return [save(services.add_joint_nomination, election, who=id_of(n), post=post, method="voters",
                 signers=SIGNERS, submitted_on=NOMINATED_ON, actor=user("committee"), today=NOMINATED_ON)
            for n, post in people]


def answer_all(person, *, holding=None, actor="township", except_=()):
    """Assess every five-good item as met and answer every ten-cannot item for every department
    the item names; `holding` maps item id → (evidence, ended_on) for the items that hold."""
    holding = holding or {}
    for item in services.criteria_items(person):
        if item["list"] == "five_good":
            save(services.assess, person, item["id"], True, "", user(actor))
            continue
        for department in item.get("departments") or ["选举委员会"]:
            if (item["id"], department) in except_:
                continue
            evidence, ended_on = holding.get(item["id"], ("", None))
            save(services.record_finding, person, item["id"], department, item["id"] in holding, evidence,
                 NOMINATED_ON, ended_on, actor=user(actor), today=NOMINATED_ON)


@pytest.fixture
def election(app):
    round_ = vetting_round()
    election = nominating(round_, IN_COMMITTEE, voters=30)
    nominate(election, (1, "director"), (2, "director"), (3, "deputy_director"), (4, "member"))
    return election


def people(election) -> list[Nominee]:
    return services.nominees(election)


def file_url(election, person, tail=""):
    return f"/rounds/{election.round_id}/vetting/{IN_COMMITTEE}/nominees/{person.id}{tail}"


def queue_url(election, code=IN_TOWNSHIP):
    return f"/rounds/{election.round_id}/vetting/{code}"


def finding(item, department, holds=False, evidence="", found_on=NOMINATED_ON, ended_on=None):
    data = {"item": item, "department": department, "holds": "yes" if holds else "no", "evidence": evidence,
            "found_on": found_on.isoformat()}
    if ended_on:
        data["ended_on"] = ended_on.isoformat()
    return data


def findings_of(person) -> list[Finding]:
    db.session.expire_all()
    return db.session.scalars(select(Finding).order_by(Finding.id)).all()


def test_r_cand_3_department_sees_and_answers_only_its_own_rows(election, client):
    department_user("gongan", "公安")
    person = people(election)[0]
    login(client, "gongan")
    page = client.get(file_url(election, person)).text
    assert 'data-department="公安"' in page and 'data-department="法院"' not in page
    for item in GONGAN:
        assert f'data-item="{item}"' in page
    assert 'data-item="TC-4"' not in page  # 纪检监察、检察院
    assert "政治素质好" not in page and 'id="five-good"' not in page  # no five-good assessments
    # The department checks its records by the whole ID number of the nominees it is asked about.
    number = person.voter.id_number
    assert number in page
    assert db.session.scalar(select(func.count()).where(AuditEntry.action == "lookup.vetting_file",
                                                        AuditEntry.actor == "gongan")) == 1
    assert "0 / 7" in page.split('id="progress"')[1].split("</td>")[0]

    answered = client.post(file_url(election, person, "/findings"), data=finding("TC-1", "公安"))
    assert answered.status_code == 302
    assert [(f.item_id, f.department, f.entered_by) for f in findings_of(person)] == [("TC-1", "公安", "gongan")]

    # Another department's row of the same item, or an item that does not name 公安: refused.
    other = client.post(file_url(election, person, "/findings"), data=finding("TC-1", "法院"))
    assert other.status_code == 422 and "公安" in other.text
    not_ours = client.post(file_url(election, person, "/findings"), data=finding("TC-4", "公安"))
    assert not_ours.status_code == 422 and "纪检监察" in not_ours.text
    assert len(findings_of(person)) == 1
    # Nor may a department assess, decide or print.
    assert client.post(file_url(election, person, "/assess"), data={"meets_FG_1": "yes"}).status_code == 403
    assert client.post(file_url(election, person, "/decide"), data={"decision": "qualified"}).status_code == 403
    assert client.get(file_url(election, person, "/decision.pdf")).status_code == 403


def test_r_cand_3_department_records_nothing_found_on_all_its_items_at_once(election, client):
    department_user("gongan", "公安")
    person = people(election)[1]
    login(client, "gongan")
    response = client.post(file_url(election, person, "/findings"),
                           data={"bulk": "1", "found_on": NOMINATED_ON.isoformat(), "evidence": "经查询人口信息系统无记录"})
    assert response.status_code == 302
    found = findings_of(person)
    assert sorted(f.item_id for f in found) == GONGAN
    assert all(f.department == "公安" and not f.holds and f.evidence == "经查询人口信息系统无记录" for f in found)
    again = client.post(file_url(election, person, "/findings"),
                        data={"bulk": "1", "found_on": NOMINATED_ON.isoformat()})
    assert again.status_code == 422 and "没有待答复的事项" in again.text


def test_r_cand_3_an_official_records_any_departments_answer(election, client):
    person = people(election)[0]
    login(client, "township")
    page = client.get(file_url(election, person)).text
    assert 'data-department="法院"' in page and 'data-department="公安"' in page and "政治素质好" in page
    assert person.voter.id_number in page  # officials see the whole ID number
    response = client.post(file_url(election, person, "/findings"),
                           data=finding("TC-1", "法院", holds=True, evidence="（2019）京0101刑初12号判决书"))
    assert response.status_code == 302
    [entry] = findings_of(person)
    assert (entry.department, entry.holds, entry.entered_by) == ("法院", True, "township")
    missing_evidence = client.post(file_url(election, person, "/findings"), data=finding("TC-2", "公安", holds=True))
    assert missing_evidence.status_code == 422 and "证据" in missing_evidence.text
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "vetting.finding")).all()
    assert len(audit) == 1 and audit[0].after["department"] == "法院"


def test_r_cand_3_five_good_assessed_in_one_form(election, client):
    person = people(election)[0]
    login(client, "township")
    response = client.post(file_url(election, person, "/assess"), data={
        "meets_FG_1": "yes", "meets_FG_2": "no", "note_FG_2": "群众反映邻里纠纷较多", "meets_FG_3": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assessments = {a.item_id: (a.meets, a.note) for a in db.session.get(Nominee, person.id).vetting.assessments}
    assert assessments == {"FG-1": (True, ""), "FG-2": (False, "群众反映邻里纠纷较多")}
    assert client.post(file_url(election, person, "/assess"), data={}).status_code == 422


def test_r_cand_3_no_decision_while_the_file_is_incomplete(election, client):
    person = people(election)[0]
    answer_all(person, except_={("TC-6", "信访")})
    login(client, "township")
    page = client.get(file_url(election, person)).text
    assert "TC-6" in page.split('id="missing"')[1].split("</div>")[0]
    response = client.post(file_url(election, person, "/decide"), data={"decision": "qualified", "evidence": ""})
    assert response.status_code == 422
    assert "R-CAND-3" in response.text and "未完成" in response.text
    db.session.expire_all()
    assert db.session.get(Nominee, person.id).vetting.decision is None
    assert not db.session.scalars(select(AuditEntry).where(AuditEntry.action == "vetting.decide")).all()


def test_r_cand_3_not_qualified_while_a_ten_cannot_item_holds_and_barred_with_items_and_evidence(election, client):
    person = people(election)[0]
    answer_all(person, holding={"TC-2": ("2025年因寻衅滋事被行政拘留", None)})
    login(client, "township")
    refused = client.post(file_url(election, person, "/decide"), data={"decision": "qualified"})
    assert refused.status_code == 422 and "TC-2" in refused.text
    page = refused.text
    assert 'id="ground-TC_2"' in page and 'id="ground-TC_1"' not in page  # only items that can support a bar
    no_evidence = client.post(file_url(election, person, "/decide"), data={"decision": "barred", "items": ["TC-2"]})
    assert no_evidence.status_code == 422 and "证据" in no_evidence.text
    unsupported = client.post(file_url(election, person, "/decide"),
                              data={"decision": "barred", "items": ["TC-1"], "evidence": "无"})
    assert unsupported.status_code == 422
    response = client.post(file_url(election, person, "/decide"), data={
        "decision": "barred", "items": ["TC-2"], "evidence": "区公安分局出具的情况说明"})
    assert response.status_code == 302
    db.session.expire_all()
    file = db.session.get(Nominee, person.id).vetting
    assert (file.decision, file.barred_items, file.evidence, file.decided_by) == (
        "barred", ["TC-2"], "区公安分局出具的情况说明", "township")
    page = client.get(file_url(election, person)).text
    assert 'id="decided"' in page and "区公安分局出具的情况说明" in page and "decision.pdf" in page
    assert 'id="decide"' not in page and "finding-form" not in page and 'id="assess"' not in page  # read-only
    # Nothing can be changed after the decision.
    assert client.post(file_url(election, person, "/findings"), data=finding("TC-3", "公安")).status_code == 422
    # The barred nominee is passed over: the slate takes the next nominee in vote order.
    assert person.id not in {p.id for _, p in services.current_slate(election).chosen()}


def test_r_cand_3_a_finding_whose_look_back_has_lapsed_does_not_bar(election, client):
    person = people(election)[0]
    ended = date(DAY.year - 6, 1, 1)  # the penalty ended six years before election day; TC-1 looks back five
    answer_all(person, holding={"TC-1": ("2015年判处有期徒刑一年", ended)})
    assert services.progress_of(person).holding == []
    login(client, "township")
    page = client.get(file_url(election, person)).text
    assert "回溯期已过" in page or "look-back period over" in page
    assert client.post(file_url(election, person, "/decide"), data={"decision": "qualified"}).status_code == 302
    db.session.expire_all()
    assert services.vetting_stage(db.session.get(Nominee, person.id)) == "qualified"


def test_r_cand_3_a_recent_penalty_bars(election, client):
    person = people(election)[0]
    answer_all(person, holding={"TC-1": ("2023年判处有期徒刑一年", date(DAY.year - 2, 1, 1))})
    login(client, "township")
    assert client.post(file_url(election, person, "/decide"), data={"decision": "qualified"}).status_code == 422


def test_r_cand_3_queue_counts_and_slate(election, client):
    first, second, *_ = people(election)
    answer_all(first)
    save(services.assess, second, "FG-1", True, "", user("township"))
    save(services.record_finding, second, "TC-1", "公安", False, "", NOMINATED_ON,
         actor=user("township"), today=NOMINATED_ON)
    login(client, "township")
    page = client.get(queue_url(election)).text
    assert "多福巷社区居委会" in page
    rows = {n.name: page.split(f'data-nominee="{n.id}"')[1].split("</tr>")[0] for n in people(election)}
    # 19 answers less TC-8's two: a residents' committee is not asked about village assets; and 8 for
    # R26-CAND's bars, SB-5 (clan forces) being a village's.
    assert "5 / 5" in rows[first.name] and "25 / 25" in rows[first.name]  # TC-3 names one department
    assert "1 / 5" in rows[second.name] and "1 / 25" in rows[second.name]
    assert "0 / 5" in rows["居民0003"]
    assert "主任" in rows[first.name]  # in the current slate, for director
    client.post("/logout")

    department_user("gongan", "公安")
    login(client, "gongan")
    page = client.get(queue_url(election)).text
    rows = {n.name: page.split(f'data-nominee="{n.id}"')[1].split("</tr>")[0] for n in people(election)}
    assert "7 / 7" in rows[first.name] and "1 / 7" in rows[second.name] and "0 / 7" in rows["居民0003"]
    mine = page.split('id="mine"')[1].split("</div>")[0]
    assert "公安" in mine and "8 / 28" in mine  # 7 + 1 + 0 + 0 of 7 items × 4 nominees
    assert id_of(1) in page and "25 / 25" not in page  # whole ID numbers, its own answers only
    assert db.session.scalar(select(func.count()).where(AuditEntry.action == "lookup.vetting_queue")) == 1
    # A committee's own queue is its nominees only.
    assert client.get(queue_url(election, IN_COMMITTEE)).status_code == 200


def test_r_cand_3_department_accounts_are_bound_to_their_jurisdiction(election, client):
    department_user("gongan_xc", "公安", unit=OUT_TOWNSHIP)
    person = people(election)[0]
    login(client, "gongan_xc")
    assert client.get(queue_url(election)).status_code == 403
    assert client.get(file_url(election, person)).status_code == 403
    assert client.post(file_url(election, person, "/findings"), data=finding("TC-1", "公安")).status_code == 403
    assert client.get(queue_url(election, OUT_TOWNSHIP)).status_code == 200
    # Nor does a department read the unit pages or the rolls.
    assert client.get(f"/rounds/{election.round_id}/rolls/{OUT_TOWNSHIP}").status_code == 403
    assert not findings_of(person)


def test_r_cand_3_election_committee_reads_its_files_only(election, client):
    person = people(election)[0]
    answer_all(person, holding={"TC-2": ("情况说明", None)})
    save(services.decide, person, "barred", ["TC-2"], "区公安分局出具的情况说明", user("township"))
    login(client, "committee")
    page = client.get(file_url(election, person)).text
    assert "区公安分局出具的情况说明" in page and "finding-form" not in page and 'id="decide"' not in page
    assert person.voter.id_number not in page
    assert client.get(file_url(election, person, "/decision.pdf")).status_code == 200
    assert client.post(file_url(election, person, "/findings"), data=finding("TC-1", "公安")).status_code == 403
    assert client.get(queue_url(election)).status_code == 403


def test_decision_pdf_only_for_a_barred_nominee_and_audited(election, client):
    first, second, *_ = people(election)
    login(client, "township")
    assert client.get(file_url(election, first, "/decision.pdf")).status_code == 404
    answer_all(first, holding={"TC-2": ("情况说明", None)})
    save(services.decide, first, "barred", ["TC-2"], "区公安分局出具的情况说明", user("township"))
    answer_all(second)
    save(services.decide, second, "qualified", [], "", user("township"))
    response = client.get(file_url(election, first, "/decision.pdf"))
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert client.get(file_url(election, second, "/decision.pdf")).status_code == 404
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "vetting.print")).all()
    assert entry.actor == "township" and entry.after["nominee"] == first.name


def test_a_nominee_of_another_committee_is_not_found_here(election, client):
    person = people(election)[0]
    login(client, "township")
    other = "110101001002"  # 银闸社区, same township
    assert client.get(f"/rounds/{election.round_id}/vetting/{other}/nominees/{person.id}").status_code == 404
