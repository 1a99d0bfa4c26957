"""The what-if page: a record uploaded or pasted, its result laid out for people, in Chinese and English;
a bad record shows every problem with its path and keeps the text."""
import html
import io
import json
import re

import pytest

from support.ballots import RECORDS, build, sample
from support.accounts import login

URL = "/results/what-if"


def text_of(fragment: str) -> str:
    """What a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def section(page: str, element_id: str) -> str:
    """The text of the element with `element_id`, nested elements included."""
    start = page.index(f'id="{element_id}"')
    tag = re.search(r"<(\w+)[^<]*$", page[:start]).group(1)
    depth = 0
    for match in re.finditer(rf"<(/?){tag}\b[^>]*>", page[page.rindex("<", 0, start):]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return text_of(page[start:page.rindex("<", 0, start) + match.start()].split(">", 1)[1])
    raise AssertionError(f"#{element_id} is not closed")


def textarea(page: str) -> str:
    """The text in the form's text area, as the browser shows it (WTForms opens it with a line break)."""
    return html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S).group(1)).removeprefix("\r\n")


def rows(page: str, post: str) -> list[str]:
    table = page.split(f'id="post-{post}"', 1)[1].split("</table>", 1)[0]
    return [text_of(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S)]


def post_record(client, data_or_text) -> str:
    text = data_or_text if isinstance(data_or_text, str) else json.dumps(data_or_text, ensure_ascii=False)
    response = client.post(URL, data={"record_text": text})
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def official(client):
    login(client, "township")
    return client


def test_the_empty_form(official):
    page = official.get(URL).get_data(as_text=True)
    assert 'type="file"' in page and 'name="record_text"' in page and 'enctype="multipart/form-data"' in page
    assert 'id="result"' not in page and 'id="problems"' not in page


def test_a_pasted_record_laid_out_in_chinese(official):
    page = post_record(official, (RECORDS / "first_complete.json").read_text(encoding="utf-8"))
    assert section(page, "status").startswith("选举有效，应选名额已全部选出。 下一步： 无需再选。")
    summary = section(page, "summary")
    for figure in ("登记选民数 1520", "发出选票 1300", "收回选票 1290", "无效票 12", "参选率 84.87%",
                   "法定人数 ✔ 已达到 超过半数：至少 761 张选票"):
        assert figure in summary
    assert section(page, "threshold") == "当选票数线：得票超过投票人数的半数，即至少 646 票。"
    # The threshold line is drawn between the last who reached it and the first who did not.
    assert rows(page, "member") == [
        "1 赵敏 （女） 候选人 1010 当选",
        "2 孙浩 候选人 880 当选",
        "3 周杰 候选人 700 当选",
        "当选票数线：646 票",
        "4 吴霞 （女） 候选人 540 未当选 未达当选票数",
        "5 郑涛 候选人 300 未当选 未达当选票数",
        "6 赵六 另选他人 2 未当选 未达当选票数",
    ]
    assert "委员 应选 3 名" in text_of(page.split('id="post-member"', 1)[1].split("</caption>")[0])
    assert section(page, "elected").startswith("主任 王丽 · 800 票 副主任 张伟 · 900 票")
    assert 'id="vacancies"' not in page
    assert section(page, "women").startswith("女性成员：已当选 2 名")
    assert "符合要求" in section(page, "women")


