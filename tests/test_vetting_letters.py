"""Vetting as departments work (R-CAND-3): one letter per department (PDF and XLSX) with the
nominees still awaiting its answer and their whole ID numbers; its returned workbook taken whole
or not at all, every bad row named; the queue filtered by answers and committee; and criteria that
apply by committee kind."""
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from support.accounts import IN_COMMITTEE, IN_TOWNSHIP, login
from support.candidates_data import NOMINATED_ON, id_of, nominating
from support.pdf import pdf_fonts, pdf_text
from support.rolls_data import user
from support.transactions import refused
from test_vetting_pages import GONGAN, answer_all, department_user, nominate, people, queue_url, vetting_round
from elections.audit.models import AuditEntry
from elections.candidates import services
from elections.candidates.models import Finding
from elections.candidates.vetting import law
from elections.candidates.vetting.findings_file import HEADERS
from elections.extensions import db
from elections.rounds import services as rounds


@pytest.fixture
def election(app):
    round_ = vetting_round()
    election = nominating(round_, IN_COMMITTEE, voters=30)
    nominate(election, (1, "director"), (2, "director"), (3, "deputy_director"))
    db.session.commit()
    return election


def letter(client, election, department, kind):
    return client.get(f"/rounds/{election.round_id}/vetting/{IN_TOWNSHIP}/letters/{department}.{kind}")


def rows_of(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


def returned(rows: list[tuple]) -> bytes:
    """A workbook as the department sends it back."""
    from openpyxl import Workbook
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def fill(rows: list[tuple], answer=("无", "", NOMINATED_ON.isoformat(), None)) -> list[tuple]:
    return [rows[0]] + [tuple(row[:7]) + answer for row in rows[1:]]


def upload(client, election, data: bytes, name="公安回复.xlsx"):
    return client.post(f"/rounds/{election.round_id}/vetting/{IN_TOWNSHIP}/findings-file",
                       data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_the_township_writes_one_letter_per_department_with_whole_id_numbers(election, client, tmp_path):
    first, second, third = people(election)
    answer_all(first)  # 公安 has answered for the first: not asked again
    db.session.commit()
    login(client, "township")
    queue = client.get(queue_url(election)).text
    assert 'data-department="公安"' in queue and 'data-department="乡镇财政"' not in queue  # TC-8: villages
    pdf = letter(client, election, "公安", "pdf")
    assert pdf.status_code == 200 and pdf.headers["Cache-Control"] == "no-store"
    text = pdf_text(pdf.data, tmp_path)
    assert "公安：" in text and "东华门街道办事处（盖章）" in text
    assert id_of(2) in text and id_of(3) in text and id_of(1) not in text
    assert all(item in text for item in GONGAN)
    assert text.count("TC-6") == 1 + 2 and "built-in" not in text  # the list of items, then each nominee's
    assert "Noto" in pdf_fonts(pdf.data, tmp_path)
    book = letter(client, election, "公安", "xlsx")
    rows = rows_of(book.data)
    assert rows[0] == tuple(HEADERS.values())
    assert [(r[2], r[3], r[4], r[5]) for r in rows[1:]] == [
        (p.name, p.voter.id_number, "公安", item) for p in (second, third) for item in GONGAN]
    assert letter(client, election, "不存在的部门", "pdf").status_code == 404
    taken = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "vetting.letter")).all()
    assert [(e.after["department"], e.after["document"], e.after["nominees"]) for e in taken] == [
        ("公安", "pdf", 2), ("公安", "xlsx", 2)]
    client.post("/logout")
    login(client, "committee")
    assert letter(client, election, "公安", "pdf").status_code == 403


def test_a_returned_workbook_records_every_finding_at_once(election, client):
    login(client, "township")
    rows = rows_of(letter(client, election, "公安", "xlsx").data)
    answered = fill(rows)
    holds_row = next(i for i, r in enumerate(answered) if r[2] == "居民0002" and r[5] == "TC-1")
    answered[holds_row] = answered[holds_row][:7] + ("有", "2019年因盗窃罪被判处有期徒刑一年", "2026-04-01", None)
    response = upload(client, election, returned(answered))
    assert response.status_code == 302
    findings = db.session.scalars(select(Finding)).all()
    assert len(findings) == 3 * len(GONGAN) and all(f.department == "公安" for f in findings)
    assert [f.evidence for f in findings if f.holds] == ["2019年因盗窃罪被判处有期徒刑一年"]
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "vetting.findings.import")).all()
    assert entry.after["findings"] == 3 * len(GONGAN) and entry.after["departments"] == ["公安"]
    # Answered: the next letter to 公安 has nobody left on it.
    assert letter(client, election, "公安", "xlsx").status_code == 404


