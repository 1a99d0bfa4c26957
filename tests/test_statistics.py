"""Statistics (R-COUNT-10 turnout `C / E` with the electorate of the mode, R-MODE-3): each
election's figures kept in the transaction of every change they depend on, `flask stats verify`
that catches a row that drifted, reports whose rows add up level by level on the synthetic city,
the pages with their charts, and the XLSX, CSV and PDF exports."""
import csv
import io
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select, update

from support.accounts import IN_COMMITTEE, IN_DISTRICT, IN_TOWNSHIP, login
from support.pdf import pdf_fonts, pdf_pages, pdf_text
from support.queries import statements
from support.rolls_data import user
from support.tally_data import CLEAR, enter_twice, voted
from support.transactions import refused, save
from elections.candidates import services as candidates
from elections.candidates.models import Nominee
from elections.demo_city import CITY_ROUND
from elections.extensions import db
from elections.geography.models import Division
from elections.results import services as results
from elections.rounds.models import CommitteeElection, Round
from elections.statistics import composition
from elections.statistics.composition import AGE_BANDS, Member, of_members
from elections.statistics.models import ElectionFigures
from elections.statistics.report import report
from elections.statistics.views import CHART_CSP

DAY = date(2026, 6, 6)


# ---- the figures of who was elected, pure ---------------------------------------------------------

def test_age_bands_are_35_45_55_inclusive_on_the_election_day():
    assert [composition.age_band(a) for a in (18, 35, 36, 45, 46, 55, 56, 90)] == [
        "to35", "to35", "36to45", "36to45", "46to55", "46to55", "over55", "over55"]
    assert composition.age_on(date(1990, 6, 6), DAY) == 36  # the birthday itself counts
    assert composition.age_on(date(1990, 6, 7), DAY) == 35
    assert composition.age_on(date(2000, 2, 29), date(2035, 2, 28)) == 34


members_strategy = st.lists(st.builds(
    Member, post=st.sampled_from(["director", "deputy_director", "member"]),
    gender=st.sampled_from(["female", "male", ""]),
    birth_date=st.one_of(st.none(), st.dates(date(1940, 1, 1), date(2008, 6, 6))),
    education=st.one_of(st.none(), st.sampled_from(["primary", "bachelor", "postgraduate", "nonsense"])),
    ethnicity=st.one_of(st.none(), st.sampled_from(["汉族", "满族", "回族"])),
    party_member=st.one_of(st.none(), st.booleans()), incumbent=st.one_of(st.none(), st.booleans()),
    party_secretary=st.one_of(st.none(), st.booleans())), max_size=12)


@given(members_strategy)
def test_every_breakdown_of_the_members_adds_up_to_the_members(members):
    f = of_members(members, DAY)
    n = f["members"]
    assert n == len(members) == f["director"] + f["deputy_director"] + f["member"]
    assert f["age_known"] == sum(f[f"age_{b}"] for b in AGE_BANDS) <= n
    assert sum(f[k] for k in composition.EDUCATION_KEYS) == n
    assert f["party_members"] + f["party_unknown"] <= n
    assert f["reelected"] + f["first_time"] + f["incumbency_unknown"] == n
    assert f["minority"] + f["ethnicity_unknown"] <= n
    assert f["dual_role"] <= f["director"]
    assert f["has_woman"] == int(any(m.gender == "female" for m in members))


@given(members_strategy, members_strategy)
def test_the_figures_of_two_committees_add_up_to_theirs_together(one, two):
    """What every level does: adding committees' figures is counting their members together
    (has_woman aside, which counts committees)."""
    added = composition.add(of_members(one, DAY), of_members(two, DAY))
    together = of_members(one + two, DAY)
    for key in composition.MEMBER_KEYS:
        if key != "has_woman":
            assert added[key] == together[key], key


# ---- one committee, counted and certified -------------------------------------------------------

@pytest.fixture
def certified(app):
    """多福巷 voted (50 of 60 issued, 3 to proxy holders, 2 written) and certified: six members."""
    election, ballot, (central,) = voted(DAY)
    enter_twice(ballot, central, DAY, issued=50, found=50, invalid=1, votes=CLEAR, proxy=3, written=2)
    save(results.certify, election, user("township"), today=DAY)
    return election


def stored(election) -> dict:
    db.session.expire_all()
    return db.session.get(ElectionFigures, election.id).figures


