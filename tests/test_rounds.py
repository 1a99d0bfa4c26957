"""Rounds and committee elections through the services and the pages: state, audit, refusals."""
import io
from datetime import date, timedelta

import openpyxl
import pytest
from sqlalchemy import func, select

from support.accounts import IN_COMMITTEE, IN_DISTRICT, IN_TOWNSHIP, login
from elections.accounts.models import User
from elections.audit.models import AuditEntry
from elections.clock import beijing_today
from elections.extensions import db
from elections.rounds import services
from elections.rounds.models import CommitteeElection, CriteriaVersion, Round, StageChange
from support.transactions import refused, save

TODAY = beijing_today()
DAY = TODAY + timedelta(days=30)
GOOD_PLAN = {"mode": "household", "election_day": DAY, "seats_director": 1, "seats_deputy_director": 1,
             "seats_member": 3, "ballot_method": "single"}


def open_round(name="2026年换届选举", **extra) -> Round:
    values = {"village_term": 12, "residential_term": 11, "ruleset": "national-2026"} | extra
    return services.open_round(name, TODAY - timedelta(days=10), TODAY + timedelta(days=60), **values)


def user(name) -> User:
    return db.session.scalar(select(User).where(User.username == name))


def audit(action) -> list[AuditEntry]:
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


@pytest.fixture
def round_(app) -> Round:
    return open_round()


@pytest.fixture
def election(round_) -> CommitteeElection:
    return services.election_for(round_, IN_COMMITTEE)


# ---- opening and closing -----------------------------------------------------------------------

def test_opening_a_round_creates_an_election_for_every_active_committee(app):
    round_ = open_round(training=True)
    assert services.count_elections(round_) == 7007
    kinds = dict(db.session.execute(select(CommitteeElection.kind, func.count())
                                    .where(CommitteeElection.round_id == round_.id)
                                    .group_by(CommitteeElection.kind)).all())
    assert kinds == {"residential": 3081, "village": 3926}
    election = services.election_for(round_, IN_COMMITTEE)
    assert (election.district_code, election.township_code, election.stage) == (IN_DISTRICT, IN_TOWNSHIP, "setup")
    assert round_.policy == {"cascade": False, "women_rule": "reserve", "min_women": 1, "allow_uncontested": False,
                            "ballot_reserve": 5, "tally_entry": "double"}
    [entry] = audit("round.open")
    assert entry.after["committee_elections"] == 7007 and entry.after["training"] is True


def test_the_default_criteria_are_version_one_of_a_new_round(round_):
    criteria = services.current_criteria(round_)
    assert criteria.version == 1
    ids = [item["id"] for item in criteria.items]
    # R26-CAND: under national-2026 the bars set by law head the ten-cannot list.
    assert ids == [f"FG-{n}" for n in range(1, 6)] + [f"SB-{n}" for n in range(1, 6)] + [f"TC-{n}" for n in range(1, 11)]
    assert criteria.items[10]["zh"] == "受过刑事处罚的" and criteria.items[10]["departments"] == ["法院", "公安"]
    assert criteria.items[9]["kinds"] == ["village"] and all(item["statutory"] for item in criteria.items[5:10])


def test_r26_cand_the_statutory_bars_cannot_be_removed_or_changed(round_, client):
    items = services.current_criteria(round_).items
    for changed in ([i for i in items if i["id"] != "SB-3"], [{**i, "zh": "改写"} if i["id"] == "SB-1" else i
                                                               for i in items]):
        with refused(services.RoundsError) as refusal:
            services.save_criteria(round_, changed, "删改法定情形")
        assert refusal.value.problems[0].rule == "R26-CAND"
    login(client, "city")
    form = client.get(f"/rounds/{round_.id}/criteria/edit").text
    assert form.count('text-bg-secondary">依法设定') == 5 and 'name="items-5-remove"' not in form and 'name="items-10-remove"' in form


def test_a_beijing_2018_round_has_no_statutory_bars(app):
    old = services.open_round("2021年换届", date(2021, 3, 1), date(2021, 6, 30), village_term=11, residential_term=10,
                              ruleset="beijing-2018")
    assert [i["id"] for i in services.current_criteria(old).items if i["list"] == "ten_cannot"][0] == "TC-1"


def test_a_round_is_refused_with_every_problem(app):
    with refused(services.RoundsError) as refusal:
        services.open_round(" ", date(2026, 6, 1), date(2026, 5, 1), village_term=0, residential_term=11,
                            ruleset="nowhere-1999", policy={"min_women": 5})
    assert {p.field for p in refusal.value.problems} >= {"name", "ruleset", "last_day", "village_term"}
    assert db.session.scalar(select(func.count()).select_from(Round)) == 0


