"""Election rounds in a real browser (issue 3): opening a round, a township's plan file, one
committee moving on, a district official's override, and the city's progress page.

Headless Chromium (Debian's) through Playwright against the real app on a live server, CSRF on,
in Chinese. Every page is saved to test-artifacts/rounds-*.png for a person to look at.
"""
import re
from dataclasses import dataclass
from datetime import timedelta
from itertools import cycle

import openpyxl
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from support.accounts import IN_COMMITTEE, IN_DISTRICT, IN_TOWNSHIP, log_in
from support.apps import serving
from support.rolls_data import person
from support.browser import confirmed
from elections.clock import beijing_today
from elections.extensions import db
from elections.geography.models import Division
from elections.rolls import services as rolls
from elections.rounds import services, stages
from elections.rounds.demo import reached_on
from elections.rounds.models import Round
from elections.transactions import unit_of_work

pytestmark = pytest.mark.browser
TODAY = beijing_today()
ROUND_NAME = "2026年村（居）民委员会换届选举"
LATE_COMMITTEE = "110101002001"  # 东城区 › 景山街道 › 隆福寺社区: its voter list is overdue
# Committees planned and moved by the fixture so that the progress pages have something to show:
# 西城区 › 西长安街街道 (residential) and 怀柔区 › 汤河口镇 (residential and village).
SCENARIO_TOWNSHIPS = ("110102001000", "110116107000")
# (stage reached, election day relative to today; None: no day yet).
SCENARIOS = [
    ("certified", -10), ("counted", -3), ("supplementary_pending", -5), ("voting", 0),
    ("candidates_published", 3), ("nomination", 15), ("roll_published", 25), ("registration", 30),
    ("registration", 12),  # R-ROLL-5 overdue: the list was due 8 days ago
    ("nomination", 4),  # R-CAND-5 overdue
    ("nomination", -2),  # election day passed, no count
    ("supplementary_pending", -20),  # R-COUNT-7 overdue: 20 days since the first count
    ("revote_pending", -2), ("setup", None), ("new_election_pending", -4), ("setup", None),
]
RESIDENTIAL_MODES = ("direct", "household", "representative")
MODE_FILE_LABELS = ("直接选举", "户代表选举", "居民代表选举")  # the plan file's labels (national-2026)


@dataclass
class Live:
    url: str
    round_id: int


def _plan(election, day) -> dict:
    village = election.kind == "village"
    return {"mode": "direct" if village else None, "election_day": day, "seats_director": 1,
            "seats_deputy_director": 1, "seats_member": 3 if village else 4,
            "ballot_method": "single" if village else "separate"}


def _prepare(round_: Round) -> None:
    """Elections in every stage with and without overdue deadlines, through the services, dated
    in the past as they would have happened; and the late election the district official handles."""
    modes, scenarios = cycle(RESIDENTIAL_MODES), cycle(SCENARIOS)
    committees = db.session.scalars(select(Division.code).where(Division.parent_code.in_(SCENARIO_TOWNSHIPS))
                                    .order_by(Division.code)).all()
    for code in committees:
        election = services.election_for(round_, code)
        stage, offset = next(scenarios)
        day = None if offset is None else TODAY + timedelta(days=offset)
        changes = _plan(election, day)
        if election.kind == "residential":
            changes["mode"] = next(modes)
        services.update_plan(election, changes)
        if day is not None:
            when = reached_on(day)
            for target in stages.path_to(stage)[1:]:
                services.move_stage(election, target, today=min(when[target], TODAY))
    late = services.election_for(round_, LATE_COMMITTEE)
    services.update_plan(late, {**_plan(late, TODAY + timedelta(days=10)), "mode": "direct"})
    services.move_stage(late, "registration", today=TODAY - timedelta(days=25))
    for n in range(1, 4):
        rolls.add_voter(late, person(n), today=TODAY - timedelta(days=20))