def test_an_uploaded_record_with_a_tie(official):
    raw = (RECORDS / "tie.json").read_bytes()
    response = official.post(URL, data={"record_file": (io.BytesIO(raw), "tie.json")},
                             content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert section(page, "status") == ("选举有效，尚有名额未选出。 下一步： "
                                       "对票数相等的候选人再次投票，当选票数线不变（得票超过投票人数的半数）。")
    assert rows(page, "member")[1:3] == ["2 张建军 候选人 450 票数相等 争夺最后名额票数相等，再次投票",
                                         "3 李德胜 候选人 450 票数相等 争夺最后名额票数相等，再次投票"]
    assert section(page, "vacancies") == "委员 1 个名额未定：张建军、李德胜 票数相等，由他们再次投票。"
    # The uploaded text is shown in the form, so that it can be corrected and counted again.
    assert textarea(page) == raw.decode("utf-8")


def test_the_women_seat_in_words(official):
    page = post_record(official, sample("women_seat"))
    assert rows(page, "member")[2] == "3 郑山 候选人 390 未当选 该名额保留给女性"
    assert section(page, "vacancies") == "委员 1 个名额保留给女性：另行选举时只由女性参选。"
    assert "下一步： 对未选出的名额另行选举（15日内），当选须得票不少于投票人数的三分之一。" in section(page, "status")
    assert "不符合要求" in section(page, "women")


def test_a_supplementary_election(official):
    page = post_record(official, sample("supplementary"))
    assert "银闸社区居委会 · 另行选举" in text_of(page)
    assert section(page, "threshold") == "当选票数线：得票不少于投票人数的三分之一，即至少 301 票。"
    assert rows(page, "member")[1] == "2 马欣 （女） 候选人 390 未当选 名额已由得票更多者当选"
    assert section(page, "women").startswith("女性成员：已当选 1 名（含本届此前投票当选者）")


def test_a_void_ballot(official):
    page = post_record(official, sample("void_quorum"))
    assert section(page, "status") == ("选举无效。 参加投票的人数不足：须超过半数参加投票。 "
                                       "下一步： 重新选举：整个投票重新进行。")
    assert "居民代表人数 45" in section(page, "summary")
    assert "✘ 未达到 超过半数：至少 23 张选票" in section(page, "summary")
    assert 'id="threshold"' not in page and "threshold-line" not in page
    assert rows(page, "director")[0] == "1 黄志红 （女） 候选人 15 选举无效"


def test_who_is_elected_elsewhere_and_carried_votes(official):
    data = build({"director": (1, {"甲": 70, "乙": 30}), "deputy_director": (1, {"丙": 45})}, cast=100,
                 write_ins={"deputy_director": {"乙": 25}}, policy={"cascade": True})
    page = post_record(official, data)
    assert rows(page, "deputy_director") == [
        "1 甲 （女） 上级职位得票转入 70 不再计票 已当选主任",
        "2 乙 （女） 另选他人 55 （含上级职位转入 30 票） 当选",
        "当选票数线：51 票",
        "3 丙 （女） 候选人 45 未当选 未达当选票数",
    ]
    data = build({"member": (1, {"甲": 60})}, cast=100, ballot="supplementary",
                 write_ins={"member": {"周建国": 35}}, elected_before=[("director", "周建国", "male")])
    assert rows(post_record(official, data), "member")[1] == "2 周建国 另选他人 35 不再计票 此前已当选主任"


def test_english(official):
    official.get("/lang/en")
    page = post_record(official, sample("tie"))
    assert section(page, "status") == ("The ballot is valid; seats remain open. Next step: a revote among the tied "
                                       "candidates, with the same threshold (more than half of the ballots cast).")
    assert rows(page, "member")[0] == "1 王秀兰 (woman) candidate 610 elected"
    assert section(page, "vacancies") == ("Member 1 seat undecided: 张建军, 李德胜 have equal votes and go to a "
                                          "revote among themselves.")
    assert "Registered voters 860" in section(page, "summary")


def test_every_problem_with_its_path_and_the_text_kept(official):
    data = sample("first_complete")
    data["tally"]["posts"]["member"]["votes"]["c99"] = 1
    data["electorate"] = 0
    text = json.dumps(data, ensure_ascii=False, indent=1)
    page = post_record(official, text)
    assert section(page, "problems") == "该选举记录无法计票： electorate: 不能小于 1 tally.posts.member.votes.c99: 未知的候选人"
    assert 'id="result"' not in page
    assert textarea(page) == text
    official.get("/lang/en")
    page = post_record(official, text)
    assert section(page, "problems") == ("The record cannot be counted: electorate: must be at least 1 "
                                         "tally.posts.member.votes.c99: unknown candidate")


@pytest.mark.parametrize(("data", "problem"), [
    ({"record_text": '{"format": '}, "不是有效的 JSON：第 1 行第 12 列：Expecting value"),
    ({"record_text": "  "}, "请选择选举记录文件或粘贴选举记录。"),
    ({"record_file": (io.BytesIO(b"\xff\xfe{"), "r.json")}, "该文件不是 UTF-8 编码的文本。"),
    ({"record_text": "x" * 400_001}, "文本过长，不是一份选举记录。"),
    ({"record_file": (io.BytesIO(b" " * 400_001), "r.json")}, "文件过大，不是一份选举记录。"),
])
def test_input_that_is_no_record(official, data, problem):
    page = official.post(URL, data=data, content_type="multipart/form-data").get_data(as_text=True)
    assert problem in text_of(page)
    assert 'id="result"' not in page


def test_the_navbar_links_the_page_for_those_who_may_use_it(client):
    login(client, "observer")
    assert 'href="/results/what-if"' in client.get("/me").get_data(as_text=True)
    client.post("/logout")
    login(client, "clerk")
    assert 'href="/results/what-if"' not in client.get("/me").get_data(as_text=True)


def test_a_move_up_and_near_relatives_are_explained(official):
    """R-COUNT-5's decision on an open tie above, and R26-RELATIVES, in words with their rule links."""
    revote = build({"deputy_director": (1, {"甲": 40, "乙": 58})}, cast=100, ballot="revote",
                   ruleset="national-2026", elected_before=[("member", "乙", "female")])
    page = post_record(official, revote)
    assert section(page, "vacancies") == "委员 乙当选较高职位：其此前当选的职位空缺，另行选举。 R-COUNT-5"
    assert 'href="/rules/R-COUNT-5"' in page
    data = build({"director": (1, {"王丽": 80}), "member": (2, {"王强": 70, "丙": 60})}, ruleset="national-2026")
    data["relatives"] = [["王丽", "王强"]]
    page = post_record(official, data)
    assert rows(page, "member")[0].endswith("不予任职 其近亲属保留委员会职位 R26-RELATIVES")
    assert section(page, "vacancies") == "委员 1个职位空缺：当选人的近亲属保留了委员会职位。 R26-RELATIVES"
    official.get("/lang/en")
    page = post_record(official, data)
    assert section(page, "vacancies") == ("Member 1 seat vacant: its winner's near relative keeps a seat on the "
                                          "committee. R26-RELATIVES")