def test_r_count_10_the_certified_result_is_in_the_figures_at_once(certified):
    f = stored(certified)
    assert f["counted"] == 1 and f["electorate_counted"] == certified.electorate == 60
    assert (f["issued_counted"], f["cast"], f["invalid"], f["proxy"], f["written"], f["mobile"]) == (50, 50, 1, 3, 2, 0)
    assert f["first_ballot_counted"] == f["first_ballot_success"] == 1 and f["places_central"] == 1
    # CLEAR elects 居民0001 director, 居民0003 deputy, 0005–0008 members; even numbers are women.
    assert (f["members"], f["director"], f["deputy_director"], f["member"], f["women"], f["has_woman"]) == (6, 1, 1, 4, 2, 1)
    assert f["age_known"] == 6 and f["age_46to55"] == 6 and f["age_sum"] == 6 * 46  # born 1980-01-01
    assert f["edu_unknown"] == f["incumbency_unknown"] == 6  # no profile recorded yet
    r = report(certified.round, db.session.get(Division, IN_TOWNSHIP)).total
    assert r.final_turnout == round(100 * 50 / 60, 1) and r.certified == 1 and r.f("members") == 6
    assert r.turnout_by_mode["direct"]["cast"] == 50 and r.turnout_by_mode["direct"]["electorate_counted"] == 60


def test_a_profile_and_an_annulment_change_the_figures_in_their_own_transaction(certified):
    director = db.session.scalar(select(Nominee).where(Nominee.election_id == certified.id, Nominee.name == "居民0001"))
    save(candidates.set_profile, director, education="bachelor", ethnicity="满族", party_member=True, incumbent=True,
         party_secretary=True, actor=user("committee"))
    f = stored(certified)
    assert (f["edu_bachelor"], f["minority"], f["party_members"], f["reelected"], f["dual_role"]) == (1, 1, 1, 1, 1)
    with refused(match="56"):
        candidates.set_profile(director, education=None, ethnicity="火星族", party_member=None, incumbent=None,
                               party_secretary=None, actor=user("committee"))
    assert stored(certified)["dual_role"] == 1  # refused: nothing changed
    save(results.annul, certified, "director", "居民0001", "贿选", user("district"), today=DAY)  # R-COUNT-11
    f = stored(certified)
    assert (f["members"], f["director"], f["dual_role"], f["edu_bachelor"]) == (5, 0, 0, 0)


def test_flask_stats_verify_finds_a_row_that_drifted_and_rebuild_mends_it(certified, runner):
    clean = runner.invoke(args=["stats", "verify"])
    assert clean.exit_code == 0, clean.output
    assert "0" in clean.output.splitlines()[-1]
    tampered = {**stored(certified), "cast": 49}
    db.session.execute(update(ElectionFigures).where(ElectionFigures.election_id == certified.id).values(figures=tampered))
    db.session.commit()
    drifted = runner.invoke(args=["stats", "verify"])
    assert drifted.exit_code == 1 and f"{IN_COMMITTEE}\tcast" in drifted.output
    db.session.execute(ElectionFigures.__table__.delete())
    db.session.commit()
    missing = runner.invoke(args=["stats", "verify"])
    assert missing.exit_code == 1 and f"{IN_COMMITTEE}\tmissing" in missing.output
    assert runner.invoke(args=["stats", "rebuild"]).exit_code == 0
    assert runner.invoke(args=["stats", "verify"]).exit_code == 0
    assert stored(certified)["cast"] == 50


def test_the_statistics_pages_drill_down_from_the_city_to_the_count(certified, client):
    login(client, "city")
    round_id = certified.round_id
    city = client.get("/stats/").headers["Location"]
    assert city == f"/stats/{round_id}/110000000000"
    page = client.get(city).get_data(as_text=True)
    assert f'href="/stats/{round_id}/{IN_DISTRICT}"' in page and 'class="chart"' in page
    township = client.get(f"/stats/{round_id}/{IN_TOWNSHIP}").get_data(as_text=True)
    assert f'href="/stats/{round_id}/{IN_COMMITTEE}"' in township and "83.3" in township  # 50 of 60
    committee = client.get(f"/stats/{round_id}/{IN_COMMITTEE}").get_data(as_text=True)
    assert f'href="/rounds/{round_id}/count/{IN_COMMITTEE}"' in committee  # the count and its result
    chart = client.get(f"/stats/{round_id}/{IN_TOWNSHIP}/charts/turnout.svg")
    svg = chart.get_data(as_text=True)
    assert chart.mimetype == "image/svg+xml" and chart.headers["Content-Security-Policy"] == CHART_CSP
    assert svg.startswith("<svg") and "<script" not in svg and "83.3" in svg
    live = client.get(f"/stats/{round_id}/{IN_TOWNSHIP}/live").get_json()
    assert live["issued"] == 50 and live["electorate"] == 60


