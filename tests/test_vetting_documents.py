"""The written decision on a barred nominee (候选人资格审查决定书, R-CAND-3)."""
from datetime import date

import pytest

from support.candidates_data import nominating
from support.accounts import IN_COMMITTEE
from support.pdf import pdf_pages, pdf_text
from elections.candidates import services
from elections.candidates.vetting.documents import decision_context, decision_pdf, short_name
from elections.geography.authority import customary_name
from support.rolls_data import open_round, user
from test_vetting_pages import answer_all, nominate
from support.transactions import save

DECIDED_ON = date(2026, 4, 12)
EVIDENCE = "区公安分局2026年4月10日出具的情况说明：该人于2025年因寻衅滋事被行政拘留十日。"


@pytest.fixture
def barred(app):
    election = nominating(open_round(), IN_COMMITTEE, voters=30)
    person, other = nominate(election, (1, "director"), (2, "member"))
    answer_all(person, holding={"TC-2": ("公安分局情况说明", None), "TC-6": ("信访办记录", None)})
    save(services.assess, person, "FG-2", False, "邻里纠纷较多", user("township"))
    save(services.decide, person, "barred", ["TC-2", "FG-2"], EVIDENCE, user("township"), today=DECIDED_ON)
    return person


def test_r_cand_3_the_written_decision_names_the_items_and_the_evidence(barred, tmp_path, artifacts):
    data = decision_pdf(barred)
    (artifacts / "vetting-decision.pdf").write_bytes(data)
    assert pdf_pages(data, tmp_path) == 1
    text = pdf_text(data, tmp_path)
    flat = "".join(text.split())
    assert "候选人资格审查决定书" in flat
    assert f"（2026）东华门审字第{barred.vetting.id}号" in flat
    assert "居民0001" in flat and "多福巷社区第十一届居民委员会选举主任候选人" in flat
    assert "第2版" not in flat and "第1版" in flat  # the criteria version the file was vetted against
    assert "TC-2" in flat and '存在"村霸"、涉黑涉恶问题的' in flat and "公安分局情况说明" in flat
    assert "TC-6" not in flat  # holds, but the township did not bar on it
    assert "FG-2" in flat and "道德品行好" in flat and "邻里纠纷较多" in flat
    assert "".join(EVIDENCE.split()) in flat
    assert "东华门街道办事处（盖章）" in flat and "2026年4月12日" in flat
    assert barred.voter.id_number not in flat  # the decision names the person, no ID number


def test_only_a_barred_nominee_gets_a_written_decision(app):
    election = nominating(open_round(), IN_COMMITTEE, voters=30)
    [person] = nominate(election, (1, "director"))
    with pytest.raises(ValueError):
        decision_context(person)
    answer_all(person)
    save(services.decide, person, "qualified", [], "", user("township"))
    with pytest.raises(ValueError):
        decision_context(person)


@pytest.mark.parametrize("name, short, issuer", [
    ("东华门街道办事处", "东华门", "东华门街道办事处"),
    ("汤河口镇", "汤河口", "汤河口镇人民政府"),
    ("喇叭沟门满族乡", "喇叭沟门", "喇叭沟门满族乡人民政府"),
    ("于家务回族乡", "于家务", "于家务回族乡人民政府"),
    ("南磨房地区办事处", "南磨房", "南磨房地区办事处"),
])
def test_serials_and_signatures_name_the_township(name, short, issuer):
    assert short_name(name) == short and customary_name(name) == issuer