def test_round_names_are_unique(round_):
    with refused(services.RoundsError):
        open_round()


def test_a_closed_round_stays_readable_and_cannot_change(round_, election, client):
    services.close_round(round_)
    with refused(services.RoundsError):
        services.update_plan(election, {"venue": "礼堂"})
    with refused(services.RoundsError):
        services.move_stage(election, "registration")
    login(client, "city")
    page = client.get(f"/rounds/{round_.id}/elections/{IN_COMMITTEE}")
    assert page.status_code == 200 and 'id="plan"' in page.text and "<form" not in page.text.split('id="plan"')[0][-200:]
    answer = client.post(f"/rounds/{round_.id}/elections/{IN_COMMITTEE}/plan", data={"venue": "礼堂"})
    assert answer.status_code == 422 and "本届选举已结束" in answer.text
    assert db.session.get(CommitteeElection, election.id).venue is None


def test_the_city_opens_a_round_in_the_browser_form(client, app):
    login(client, "city")
    response = client.post("/rounds/new", data={
        "name": "2026年换届", "village_term": 12, "residential_term": 11, "ruleset": "national-2026",
        "first_day": "2026-03-01", "last_day": "2026-06-30", "training": "y", "women_rule": "reserve",
        "min_women": 1})
    assert response.status_code == 302
    round_ = db.session.scalar(select(Round))
    assert round_.training and round_.policy["min_women"] == 1 and round_.policy["cascade"] is False
    page = client.get(response.headers["Location"]).text
    assert "第十二届" in page and "第十一届" in page and "7007" in page
    again = client.post("/rounds/new", data={
        "name": "2026年换届", "village_term": 12, "residential_term": 11, "ruleset": "national-2026",
        "first_day": "2026-03-01", "last_day": "2026-06-30", "women_rule": "reserve", "min_women": 1})
    assert again.status_code == 422 and "已有名为" in again.text


# ---- criteria --------------------------------------------------------------------------------

def test_criteria_edits_make_audited_versions(round_, client):
    login(client, "city")
    form = client.get(f"/rounds/{round_.id}/criteria/edit").text
    assert "受过刑事处罚的" in form
    items = services.current_criteria(round_).items
    data = {"note": "市委组织部通知调整"}
    for i, item in enumerate(items):
        data |= {f"items-{i}-item_id": item["id"], f"items-{i}-list": item["list"], f"items-{i}-zh": item["zh"],
                 f"items-{i}-en": item["en"], f"items-{i}-applies_to": "".join(item.get("kinds") or [])}
    assert [item["id"] for item in items[5:11]] == ["SB-1", "SB-2", "SB-3", "SB-4", "SB-5", "TC-1"]  # R26-CAND
    data["items-10-lookback_years"] = 5  # TC-1: five years since the penalty ended
    data["items-19-remove"] = "y"  # TC-10 dropped
    data |= {"items-20-item_id": "TC-11", "items-20-list": "ten_cannot", "items-20-zh": "有其他不宜情形的"}
    response = client.post(f"/rounds/{round_.id}/criteria/edit", data=data)
    assert response.status_code == 302
    version = services.current_criteria(round_)
    assert version.version == 2 and version.note == "市委组织部通知调整"
    by_id = {item["id"]: item for item in version.items}
    assert by_id["TC-1"]["lookback_years"] == 5 and by_id["TC-1"]["departments"] == ["法院", "公安"]
    assert "TC-10" not in by_id and by_id["TC-11"]["zh"] == "有其他不宜情形的"
    [entry] = audit("round.criteria")
    assert entry.before["version"] == 1 and entry.after["version"] == 2
    assert "第1版" in client.get(f"/rounds/{round_.id}/criteria?version=1").text


def test_r_cand_3_criteria_are_fixed_once_nomination_opens(round_, election):
    services.update_plan(election, GOOD_PLAN)
    for stage in ("registration", "roll_published", "nomination"):
        services.move_stage(election, stage, today=DAY - timedelta(days=25))
    items = services.current_criteria(round_).items
    with refused(services.RoundsError) as refusal:
        services.save_criteria(round_, items[:-1], "删去一项")
    assert refusal.value.problems[0].rule == "R-CAND-3"
    assert db.session.scalar(select(func.count()).select_from(CriteriaVersion)) == 1