def test_a_statistics_page_costs_the_same_statements_whatever_the_data(app, client):
    """Three grouped queries and the children's names, for the city's 7,007 committees as for one."""
    login(client, "city")
    from support.rolls_data import open_round
    round_ = open_round()
    db.session.commit()
    before, _page = statements(app, client, f"/stats/{round_.id}/110000000000")
    election, ballot, (central,) = voted(DAY, name=round_.name)
    enter_twice(ballot, central, DAY, issued=50, found=50, votes=CLEAR)
    save(results.certify, election, user("township"), today=DAY)
    after, page = statements(app, client, f"/stats/{round_.id}/110000000000")
    assert len(after) == len(before) <= 14, after
    assert "83.3" in page  # the certified committee is in the figures it added up


def test_exports_xlsx_csv_and_the_printed_report(certified, client, runner, tmp_path):
    login(client, "district")
    round_id = certified.round_id
    book = load_workbook(io.BytesIO(client.get(f"/stats/{round_id}/{IN_DISTRICT}/export.xlsx").data))
    assert book.sheetnames == ["概况", "街道（乡镇）", "各街道（乡镇）当选情况", "按选举方式的参选率", "选举方式", "选举进度",
                               "各阶段委员会数", "当选成员"]
    summary = book["概况"]
    assert summary.freeze_panes == "A2" and summary.column_dimensions["A"].width > 20
    assert summary["A1"].value == "项目"
    rows = {r[0]: r[1] for r in summary.iter_rows(min_row=2, values_only=True)}
    assert rows["收回选票"] == 50 and isinstance(rows["收回选票"], int)  # numbers as numbers
    assert rows["参选率（收回选票，%）"] == 83.3
    children = book["街道（乡镇）"]
    assert [c.value for c in children[1]][:3] == ["名称", "代码", "村（居）委会"]
    text = client.get(f"/stats/{round_id}/{IN_DISTRICT}/export.csv").data.decode("utf-8")
    assert text.startswith("\ufeff概况")
    lines = list(csv.reader(io.StringIO(text[1:])))
    assert ["收回选票", "50"] == lines[lines.index(["项目", certified.round.name]) + 12][:2]
    pdf = client.get(f"/stats/{round_id}/{IN_DISTRICT}/export.pdf")
    assert pdf.mimetype == "application/pdf"
    printed = pdf_text(pdf.data, tmp_path)
    assert "东城区 村（居）民委员会换届选举统计报告" in printed and "参选率" in printed and "当选成员" in printed
    assert "按年龄" in printed  # a chart's title, drawn from the same SVG as the page
    assert pdf_pages(pdf.data, tmp_path) >= 2 and "Noto-Sans-CJK-SC" in pdf_fonts(pdf.data, tmp_path)
    for fmt in ("xlsx", "csv", "pdf"):
        out = tmp_path / f"city.{fmt}"
        done = runner.invoke(args=["stats", "export", "--unit", "110000000000", "--format", fmt, "--out", str(out)])
        assert done.exit_code == 0, done.output
        assert out.read_bytes()[:4] in (b"PK\x03\x04", b"\xef\xbb\xbf\xe6", b"%PDF")
    unknown = runner.invoke(args=["stats", "export", "--unit", "999999999999", "--format", "csv", "--out",
                                  str(tmp_path / "x.csv")])
    assert unknown.exit_code == 2 and not (tmp_path / "x.csv").exists()


def test_the_progress_and_overview_tables_export_to_xlsx(certified, client):
    login(client, "township")
    round_id = certified.round_id
    progress = load_workbook(io.BytesIO(client.get(f"/geo/{IN_TOWNSHIP}/progress.xlsx?round={round_id}").data))
    assert progress.sheetnames == ["选举进度", "选举日分布", "逾期的村（居）委会选举", "村（居）委会选举"]
    sheet = progress[progress.sheetnames[0]]
    assert sheet.freeze_panes == "A2"
    assert [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "已备案"][0][-1] == 1
    overview = client.get(f"/rounds/{round_id}/candidates-overview/{IN_TOWNSHIP}.xlsx")
    book = load_workbook(io.BytesIO(overview.data))
    assert "被取消资格的被提名人" in book.sheetnames  # names, for officials: audited
    from elections.audit.models import AuditEntry
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "candidates.overview.export"))


