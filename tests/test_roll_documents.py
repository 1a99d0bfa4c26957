"""The printed roll documents (R-ROLL-5, R-ROLL-7): the voter list, the voter cards, a township's
batch of either, and the decision on an objection; checked through the real PDFs' text, pages
and fonts. Each test builds its roll row by row, so the versions are exactly what it says."""
import itertools
import re
import subprocess
from datetime import date, timedelta

import pytest

from support.pdf import pdf_fonts, pdf_pages, without_document_number
from elections.extensions import db
from elections.rolls import eligibility
from elections.rolls.documents import (ADDITION_REASON_TEXT, REMOVAL_REASON_TEXT, NotPublished, objection_notice_pdf,
                                       place_name, township_batch_pdf, voter_cards_pdf, voter_list_pdf)
from elections.rolls.idnumber import make
from elections.rolls.models import GroupRepresentative, Household, Objection, RollChange, RollVersion, Voter, VoterGroup
from elections.rounds import services

DUOFUXIANG, YINZHA, DONGCHANG = "110101001001", "110101001002", "110101001005"
DONGHUAMEN = "110101001000"
PUBLISHED, DAY = date(2026, 5, 10), date(2026, 6, 20)
SEQUENCE = itertools.count(1)  # R-ROLL-3: an ID number is on one roll per round, so none repeats


def pdf_raw(data: bytes, tmp_path) -> str:
    """The text in the order it is drawn, page by page (the running header and footer last): the
    list's columns and the cards side by side are read one after the other, not line across line
    as `pdftotext -layout` reads them."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True).stdout


def squash(text: str) -> str:
    """pdftotext's spacing depends on layout; compare text without white space."""
    return "".join(text.split())


def text_of(data: bytes, tmp_path) -> str:
    return squash(pdf_raw(data, tmp_path))


def pages_of(data: bytes, tmp_path) -> list[str]:
    return [squash(page) for page in pdf_raw(data, tmp_path).split("\f") if page.strip()]


def open_round(training=False):
    return services.open_round("2026年演练" if training else "2026年换届选举", date(2026, 5, 1), date(2026, 6, 30),
                               village_term=12, residential_term=11, ruleset="national-2026", training=training)