def test_criteria_need_unique_ids_and_both_lists(round_):
    items = services.current_criteria(round_).items
    with refused(services.RoundsError):
        services.save_criteria(round_, [*items, dict(items[0])], "重复")
    with refused(services.RoundsError):
        services.save_criteria(round_, [i for i in items if i["list"] == "five_good"], "只留五好")


# ---- plans -----------------------------------------------------------------------------------

def test_r_size_1_a_plan_outside_the_sizes_is_refused_and_nothing_changes(election):
    with refused(services.RoundsError) as refusal:
        services.update_plan(election, GOOD_PLAN | {"seats_member": 8})
    assert [p.rule for p in refusal.value.problems] == ["R-SIZE-1"]
    assert db.session.get(CommitteeElection, election.id).seats_member is None
    services.update_plan(election, GOOD_PLAN)
    [entry] = audit("election.plan")
    assert entry.after["mode"] == "household" and entry.unit_code == IN_COMMITTEE


def test_r_size_1_seats_are_fixed_before_nomination(election):
    services.update_plan(election, GOOD_PLAN)
    for stage in ("registration", "roll_published", "nomination"):
        services.move_stage(election, stage, today=DAY - timedelta(days=25))
    with refused(services.RoundsError) as refusal:
        services.update_plan(election, {"seats_member": 4})
    assert refusal.value.problems[0].rule == "R-SIZE-1"
    services.update_plan(election, {"venue": "社区活动室"})  # the venue may still change


def test_township_common_values_apply_to_all_its_committees_or_none(round_, client):
    login(client, "township")
    url = f"/rounds/{round_.id}/plan/{IN_TOWNSHIP}"
    bad = client.post(url, data={"kind": "all", "mode": "direct", "seats_director": 1, "seats_deputy_director": 3})
    assert bad.status_code == 422 and "R-SIZE-1" in bad.text
    assert audit("election.plan") == []
    good = client.post(url, data={"kind": "all", "mode": "representative", "election_day": DAY.isoformat(),
                                  "seats_director": 1, "seats_deputy_director": 2, "seats_member": 4,
                                  "ballot_method": "separate", "venue": "街道礼堂"})
    assert good.status_code == 302
    elections = db.session.scalars(select(CommitteeElection).where(
        CommitteeElection.round_id == round_.id, CommitteeElection.township_code == IN_TOWNSHIP)).all()
    assert len(elections) == 12 and all(e.mode == "representative" and e.venue == "街道礼堂" for e in elections)
    assert len(audit("election.plan")) == 12


def test_the_plan_file_round_trip_through_the_township_page(round_, client):
    """Template out, filled in, uploaded: one bad row rejects the whole file, a good file applies whole."""
    login(client, "township")
    base = f"/rounds/{round_.id}/plan/{IN_TOWNSHIP}"
    template = client.get(f"{base}/template.xlsx")
    assert template.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(template.data))
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    assert headers[:7] == ["村(居)委会代码", "选举方式", "选举日", "主任名额", "副主任名额", "委员名额", "投票方式"]
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 12 and rows[0][0].value == IN_COMMITTEE
    for row in rows:
        for cell, value in zip(row[1:7], ["户代表选举", DAY.isoformat(), 1, 1, 3, "一次投票"]):
            cell.value = value
    rows[3][5].value = 9  # 1 + 1 + 9 = 11 members: R-SIZE-1

    def upload(workbook):
        data = io.BytesIO()
        workbook.save(data)
        return client.post(f"{base}/upload", data={"file": (io.BytesIO(data.getvalue()), "plan.xlsx")},
                           content_type="multipart/form-data")

    refused = upload(book)
    assert refused.status_code == 422
    report = refused.text.split('id="report"', 1)[1].split("</table>", 1)[0]
    assert "<td>5</td>" in report and "R-SIZE-1" in report
    assert audit("election.plan") == []
    rows[3][5].value = 3
    applied = upload(book)
    assert applied.status_code == 302
    assert len(audit("election.plan")) == 12
    assert services.election_for(round_, IN_COMMITTEE).mode == "household"


# ---- stages ----------------------------------------------------------------------------------

def test_the_election_committee_moves_its_election_along(election, client):
    login(client, "committee")
    base = f"/rounds/{election.round_id}/elections/{IN_COMMITTEE}"
    refused = client.post(f"{base}/stage", data={"target": "registration"})
    assert refused.status_code == 422 and "请先完成选举工作方案" in refused.text
    assert client.post(f"{base}/plan", data={k: str(v) for k, v in GOOD_PLAN.items()}).status_code == 302
    assert client.post(f"{base}/stage", data={"target": "registration"}).status_code == 302
    page = client.get(base).text
    assert "选民登记" in page and "公布选民名单" in page
    assert db.session.get(CommitteeElection, election.id).stage == "registration"
    [entry] = audit("election.stage")
    assert entry.before == {"stage": "setup"} and entry.after["stage"] == "registration"