def test_the_nominee_page_records_the_profile(certified, client):
    login(client, "committee")
    director = db.session.scalar(select(Nominee).where(Nominee.election_id == certified.id, Nominee.name == "居民0001"))
    url = f"/rounds/{certified.round_id}/candidates/{IN_COMMITTEE}/nominees/{director.id}"
    bad = client.post(url + "/profile", data={"education": "phd", "ethnicity": "", "party_member": "",
                                              "incumbent": "", "party_secretary": ""})
    assert bad.status_code == 422
    done = client.post(url + "/profile", data={"education": "college", "ethnicity": "回族", "party_member": "yes",
                                               "incumbent": "no", "party_secretary": "yes"})
    assert done.status_code == 302
    db.session.expire_all()
    assert (director.education, director.ethnicity, director.party_member, director.incumbent,
            director.party_secretary) == ("college", "回族", True, False, True)
    assert stored(certified)["dual_role"] == 1
    table = client.get(f"/rounds/{certified.round_id}/candidates/{IN_COMMITTEE}").get_data(as_text=True)
    assert "回族" in table


# ---- the synthetic city: every level adds up ---------------------------------------------------------

def _same(total, rows):
    """A unit's own figures against the sum of its children's."""
    assert total.committees == sum(r.committees for r in rows)
    assert total.electorate == sum(r.electorate for r in rows) and total.issued == sum(r.issued for r in rows)
    for stage, n in total.by_stage.items():
        assert n == sum(r.by_stage.get(stage, 0) for r in rows), stage
    for key, n in total.figures.items():
        assert n == sum(r.f(key) for r in rows), key
    for mode, t in total.turnout_by_mode.items():
        for key, n in t.items():
            assert n == sum(r.turnout_by_mode.get(mode, {}).get(key, 0) for r in rows), (mode, key)


def test_r_count_10_every_level_adds_up_to_the_level_above_on_the_synthetic_city(runner):
    built = runner.invoke(args=["demo", "city", "--scale", "0.003"])
    assert built.exit_code == 0, built.output
    round_ = db.session.scalar(select(Round).where(Round.name == CITY_ROUND))
    city = report(round_, db.session.get(Division, "110000000000"))
    assert city.total.committees == 7007 and city.total.f("counted") >= 20 and city.total.f("members") > 100
    assert city.total.f("edu_unknown") == 0  # the demo records every candidate's profile
    assert len(city.children) == 16
    _same(city.total, city.children)
    several = 0
    for child in city.children:  # each district's own queries against its row on the city's page
        district = report(round_, db.session.get(Division, child.code))
        _same(district.total, [child])
        _same(district.total, district.children)
        several += sum(1 for t in district.children if t.f("counted")) > 1
        for township_row in district.children:
            if township_row.f("counted"):
                township = report(round_, db.session.get(Division, township_row.code))
                _same(township.total, [township_row])
                for committee_row in township.children:
                    committee = report(round_, db.session.get(Division, committee_row.code))
                    _same(committee.total, [committee_row])
    assert several >= 5  # districts whose counted townships are more than one
    # Turnout by mode (R-MODE-3) adds up to the whole, and is C / E of the counted.
    modes = city.total.turnout_by_mode
    assert sum(t["cast"] for t in modes.values()) == city.total.f("cast")
    assert city.total.final_turnout == round(100 * city.total.f("cast") / city.total.f("electorate_counted"), 1)
    checked = runner.invoke(args=["stats", "verify", "--round", str(round_.id)])
    assert checked.exit_code == 0 and "7007" in checked.output, checked.output
    stored_rows = db.session.scalar(select(db.func.count()).select_from(ElectionFigures).where(
        ElectionFigures.round_id == round_.id))
    touched = db.session.scalar(select(db.func.count()).select_from(CommitteeElection).where(
        CommitteeElection.round_id == round_.id, CommitteeElection.stage != "setup"))
    assert stored_rows == touched