@pytest.fixture(scope="module")
def live(databases):
    """The real app with an open round, its elections prepared as above."""
    url = databases.fresh()
    with serving(databases, url) as (app, base):
        with app.app_context(), unit_of_work():  # committed, as a command would
            round_ = services.open_round(ROUND_NAME, TODAY - timedelta(days=20), TODAY + timedelta(days=60),
                                         village_term=12, residential_term=11, ruleset="national-2026")
            _prepare(round_)
            round_id = round_.id
        yield Live(base, round_id)


def signed_in(page, base, username):
    log_in(page, base, username)
    expect(page.locator("nav.navbar")).to_contain_text("退出")  # logged in, the landing page loaded


def shot(page, artifacts, name):
    page.screenshot(path=artifacts / f"rounds-{name}.png", full_page=True)


# ---- (a) the city admin opens a round ----------------------------------------------------------

def test_city_admin_opens_and_closes_a_round(page, live, artifacts):
    signed_in(page, live.url, "city")
    page.goto(live.url + "/rounds/new")
    expect(page.locator("h1")).to_have_text("开始换届选举")
    expect(page.locator("main")).to_contain_text("换届选举名称")
    expect(page.locator("main")).to_contain_text("最早选举日")
    page.fill("#name", "2027年演练换届选举")
    page.fill("#first_day", (TODAY + timedelta(days=100)).isoformat())
    page.fill("#last_day", (TODAY + timedelta(days=160)).isoformat())
    page.select_option("#ruleset", "national-2026")
    page.check("#training")
    shot(page, artifacts, "new")
    page.click("main button[type=submit]")

    expect(page).to_have_url(re.compile(r"/rounds/\d+$"))
    expect(page.locator(".alert-success")).to_contain_text("已为7007个村（居）委会建立选举")
    expect(page.locator("h1")).to_contain_text("2027年演练换届选举")
    expect(page.locator("#settings")).to_contain_text("第十二届")
    expect(page.locator("#settings")).to_contain_text("选举时间范围")
    shot(page, artifacts, "show")
    # The criteria: the bars set by law (R26-CAND) stay as they are when the city edits the rest.
    round_url = page.url
    page.goto(round_url + "/criteria/edit")
    statutory = page.locator("tr.statutory-item")
    expect(statutory).to_have_count(5)
    expect(statutory.first.locator("select").first).to_be_disabled()
    expect(statutory.locator("input[type=checkbox]")).to_have_count(0)
    page.locator("tr", has=page.locator("input[value='TC-10']")).locator("input[type=checkbox]").check()
    page.fill("#note", "删去第十项")
    page.click("main button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("第2版")
    expect(page.locator("main")).to_contain_text("依法设定")
    expect(page.locator("main")).not_to_contain_text("丧失行为能力或长期外出不能正常履职的")
    page.goto(round_url)
    # Closing it (after the browser's confirmation) leaves the fixture's round the current one.
    confirmed(page, "text=结束本届选举", "不能重新开启")
    expect(page.locator(".alert-success")).to_contain_text("本届选举已结束")
    expect(page.locator("form[action$='/close']")).to_have_count(0)


# ---- (b) a township's plan file ----------------------------------------------------------------

def test_township_official_plans_with_the_template(page, live, artifacts, tmp_path):
    signed_in(page, live.url, "township")
    page.goto(f"{live.url}/geo/{IN_TOWNSHIP}?round={live.round_id}")
    page.click("text=制定本街道（乡镇）各村（居）委会选举方案")
    expect(page).to_have_url(f"{live.url}/rounds/{live.round_id}/plan/{IN_TOWNSHIP}")
    expect(page.locator("#plans tbody tr")).to_have_count(12)  # 东华门街道's committees
    with page.expect_download() as download:
        page.click("text=下载模板（XLSX）")
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)

    workbook = openpyxl.load_workbook(template)
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    column = {name: header.index(name) + 1 for name in header}
    rows = list(range(2, sheet.max_row + 1))
    assert len(rows) == 12
    days = {}
    for i, row in enumerate(rows):
        code = sheet.cell(row, column["村(居)委会代码"]).value
        days[code] = TODAY + timedelta(days=30 + i)
        sheet.cell(row, column["选举方式"]).value = MODE_FILE_LABELS[i % 3]
        sheet.cell(row, column["选举日"]).value = days[code]
        sheet.cell(row, column["主任名额"]).value = 1
        sheet.cell(row, column["副主任名额"]).value = 1 + i % 2
        sheet.cell(row, column["委员名额"]).value = 4
        sheet.cell(row, column["投票方式"]).value = ("一次投票", "分次投票")[i % 2]
    good = tmp_path / "plan.xlsx"
    workbook.save(good)

    page.set_input_files("#file", good)
    page.click("#upload button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("选举方案文件已导入")
    for code, day in days.items():
        row = page.locator("#plans tbody tr", has_text=code)
        expect(row).to_contain_text(day.isoformat())
    expect(page.locator("#plans")).to_contain_text("户代表选举")
    expect(page.locator("#plans")).to_contain_text("居民代表选举")
    expect(page.locator("#plans")).to_contain_text("分次投票")
    shot(page, artifacts, "township-plan")
    planned = page.locator("#plans").inner_text()

    # One bad row (row 5: 1 + 2 + 9 = 12 seats, a residents' committee has 5 to 9): nothing is saved.
    bad_code = sheet.cell(5, column["村(居)委会代码"]).value
    sheet.cell(5, column["委员名额"]).value = 9
    sheet.cell(6, column["选举日"]).value = TODAY + timedelta(days=45)  # a good change, not applied either
    bad = tmp_path / "plan-bad.xlsx"
    workbook.save(bad)
    page.set_input_files("#file", bad)
    page.click("#upload button[type=submit]")
    report = page.locator("#report")
    expect(report).to_contain_text("未保存任何内容")
    expect(report.locator("tbody tr")).to_have_count(1)
    expect(report.locator("tbody tr td").nth(0)).to_have_text("5")
    expect(report.locator("tbody tr")).to_contain_text(bad_code)
    expect(report.locator("tbody tr")).to_contain_text("R-SIZE-1")
    assert page.locator("#plans").inner_text() == planned
    shot(page, artifacts, "township-plan-error")


# ---- (c) the committee's election committee moves its election on ------------------------------

def test_election_committee_completes_its_plan_and_starts_registration(page, live, artifacts):
    signed_in(page, live.url, "committee")
    page.goto(f"{live.url}/geo/{IN_COMMITTEE}?round={live.round_id}")
    page.locator("#elections a", has_text="多福巷社区居委会").click()
    expect(page).to_have_url(f"{live.url}/rounds/{live.round_id}/elections/{IN_COMMITTEE}")
    expect(page.locator("#stage")).to_contain_text("筹备")
    expect(page.locator("#calendar")).to_contain_text("公布选民名单")
    day = TODAY + timedelta(days=40)
    page.select_option("#mode", "household")
    page.fill("#election_day", day.isoformat())
    page.fill("#seats_director", "1")
    page.fill("#seats_deputy_director", "1")
    page.fill("#seats_member", "5")
    page.select_option("#ballot_method", "separate")
    page.fill("#venue", "多福巷社区居委会会议室")
    page.click("#plan button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("选举方案已保存")
    # The calendar counts back from the day: the voter list 20 days before (R-ROLL-5).
    roll = page.locator("#calendar tr", has_text="公布选民名单")
    expect(roll).to_contain_text((day - timedelta(days=20)).isoformat())
    expect(page.locator("#override_reason")).to_have_count(0)  # only district officials override
    page.select_option("#target", "registration")
    confirmed(page, "#move button[type=submit]", "不能回退")
    expect(page.locator(".alert-success")).to_contain_text("选举已进入：选民登记")
    expect(page.locator("#stage")).to_contain_text("选民登记")
    expect(page.locator("#history")).to_contain_text("筹备 → 选民登记")
    expect(page.locator("#history")).to_contain_text("committee")
    shot(page, artifacts, "election")


# ---- (d) a district official overrides a broken deadline ---------------------------------------

def test_district_official_overrides_a_deadline_with_a_reason(page, live, artifacts):
    """R-ROLL-5: the late list is published from its roll page, which the stage form points to."""
    signed_in(page, live.url, "district")
    page.goto(f"{live.url}/rounds/{live.round_id}/elections/{LATE_COMMITTEE}")
    expect(page.locator("#late")).to_contain_text("选民名单未公布")
    expect(page.locator("#target option[value=roll_published]")).to_have_count(0)  # not a move of the form
    page.click("#publish-roll-elsewhere a:not(.rule-link)")
    expect(page).to_have_url(f"{live.url}/rounds/{live.round_id}/rolls/{LATE_COMMITTEE}#publish")
    confirmed(page, "#publish button[type=submit]")  # no reason: refused, naming the rule
    expect(page.locator("#problems")).to_contain_text("R-ROLL-5")
    shot(page, artifacts, "override-refused")
    page.fill("#override_reason", "选民登记因疫情推迟，经区选举工作指导小组研究同意补办公布。")
    confirmed(page, "#publish button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("第1版选民名单已公布")
    page.goto(f"{live.url}/rounds/{live.round_id}/elections/{LATE_COMMITTEE}")
    expect(page.locator("#stage")).to_contain_text("已公布选民名单")
    entry = page.locator("#history li").last
    expect(entry).to_contain_text("选民登记 → 已公布选民名单")
    marked = entry.locator(".text-danger")
    expect(marked).to_contain_text("经批准逾期办理")
    expect(marked).to_contain_text("R-ROLL-5")
    expect(entry).to_contain_text("经区选举工作指导小组研究同意补办公布")
    shot(page, artifacts, "override")


# ---- (e) the progress pages ------------------------------------------------------------------

def test_city_progress_page_shows_stages_days_and_overdue(page, live, artifacts):
    signed_in(page, live.url, "city")
    page.goto(live.url + "/geo/")
    progress = page.locator("#progress")
    expect(progress).to_contain_text(ROUND_NAME)
    counts = page.locator("#stage-counts")
    expect(counts).to_contain_text("居民委员会")
    expect(counts).to_contain_text("村民委员会")
    expect(counts).to_contain_text("户代表选举")
    for label in ("筹备", "选民登记", "已计票", "待另行选举", "待再次投票", "待重新选举", "已备案"):
        expect(counts.locator("tbody")).to_contain_text(label)  # one row per stage
    expect(page.locator("svg#day-chart rect").first).to_be_visible()
    assert page.locator("svg#day-chart rect").count() >= 10
    overdue = page.locator("#overdue")
    expect(overdue).to_be_visible()
    expect(overdue).to_contain_text("选民名单未公布")
    expect(overdue).to_contain_text("候选人名单未公布")
    expect(page.locator("#by-child")).to_contain_text("西城区")
    shot(page, artifacts, "progress-city")
    # The two parts most likely to look wrong, at a size a person can read.
    counts.screenshot(path=artifacts / "rounds-progress-city-stages.png")
    page.locator("svg#day-chart").screenshot(path=artifacts / "rounds-progress-city-chart.png")
    page.goto(f"{live.url}/geo/{IN_DISTRICT}")
    expect(page.locator("#stage-counts")).to_be_visible()
    shot(page, artifacts, "progress-district")
    page.goto(f"{live.url}/geo/{SCENARIO_TOWNSHIPS[1]}")
    expect(page.locator("#elections tbody tr")).not_to_have_count(0)
    shot(page, artifacts, "progress-township")