def late_registration(election) -> None:
    """An election whose voter list should have been published yesterday (R-ROLL-5)."""
    services.update_plan(election, GOOD_PLAN | {"election_day": TODAY + timedelta(days=19)})
    services.move_stage(election, "registration", today=TODAY - timedelta(days=5))


def test_the_stage_form_does_not_publish_the_roll(election, client):
    """R-ROLL-5: the roll is published on its page, which checks it; the stage form neither offers
    the move nor makes it when it is posted anyway."""
    late_registration(election)
    login(client, "district")
    page = client.get(f"/rounds/{election.round_id}/elections/{IN_COMMITTEE}").text
    assert 'value="roll_published"' not in page
    response = client.post(f"/rounds/{election.round_id}/elections/{IN_COMMITTEE}/stage",
                           data={"target": "roll_published", "override_reason": "特殊情况"})
    assert response.status_code == 422 and "R-ROLL-5" in response.text
    assert db.session.get(CommitteeElection, election.id).stage == "registration"


def test_r_roll_5_a_district_official_overrides_with_a_written_reason(election, client):
    late_registration(election)
    district = db.session.scalar(select(User).where(User.username == "district"))
    with refused(services.RoundsError) as refusal:
        services.move_stage(election, "roll_published", district)
    assert refusal.value.problems[0].rule == "R-ROLL-5"
    with refused(services.RoundsError, match="district"):
        services.move_stage(election, "roll_published", User(username="x", role="township_official"),
                            override_reason="特殊情况")
    save(services.move_stage, election, "roll_published", district, override_reason="暴雨推迟张榜，经区民政局批准")
    change = db.session.scalars(select(StageChange).where(StageChange.to_stage == "roll_published")).one()
    assert change.overridden == ["R-ROLL-5"] and change.reason.startswith("暴雨") and change.actor == "district"
    [entry] = audit("election.stage.override")
    assert entry.after["overridden"] == ["R-ROLL-5"]
    login(client, "district")
    page = client.get(f"/rounds/{election.round_id}/elections/{IN_COMMITTEE}").text
    assert "经批准逾期办理" in page and "逾期完成" in page


def test_the_calendar_shows_overdue_steps_in_english_too(election, client):
    late_registration(election)
    login(client, "observer")
    client.get("/lang/en")
    page = client.get(f"/rounds/{election.round_id}/elections/{IN_COMMITTEE}").text
    assert "voter list not published" in page and "Publish the voter list" in page
    assert 'id="move"' not in page and 'id="add-member"' not in page  # observers only read


# ---- the election committee --------------------------------------------------------------------

def test_election_committee_members_join_and_leave_with_a_reason(election, client):
    login(client, "committee")
    base = f"/rounds/{election.round_id}/elections/{IN_COMMITTEE}"
    assert client.post(f"{base}/members", data={"name": "王建国", "position": "chair", "phone": "13800000001"}
                       ).status_code == 302
    second_chair = client.post(f"{base}/members", data={"name": "李秀英", "position": "chair"})
    assert second_chair.status_code == 422 and "已有主任" in second_chair.text
    [member] = db.session.get(CommitteeElection, election.id).members
    no_reason = client.post(f"{base}/members/{member.id}/leave", data={"reason": ""})
    assert no_reason.status_code == 422
    assert client.post(f"{base}/members/{member.id}/leave", data={"reason": "工作调动"}).status_code == 302
    db.session.refresh(member)
    assert member.left_on is not None and member.left_reason == "工作调动"
    assert [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))][-2:] == [
        "election_committee.add", "election_committee.leave"]


# ---- progress on the unit pages ----------------------------------------------------------------

def test_unit_pages_show_progress_of_the_current_round(election, client):
    late_registration(election)
    login(client, "township")
    page = client.get(f"/geo/{IN_TOWNSHIP}").text
    assert 'id="progress"' in page and 'id="stage-counts"' in page
    overdue = page.split('id="overdue"', 1)[1].split("</table>", 1)[0]
    assert "多福巷社区居委会" in overdue and "选民名单未公布" in overdue
    assert 'id="day-chart"' in page
    city = login(client, "city") and client.get("/geo/").text
    assert "东城区" in city.split('id="by-child"', 1)[1]