def test_a_returned_workbook_with_a_bad_row_records_nothing_and_names_every_bad_row(election, client):
    login(client, "township")
    rows = fill(rows_of(letter(client, election, "公安", "xlsx").data))
    rows[2] = rows[2][:7] + ("可能", "", "2026-04-01", None)  # neither 有 nor 无
    rows[3] = rows[3][:7] + ("有", "", "2026-04-01", None)  # holds without evidence (R-CAND-3)
    rows[4] = rows[4][:2] + ("王五",) + rows[4][3:]  # the name was changed
    rows[5] = rows[5][:7] + ("无", "", "明天", None)  # not a date
    future = (NOMINATED_ON + timedelta(days=3650)).isoformat()
    rows[6] = rows[6][:7] + ("无", "", future, None)  # later than today
    response = upload(client, election, returned(rows))
    assert response.status_code == 422
    table = response.text.split('id="returned-problems"')[1].split("</table>")[0]
    for row, name in ((3, rows[2][2]), (4, rows[3][2]), (5, "王五"), (6, rows[5][2]), (7, rows[6][2])):
        assert f"<tr><td>{row}</td><td>{name}</td>" in table, row
    assert "有" in table and "R-CAND-3" in table
    assert db.session.scalar(select(func.count()).select_from(Finding)) == 0
    assert db.session.scalar(select(func.count()).where(AuditEntry.action == "vetting.finding")) == 0
    unreadable = upload(client, election, b"not a workbook", "x.xlsx")
    assert unreadable.status_code == 422 and "XLSX" in unreadable.text


def test_a_department_returns_only_its_own_findings(election, client):
    department_user("gongan", "公安")
    db.session.commit()
    login(client, "township")
    court = fill(rows_of(letter(client, election, "法院", "xlsx").data))
    client.post("/logout")
    login(client, "gongan")
    response = upload(client, election, returned(court))
    assert response.status_code == 422 and "公安" in response.text.split('id="returned-problems"')[1]
    assert db.session.scalar(select(func.count()).select_from(Finding)) == 0


def test_the_queue_filters_by_answers_and_committee(election, client):
    first, second, third = people(election)
    answer_all(first)
    db.session.commit()
    login(client, "township")
    url = queue_url(election)
    shown = lambda **q: {p.id for p in (first, second, third)  # noqa: E731
                         if f'data-nominee="{p.id}"' in client.get(url, query_string=q).text}
    assert shown() == {first.id, second.id, third.id}
    assert shown(show="answered") == {first.id}
    assert shown(show="pending") == {second.id, third.id}
    assert shown(committee=IN_COMMITTEE) == {first.id, second.id, third.id}
    assert shown(committee="110101001002") == set()
    assert f'href="/rounds/{election.round_id}/vetting/{IN_COMMITTEE}' in client.get(url, query_string={
        "show": "pending"}).text


def test_criteria_apply_by_committee_kind():
    """TC-8 (the village's collective assets, asked of 乡镇财政 and 农业农村) is a village item."""
    items = rounds.default_criteria()
    village, residential = law.items_for(items, "village"), law.items_for(items, "residential")
    assert "TC-8" in {i["id"] for i in village} and "TC-8" not in {i["id"] for i in residential}
    assert len(law.required(village)) - len(law.required(residential)) == 2
    assert {d for i in residential for d in i.get("departments", [])}.isdisjoint({"乡镇财政", "农业农村"})


def test_a_residents_committee_is_not_asked_village_items(election, client):
    person = people(election)[0]
    with refused(services.CandidatesError):
        services.record_finding(person, "TC-8", "乡镇财政", False, "", NOMINATED_ON, actor=user("township"),
                                today=NOMINATED_ON)
    answer_all(person)
    assert services.progress_of(person).complete
    login(client, "township")
    page = client.get(f"/rounds/{election.round_id}/vetting/{IN_COMMITTEE}/nominees/{person.id}").text
    assert 'data-item="TC-8"' not in page and "criteria.md" not in page
    criteria = client.get(f"/rounds/{election.round_id}/criteria").text
    assert "仅村民委员会" in criteria and "criteria.md" not in criteria


def test_the_city_edits_which_kind_an_item_applies_to(app, client):
    round_ = vetting_round()  # before nomination opens, while the criteria may change
    db.session.commit()
    login(client, "city")
    form = client.get(f"/rounds/{round_.id}/criteria/edit").text
    assert 'name="items-0-applies_to"' in form
    items = rounds.current_criteria(round_).items
    data = {"note": "TC-7 只问村"}
    for n, item in enumerate(items):
        data |= {f"items-{n}-item_id": item["id"], f"items-{n}-list": item["list"], f"items-{n}-zh": item["zh"],
                 f"items-{n}-en": item["en"], f"items-{n}-lookback_years": item.get("lookback_years") or "",
                 f"items-{n}-applies_to": "village" if item["id"] in ("TC-7", "TC-8", "SB-5") else ""}
    response = client.post(f"/rounds/{round_.id}/criteria/edit", data=data)
    assert response.status_code == 302, response.text[-3000:]
    saved = {i["id"]: i for i in rounds.current_criteria(round_).items}
    assert saved["TC-7"]["kinds"] == ["village"] and saved["TC-8"]["kinds"] == ["village"]
    assert "kinds" not in saved["TC-1"] and saved["TC-7"]["departments"] == ["规划和自然资源", "城市管理"]
