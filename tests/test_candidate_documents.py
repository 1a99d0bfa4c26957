"""The printed candidate list (候选人名单公告, R-CAND-5), checked through the real PDF's text and pages:
the title with the committee and its term, the candidates of each post in nomination-vote order,
the election day and venue, and a re-issue that names who withdrew, when and why."""
from datetime import timedelta

import pytest

from support.accounts import IN_COMMITTEE
from support.pdf import pdf_pages, pdf_text, without_document_number
from support.candidates_data import VILLAGE, id_of, meeting, qualify
from elections.candidates import services
from elections.candidates.documents import NotPublished, candidate_list_pdf, title_of
from elections.clock import beijing_today
from elections.rolls import services as rolls
from elections.rounds import services as rounds
from support.rolls_data import person, planned, user
from support.transactions import save

TODAY = beijing_today()
DAY = TODAY + timedelta(days=30)


def squash(text: str) -> str:
    """pdftotext's spacing depends on layout; compare text without white space."""
    return "".join(text.split())


def nominating(code: str, voters: int = 30, training: bool = False):
    round_ = rounds.open_round("2026年换届选举", TODAY - timedelta(days=20), TODAY + timedelta(days=80),
                               village_term=12, residential_term=11, ruleset="national-2026", training=training)
    election = planned(round_, code, election_day=DAY, venue="多福巷社区活动中心")
    for n in range(1, voters + 1):
        save(rolls.add_voter, election, person(n), user("committee"), today=TODAY)
    save(rolls.publish, election, user("committee"), today=TODAY)
    services.open_nomination(election, user("committee"), today=TODAY)
    return election


def joint(election, n: int, post: str, signers: int):
    return save(services.add_joint_nomination, election, who=id_of(n), post=post, method="voters",
                signers=[id_of(s) for s in range(11, 11 + signers)], submitted_on=TODAY,
                actor=user("committee"), today=TODAY)


@pytest.fixture
def published(app):
    """多福巷社区 with its list published: the candidates nominated out of vote order on purpose."""
    election = nominating(IN_COMMITTEE)
    people = [joint(election, n, post, signers) for n, post, signers in [
        (2, "director", 11), (1, "director", 14), (3, "deputy_director", 13), (4, "deputy_director", 10),
        (8, "member", 12), (5, "member", 16), (7, "member", 13), (6, "member", 15), (9, "member", 10)]]
    for nominee in people:
        qualify(nominee)
    save(services.publish, election, user("committee"), today=TODAY)
    return election


def test_r_cand_5_the_notice_lists_the_candidates_of_each_post_in_vote_order(published, tmp_path, artifacts):
    data = candidate_list_pdf(published, 1)
    (artifacts / "candidates-list-v1.pdf").write_bytes(data)
    text = squash(pdf_text(data, tmp_path))
    assert "多福巷社区居民委员会第十一届成员候选人名单公告" in text
    assert title_of(published) == "多福巷社区居民委员会第十一届成员候选人名单公告"
    order = ["居民0001", "居民0002", "居民0003", "居民0004", "居民0005", "居民0006", "居民0007", "居民0008"]
    positions = [text.index(name) for name in order]
    assert positions == sorted(positions)
    assert "居民0009" not in text  # the fifth member nominee is not a candidate
    assert "主任候选人（应选1名，候选人2名）" in text and "委员候选人（应选3名，候选人4名）" in text
    assert "1居民0001男14" in text and "2居民0002女11" in text  # no., name, sex, nomination votes
    assert "按提名得票多少为序排列" in text
    assert f"选举日：{DAY.year}年{DAY.month}月{DAY.day}日；选举地点：多福巷社区活动中心" in text
    assert "多福巷社区居民选举委员会（盖章）" in text and f"{TODAY.year}年{TODAY.month}月{TODAY.day}日" in text
    assert "重新公布" not in text and "1101" not in without_document_number(text)  # no ID number on a public notice
    assert pdf_pages(data, tmp_path) == 1


def test_r_cand_5_a_re_issued_notice_names_who_withdrew_when_and_why(published, tmp_path, artifacts):
    withdrawing = services.nominee(published, next(e["nominee"] for e in services.published_candidates(published)
                                                   if e["name"] == "居民0006"))
    save(services.withdraw, withdrawing, "工作调动，无法履职", TODAY, user("committee"), today=TODAY)
    data = candidate_list_pdf(published, 2)
    (artifacts / "candidates-list-v2.pdf").write_bytes(data)
    text = squash(pdf_text(data, tmp_path))
    assert "（第2版·重新公布）" in text and "此前公布的候选人名单同时作废" in text
    assert f"居民0006（委员候选人）于{TODAY.year}年{TODAY.month}月{TODAY.day}日退出，原因：工作调动，无法履职" in text
    members = text[text.index("委员候选人（"):text.index("按提名得票")]
    assert [name for name in ("居民0005", "居民0007", "居民0008", "居民0009") if name in members] == [
        "居民0005", "居民0007", "居民0008", "居民0009"]
    assert "居民0006" not in members
    assert "重新公布的原因" not in text  # the withdrawal says it already
    assert pdf_pages(data, tmp_path) == 1
    first = squash(pdf_text(candidate_list_pdf(published, 1), tmp_path))
    assert "居民0006" in first and "重新公布" not in first  # version 1 reads as it was posted


def test_a_village_notice_names_the_village_committee(app, tmp_path):
    election = nominating(VILLAGE, training=True)
    meeting(election, [(1, "director", 15), (2, "director", 4), (3, "deputy_director", 14), (4, "deputy_director", 5),
                       (11, "member", 18), (12, "member", 17), (13, "member", 16), (14, "member", 12)],
            attendance=28, ballots=28)
    for nominee in services.nominees(election):
        qualify(nominee)
    save(services.publish, election, user("committee"), today=TODAY)
    text = squash(pdf_text(candidate_list_pdf(election, 1), tmp_path))
    assert title_of(election).endswith("村村民委员会第十二届成员候选人名单公告")
    assert title_of(election) in text and "经村民提名" in text and "村民选举委员会（盖章）" in text
    assert "演" in text and "练" in text  # a training round's watermark, rotated: one character a line


def test_an_unpublished_version_is_not_printed(published):
    with pytest.raises(NotPublished):
        candidate_list_pdf(published, 2)