# ---- one round per term at a time; deleting a round opened by mistake; which round a page is about --

def test_a_round_overlapping_an_open_round_of_the_same_term_is_refused_naming_it(round_):
    """The fixture's round (village term 12, residents' term 11) is open over TODAY-10 … TODAY+60."""
    with refused(services.RoundsError) as error:
        services.open_round("重复的换届", TODAY + timedelta(days=50), TODAY + timedelta(days=90), village_term=12,
                            residential_term=13, ruleset="national-2026")
    [problem] = error.value.problems
    assert problem.params["name"] == "2026年换届选举" and problem.field == "first_day"
    # Other days, another term, a training round beside it, or once it is closed: allowed.
    services.open_round("下一届", TODAY + timedelta(days=61), TODAY + timedelta(days=90), village_term=12,
                        residential_term=11, ruleset="national-2026")
    services.open_round("补充", TODAY, TODAY + timedelta(days=30), village_term=13, residential_term=12,
                        ruleset="national-2026")
    services.open_round("演练", TODAY, TODAY + timedelta(days=30), village_term=12, residential_term=11,
                        ruleset="national-2026", training=True)
    services.close_round(round_)
    services.open_round("重开", TODAY, TODAY + timedelta(days=30), village_term=12, residential_term=11,
                        ruleset="national-2026")


def test_the_form_names_the_overlapping_round(round_, client):
    db.session.commit()
    login(client, "city")
    response = client.post("/rounds/new", data={
        "name": "又一个", "village_term": 12, "residential_term": 11, "ruleset": "national-2026",
        "first_day": TODAY.isoformat(), "last_day": (TODAY + timedelta(days=5)).isoformat(), "women_rule": "reserve",
        "min_women": 1})
    assert response.status_code == 422 and "2026年换届选举" in response.text
    assert db.session.scalar(select(func.count()).select_from(Round)) == 1


def test_the_city_deletes_a_round_in_which_no_work_was_done(round_, client):
    db.session.commit()
    round_id = round_.id
    login(client, "district")
    assert client.post(f"/rounds/{round_id}/delete").status_code == 403
    client.post("/logout")
    login(client, "city")
    page = client.get(f"/rounds/{round_id}").text
    assert 'id="delete"' in page and "data-confirm-final" in page.split('id="delete"')[1][:600]
    response = client.post(f"/rounds/{round_id}/delete")
    assert response.status_code == 302 and response.headers["Location"].endswith("/rounds/")
    assert db.session.scalar(select(func.count()).select_from(Round)) == 0
    assert db.session.scalar(select(func.count()).select_from(CommitteeElection)) == 0
    [deleted] = audit("round.delete")
    assert deleted.before["name"] == "2026年换届选举" and deleted.actor == "city"


def test_a_round_with_work_done_is_not_deleted(round_, election, client):
    save(services.update_plan, election, GOOD_PLAN)
    round_id = round_.id
    with refused(services.RoundsError) as error:
        services.delete_round(round_)
    assert [p.message for p in error.value.problems][1:] == [
        "Committees have filled in their election plans or moved on from set-up."]
    assert db.session.get(Round, round_id) is not None
    login(client, "city")
    page = client.get(f"/rounds/{round_id}").text
    assert 'id="delete"' not in page
    response = client.post(f"/rounds/{round_id}/delete", follow_redirects=True)
    assert "选举方案" in response.text and db.session.get(Round, round_id) is not None
    assert audit("round.delete") == []


def test_every_page_of_a_round_names_it_and_switches_to_another_open_round(round_, client):
    other = open_round("2027年换届选举", village_term=13, residential_term=12)
    closed = open_round("旧的一届", village_term=11, residential_term=10)
    services.close_round(closed)
    db.session.commit()
    login(client, "township")
    page = client.get(f"/rounds/{round_.id}/elections/{IN_COMMITTEE}").text
    bar = page.split('id="round-bar"')[1].split("</div>\n</div>")[0]
    assert "2026年换届选举" in bar and "2026年施行的修订法律" in bar
    # The same committee's page in the other open round; the closed one is not offered.
    assert f'href="/rounds/{other.id}/elections/{IN_COMMITTEE}"' in bar and "旧的一届" not in bar
    progress = client.get(f"/geo/{IN_TOWNSHIP}?round={other.id}").text.split('id="round-bar"')[1][:1500]
    assert "2027年换届选举" in progress and f"/geo/{IN_TOWNSHIP}?round={round_.id}" in progress
    assert 'id="round-bar"' not in client.get("/audit/").text  # not about a round