class Roll:
    """One committee's roll, built row by row: groups, households, voters, versions and changes."""

    def __init__(self, round_, code, *, venue="社区居委会会议室"):
        self.election = services.election_for(round_, code)
        self.election.election_day, self.election.venue = DAY, venue
        self.groups, self.households, self.voters = {}, {}, {}

    def voter(self, name, household, group="第一居民小组", *, listed_in=1, born=date(1980, 1, 1)):
        if group not in self.groups:
            self.groups[group] = VoterGroup(election_id=self.election.id, name=group)
            db.session.add(self.groups[group])
        if household not in self.households:
            self.households[household] = Household(election_id=self.election.id, number=household,
                                                   address="东华门大街1号", group=self.groups[group])
            db.session.add(self.households[household])
        n = next(SEQUENCE)
        born += timedelta(days=n // 1000)
        voter = Voter(round_id=self.election.round_id, election_id=self.election.id,
                      household=self.households[household], number=len(self.voters) + 1, name=name,
                      id_number=make("110101", born, n % 1000),
                      sex="M" if n % 2 else "F", birth_date=born, category=1, status="registered",
                      status_on=PUBLISHED, added_on=PUBLISHED, listed_in=listed_in)
        db.session.add(voter)
        self.voters[name] = voter
        return voter

    def publish(self, number, on=PUBLISHED):
        db.session.flush()
        listed = [v for v in self.voters.values()
                  if v.listed_in <= number and (v.delisted_in is None or v.delisted_in > number)]
        db.session.add(RollVersion(election_id=self.election.id, number=number, published_on=on,
                                   published_by="committee", registered=len(listed),
                                   households=len({v.household.number for v in listed}), representatives=0))
        db.session.flush()

    def change(self, name, kind, reason, version, on):
        voter = self.voters[name]
        if kind == "removal":
            voter.status, voter.delisted_in = "removed", version
        db.session.add(RollChange(election_id=self.election.id, voter=voter, kind=kind, reason=reason, on_date=on,
                                  actor="committee", published_in=version))


@pytest.fixture
def round_(app):
    return open_round()


@pytest.fixture
def duofuxiang(round_):
    """Version 1: two groups, households numbered 2 and 10 (10 after 2), four voters. Version 2:
    钱七 moved in, 李四 died. Version 3: no change."""
    roll = Roll(round_, DUOFUXIANG)
    roll.voter("张三", "2")
    roll.voter("李四", "2", born=date(1956, 3, 7))
    roll.voter("王五", "10")
    roll.voter("赵六", "1", "第二居民小组")
    roll.publish(1)
    roll.voter("钱七", "10", listed_in=2)
    roll.change("钱七", "addition", "moved_in", 2, date(2026, 5, 16))
    roll.change("李四", "removal", "died", 2, date(2026, 5, 17))
    roll.publish(2, date(2026, 5, 20))
    roll.publish(3, date(2026, 5, 25))
    return roll


def assert_cjk_fonts(data: bytes, tmp_path) -> None:
    """pdftotext extracts correct Chinese even when every glyph prints as a box: check the fonts."""
    fonts = pdf_fonts(data, tmp_path)
    assert re.search(r"Noto-?(Serif|Sans)-?CJK-?SC.*\byes\s+yes\b", fonts), fonts  # embedded, subset


def assert_nothing_personal(text: str, roll: Roll) -> None:
    """Public documents print names only: no ID number, birth date or address of anyone."""
    text = without_document_number(text)
    for voter in roll.voters.values():
        born = voter.birth_date
        for secret in (voter.id_number, voter.id_number[:6], f"{born:%Y%m%d}", born.isoformat(),
                       f"{born.year}年{born.month}月{born.day}日", f"{born.year}年"):
            assert secret not in text, secret
    assert "东华门大街" not in text


def test_the_list_names_voters_by_group_and_household_and_nothing_else(duofuxiang, tmp_path, artifacts):
    data = voter_list_pdf(duofuxiang.election, 1)
    (artifacts / "voter_list_v1.pdf").write_bytes(data)
    text = text_of(data, tmp_path)
    assert "多福巷社区第十一届居民委员会选举选民榜（第1版）" in text
    assert "公布日期：2026年5月10日" in text and "选举日：2026年6月20日" in text
    # Household 2 before household 10 (their numbers read as numbers), group one before group two.
    # Each name after its number on the roll (编号), which objections cite: 1 张三, 2 李四, 3 王五, 4 赵六.
    assert "第一居民小组2户，3人21张三2李四103王五第二居民小组1户，1人14赵六本选民榜" in text
    assert "本选民榜共登记选民4人，3户。" in text
    assert "钱七" not in text  # listed in version 2
    assert "新增" not in text and "删除" not in text and "本版变动" not in text
    # R-ROLL-5: objections within 5 days of publication, decided within 3 days of receipt.
    assert "可自公布之日起5日内（至2026年5月15日）向多福巷社区居民选举委员会提出异议" in text
    assert "自收到异议之日起3日内作出处理决定" in text
    assert "多福巷社区居民选举委员会（盖章）2026年5月10日" in text
    assert "第1页/共1页" in text and pdf_pages(data, tmp_path) == 1
    assert "演" not in text
    assert_nothing_personal(text, duofuxiang)
    assert_cjk_fonts(data, tmp_path)


def test_r26_roll_household_representatives_are_published_with_the_list(duofuxiang, tmp_path, artifacts):
    assert "代表名单" not in text_of(voter_list_pdf(duofuxiang.election, 1), tmp_path)  # direct: nobody
    duofuxiang.election.mode = "household"
    duofuxiang.voters["张三"].household_representative = True
    duofuxiang.voters["王五"].household_representative = True
    db.session.flush()
    data = voter_list_pdf(duofuxiang.election, 1)
    (artifacts / "voter_list_household_representatives.pdf").write_bytes(data)
    text = text_of(data, tmp_path)
    # By group, household and number on the roll; household 1 (赵六's) names nobody yet.
    assert "户代表名单共2人" in text and "第一居民小组21张三第一居民小组103王五" in text
    assert text.index("户代表名单") < text.index("本选民榜共登记选民")


def test_r26_mode_residents_representatives_are_published_with_the_list(duofuxiang, tmp_path, artifacts):
    duofuxiang.election.mode = "representative"
    db.session.add(GroupRepresentative(group=duofuxiang.groups["第一居民小组"], voter=duofuxiang.voters["王五"],
                                       elected_on=date(2026, 5, 1)))
    db.session.flush()
    data = voter_list_pdf(duofuxiang.election, 1)
    (artifacts / "voter_list_residents_representatives.pdf").write_bytes(data)
    text = text_of(data, tmp_path)
    assert "居民代表名单共1人" in text and "第一居民小组13王五" in text and "第二居民小组" in text
    assert "每20至50户推选一名" in text


def test_r_roll_7_a_later_version_marks_its_additions_and_removals(duofuxiang, tmp_path, artifacts):
    data = voter_list_pdf(duofuxiang.election, 2)
    (artifacts / "voter_list_v2.pdf").write_bytes(data)
    text = text_of(data, tmp_path)
    assert "选民榜（第2版）" in text and "公布日期：2026年5月20日" in text
    assert "现将多福巷社区第十一届居民委员会选举选民名单的变动情况及变动后的选民名单予以公布" in text
    assert "本版变动（与第1版相比）新增1人，删除1人" in text
    assert "新增钱七第一居民小组10迁入2026年5月16日" in text  # the section, additions first
    assert "删除李四第一居民小组2死亡2026年5月17日" in text
    # Inline: the removed voter stays in the household, marked; the new one is marked.
    assert "第一居民小组2户，3人21张三2李四删除·死亡103王五5钱七新增·迁入" in text  # 钱七 is number 5
    assert "本选民榜共登记选民4人，3户。与第1版相比，新增1人，删除1人。" in text
    assert_nothing_personal(text, duofuxiang)


def test_a_version_without_changes_lists_the_removed_no_more(duofuxiang, tmp_path):
    text = text_of(voter_list_pdf(duofuxiang.election, 3), tmp_path)
    assert "李四" not in text and "钱七" in text
    assert "本版变动（与第2版相比）新增0人，删除0人" in text
    assert "新增·" not in text and "删除·" not in text


def test_voter_cards_eight_to_a_sheet_for_registered_voters_only(round_, tmp_path, artifacts):
    roll = Roll(round_, YINZHA)
    for n in range(1, 21):
        roll.voter(f"选民{n:02d}", str((n + 1) // 2), "一组" if n <= 12 else "二组")
    roll.voter("已故者", "3", "一组")
    roll.publish(1)
    roll.change("已故者", "removal", "died", 2, date(2026, 5, 17))
    roll.publish(2)
    data = voter_cards_pdf(roll.election, 2)
    (artifacts / "voter_cards.pdf").write_bytes(data)
    pages = pages_of(data, tmp_path)
    assert len(pages) == pdf_pages(data, tmp_path) == 3
    assert [page.count("姓名") for page in pages] == [8, 8, 4]
    assert [f"第{n}页/共3页" in page for n, page in enumerate(pages, 1)] == [True] * 3
    text = "".join(pages)
    assert "已故者" not in text
    assert "银闸社区第十一届居民委员会选举" in text
    assert ("参选证银闸社区第十一届居民委员会选举姓名选民01证号0001户号1选举日期2026年6月20日"
            "投票地点社区居委会会议室银闸社区居民选举委员会凭本证领取选票，请妥善保管。参选证") in pages[0]
    assert "姓名选民20证号0020户号10" in pages[2]  # group 二组 after 一组, household 10 last
    assert text.count("银闸社区居民选举委员会") == 20
    assert "演" not in text
    assert_nothing_personal(text, roll)
    assert_cjk_fonts(data, tmp_path)


def test_cards_leave_the_venue_blank_to_fill_in(round_, tmp_path):
    roll = Roll(round_, YINZHA, venue=None)
    roll.voter("孙八", "1")
    roll.publish(1)
    text = text_of(voter_cards_pdf(roll.election, 1), tmp_path)
    assert "投票地点银闸社区居民选举委员会" in text  # nothing printed after the label


def test_a_township_batch_has_every_published_committee_on_its_own_pages(round_, duofuxiang, tmp_path, artifacts):
    yinzha = Roll(round_, YINZHA)
    yinzha.voter("周九", "1")
    yinzha.publish(1)
    Roll(round_, DONGCHANG).voter("吴十", "1")  # not published: not in the batch
    data = township_batch_pdf(round_, DONGHUAMEN, "list")
    (artifacts / "voter_list_township.pdf").write_bytes(data)
    pages = pages_of(data, tmp_path)
    assert len(pages) == 2
    # Each names its issuer and the rule set of its election day (rules.md).
    law = "·适用规则：2026年施行的修订法律"
    assert pages[0].startswith(f"东城区·东华门街道办事处·多福巷社区居委会{law}多福巷社区第十一届居民委员会选举选民榜（第3版）")
    assert pages[1].startswith(f"东城区·东华门街道办事处·银闸社区居委会{law}银闸社区第十一届居民委员会选举选民榜（第1版）")
    assert "周九" not in pages[0] and "钱七" not in pages[1]
    assert all("第1页/共1页" in page for page in pages)  # each committee numbers its own pages
    assert "吴十" not in "".join(pages)

    cards = township_batch_pdf(round_, DONGHUAMEN, "cards")
    pages = pages_of(cards, tmp_path)
    assert len(pages) == 2
    assert [page.count("姓名") for page in pages] == [4, 1]
    assert "钱七" in pages[0] and "李四" not in pages[0] and "周九" in pages[1]
    # The one print design's footer: the document number (the committee's cards of its latest
    # version), each committee's pages numbered by themselves, the print time.
    assert re.search(r"文号VC-110101001001-V3第1页/共1页打印于\d{4}-\d\d-\d\d\d\d:\d\d$", pages[0]), pages[0][-80:]
    assert re.search(r"文号VC-110101001002-V1第1页/共1页打印于", pages[1]), pages[1][-80:]


def test_a_committee_list_over_several_pages_numbers_them_in_a_batch(round_, tmp_path):
    big = Roll(round_, DUOFUXIANG)
    for n in range(400):
        big.voter(f"居民{n:03d}", str(n // 3 + 1), f"第{n // 100 + 1}组")
    big.publish(1)
    small = Roll(round_, YINZHA)
    small.voter("周九", "1")
    small.publish(1)
    pages = pages_of(township_batch_pdf(round_, DONGHUAMEN, "list"), tmp_path)
    count = len(pages) - 1
    assert count >= 2
    assert [f"第{n}页/共{count}页" in page for n, page in enumerate(pages[:-1], 1)] == [True] * count
    assert all("东城区·东华门街道办事处·多福巷社区居委会" in page for page in pages[:-1])  # the running header
    assert "银闸社区" in pages[-1] and "第1页/共1页" in pages[-1]


def test_nothing_to_print_is_an_error(round_, duofuxiang):
    with pytest.raises(NotPublished):
        voter_list_pdf(duofuxiang.election, 4)
    with pytest.raises(NotPublished):
        voter_cards_pdf(services.election_for(round_, YINZHA), 1)
    with pytest.raises(NotPublished):
        township_batch_pdf(round_, "110101002000", "list")
    with pytest.raises(ValueError):
        township_batch_pdf(round_, DONGHUAMEN, "certificates")


def test_training_rounds_print_the_watermark(app, tmp_path):
    roll = Roll(open_round(training=True), DUOFUXIANG)
    roll.voter("张三", "1")
    roll.publish(1)
    objection = Objection(election_id=roll.election.id, version_number=1, lodged_by="李四", request="add",
                          subject_name="李四", grounds="本人户籍在本社区。", received_on=date(2026, 5, 11),
                          recorded_by="clerk", decision="rejected", decision_text="户籍不在本社区。",
                          decided_on=date(2026, 5, 12), decided_by="committee")
    db.session.add(objection)
    db.session.flush()
    for data in (voter_list_pdf(roll.election, 1), voter_cards_pdf(roll.election, 1),
                 township_batch_pdf(roll.election.round, DONGHUAMEN, "cards"), objection_notice_pdf(objection)):
        text = text_of(data, tmp_path)
        assert "演" in text and "练" in text  # rotated, so extracted one character a line


def test_r_roll_5_the_decision_on_an_upheld_objection(duofuxiang, tmp_path, artifacts):
    roll = duofuxiang
    objection = Objection(election_id=roll.election.id, version_number=1, lodged_by="王五",
                          lodger_contact="13800138000", request="add", subject_name="钱七",
                          subject_id_number=make("110101", date(1990, 2, 3), 77), grounds="钱七已迁入本社区并居住。",
                          received_on=date(2026, 5, 12), recorded_by="clerk", decision="upheld",
                          decision_text="经核实，钱七户籍已迁入本社区。", decided_on=date(2026, 5, 14),
                          decided_by="committee")
    db.session.add(objection)
    db.session.flush()
    db.session.add(RollChange(election_id=roll.election.id, voter=roll.voters["钱七"], kind="addition",
                              reason="objection_upheld", on_date=date(2026, 5, 14), actor="committee",
                              objection_id=objection.id, published_in=2))
    db.session.flush()
    data = objection_notice_pdf(objection)
    (artifacts / "objection_upheld.pdf").write_bytes(data)
    text = text_of(data, tmp_path)
    assert "关于选民名单异议的处理决定" in text and "多福巷社区第十一届居民委员会选举" in text
    assert "（第1号）" in text
    assert ("王五：你于2026年5月12日对本委员会2026年5月10日公布的选民名单（第1版）提出异议，"
            "请求将“钱七”列入选民名单。所提理由：钱七已迁入本社区并居住。") in text
    assert "异议成立。将“钱七”列入选民名单。说明：经核实，钱七户籍已迁入本社区。" in text
    assert "该变动已在2026年5月20日公布的选民名单（第2版）中公布。" in text
    assert "多福巷社区居民选举委员会（盖章）2026年5月14日" in text
    assert "自收到异议之日起3日内作出处理决定" in text and "公布之日起5日内" in text
    assert "13800138000" not in text and objection.subject_id_number not in text and "19900203" not in text
    assert_nothing_personal(text, roll)
    assert pdf_pages(data, tmp_path) == 1
    assert_cjk_fonts(data, tmp_path)


def test_r_roll_5_the_decision_on_a_rejected_objection(duofuxiang, tmp_path, artifacts):
    first = Objection(election_id=duofuxiang.election.id, version_number=1, lodged_by="赵六", request="remove",
                      subject_name="张三", grounds="张三已不在本社区居住。", received_on=date(2026, 5, 11),
                      recorded_by="clerk")
    db.session.add(first)
    db.session.flush()
    with pytest.raises(ValueError):
        objection_notice_pdf(first)  # undecided
    first.decision, first.decision_text, first.decided_on = "rejected", "张三户籍在本社区，且本人要求参加选举。", date(2026, 5, 13)
    second = Objection(election_id=duofuxiang.election.id, version_number=1, lodged_by="赵六", request="remove",
                       subject_name="王五", grounds="同上。", received_on=date(2026, 5, 11), recorded_by="clerk",
                       decision="rejected", decision_text="理由不成立。", decided_on=date(2026, 5, 13))
    db.session.add(second)
    db.session.flush()
    data = objection_notice_pdf(first)
    (artifacts / "objection_rejected.pdf").write_bytes(data)
    text = text_of(data, tmp_path)
    assert "请求将“张三”从选民名单中删除" in text
    assert "异议不成立，维持原选民名单。理由：张三户籍在本社区，且本人要求参加选举。" in text
    assert "列入选民名单" not in text and "该变动" not in text
    assert "（第2号）" in text_of(objection_notice_pdf(second), tmp_path)


def test_every_reason_for_a_change_has_its_printed_text():
    assert set(ADDITION_REASON_TEXT) == set(eligibility.ADDITION_REASONS)
    assert set(REMOVAL_REASON_TEXT) == set(eligibility.REMOVAL_REASONS)


@pytest.mark.parametrize("name, kind, place", [
    ("多福巷社区居委会", "residential", "多福巷社区"),
    ("鸿博家园第二社区委员会", "residential", "鸿博家园第二社区"),
    ("某某社区居民委员会", "residential", "某某社区"),
    ("机场工作区", "residential", "机场工作区"),
    ("前辛庄村委会", "village", "前辛庄村"),
    ("小营村村委会", "village", "小营村"),
    ("东山村民委员会", "village", "东山村"),
])
def test_documents_name_the_place_without_the_body(name, kind, place):
    assert place_name(name, kind) == place
