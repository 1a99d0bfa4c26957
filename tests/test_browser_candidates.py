"""Nomination and the candidate list in a real browser (issue 5): the election committee of 多福巷社区
records its joint nominations, one refused for a signer not on the roll, sees the slate it makes,
and once the township has vetted every nominee publishes the list and prints the notice.

Headless Chromium through Playwright against the real app, CSRF on, in Chinese. Every page is
saved to test-artifacts/candidates-*.png for a person to look at.
"""
from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from support.candidates_data import id_of, qualify
from support.accounts import IN_COMMITTEE, log_in
from support.apps import serving
from support.pdf import pdf_pages, pdf_text
from elections.candidates import services
from elections.clock import beijing_today
from elections.extensions import db
from elections.rolls import services as rolls
from elections.rounds.models import CommitteeElection
from support.rolls_data import open_round, person, planned, user
from support.transactions import save
from support.browser import confirmed

pytestmark = pytest.mark.browser
TODAY = beijing_today()
DAY = TODAY + timedelta(days=30)
# (person, post, signers from person 11 on): one more candidate than seats for each post.
NOMINATIONS = [(1, "director", 14), (2, "director", 12), (3, "deputy_director", 13), (4, "deputy_director", 11),
               (5, "member", 16), (6, "member", 15), (7, "member", 13), (8, "member", 12)]


@dataclass
class Live:
    app: object
    url: str
    round_id: int
    election_id: int


@pytest.fixture(scope="module")
def live(databases):
    url = databases.fresh()
    with serving(databases, url) as (app, base):
        with app.app_context():
            round_ = open_round("2026年村（居）民委员会换届选举", first_day=TODAY - timedelta(days=20))
            election = planned(round_, IN_COMMITTEE, election_day=DAY, venue="多福巷社区活动中心")
            for n in range(1, 31):
                save(rolls.add_voter, election, person(n), user("committee"), today=TODAY)
            save(rolls.publish, election, user("committee"), today=TODAY)
            services.open_nomination(election, user("committee"), today=TODAY)
            ready = Live(app, base, round_.id, election.id)
            db.session.commit()  # the set-up, committed; no transaction stays open while the server writes
        yield ready


def shot(page, artifacts, name):
    page.screenshot(path=artifacts / f"candidates-{name}.png", full_page=True)


def nominate(page, who: str, post: str, signers: list[str]):
    if not page.locator("#joint-form").is_visible():
        page.click("#joint details summary, details:has(#joint-form) summary")
    page.fill("#who", who)
    page.select_option("#post", post)
    page.select_option("#method", "voters")
    page.fill("#submitted_on", TODAY.isoformat())
    page.fill("#signers", "\n".join(signers))
    page.click("#joint-form button[type=submit]")


def test_r_cand_5_the_election_committee_nominates_and_publishes_the_vetted_list(page, live, artifacts, tmp_path):
    log_in(page, live.url, "committee")
    page.goto(f"{live.url}/rounds/{live.round_id}/elections/{IN_COMMITTEE}")
    expect(page.locator("#publish-elsewhere")).to_be_visible()
    page.click("#candidates-link")
    expect(page.locator("h1")).to_contain_text("提名与候选人")

    signers = [id_of(n) for n in range(11, 21)]
    nominate(page, "居民0001", "director", signers[:5] + ["110101199001011234"] + signers[5:9])
    expect(page.locator("#problems")).to_contain_text("第6行")  # not on the roll (R-CAND-1)
    expect(page.locator("#problems")).to_contain_text("R-CAND-1")
    shot(page, artifacts, "joint-refused")

    for n, post, count in NOMINATIONS:
        nominate(page, id_of(n), post, [id_of(s) for s in range(11, 11 + count)])
        expect(page.locator(".alert-success")).to_contain_text(f"居民{n:04d}")
    expect(page.locator("#joint-list tbody tr")).to_have_count(len(NOMINATIONS))

    # R26-CAND: the community Party organisation's decision, recorded with its document number.
    page.click("details:has(#party-form) summary")
    page.fill("#party-who", id_of(9))
    page.select_option("#party-post", "director")
    page.fill("#party-body", "中共多福巷社区委员会")
    page.fill("#party-reference", "多党发〔2026〕3号")
    page.fill("#party-votes", "5")
    page.fill("#party-decided_on", TODAY.isoformat())
    page.click("#party-form button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("居民0009")
    expect(page.locator("#party-list tbody tr")).to_have_count(1)
    expect(page.locator("#party-list")).to_contain_text("多党发〔2026〕3号")
    shot(page, artifacts, "party")
    director = page.locator("#slate-director li")
    expect(director).to_have_count(2)
    expect(director.first).to_contain_text("居民0001")
    expect(director.first).to_contain_text("14票")
    expect(director.nth(1)).to_contain_text("居民0002")
    expect(page.locator("#slate-member li")).to_have_count(4)
    expect(page.locator("#publication-problems")).to_contain_text("R-CAND-3")
    expect(page.locator("#publish button[type=submit]")).to_be_disabled()
    shot(page, artifacts, "committee")

    with live.app.app_context():  # the township vets every nominee: nothing found
        election = db.session.get(CommitteeElection, live.election_id)
        for nominee in services.nominees(election):
            qualify(nominee)
        db.session.commit()

    page.reload()
    expect(page.locator("#publication-problems")).to_have_count(0)
    expect(page.locator("#slate-director li").first).to_contain_text("审查合格")
    confirmed(page, "#publish button[type=submit]", "候选人名单", "不能撤回")
    expect(page.locator(".alert-success")).to_contain_text("第1版")
    expect(page.locator("#stage")).to_contain_text("已公布候选人")
    shot(page, artifacts, "published")

    href = page.locator("#list-table a", has_text="公告").get_attribute("href")
    printed = page.request.get(live.url + href)  # shown inline by the browser's PDF viewer
    assert printed.headers["content-type"] == "application/pdf"
    text = "".join(pdf_text(printed.body(), tmp_path).split())
    assert "多福巷社区居民委员会第十一届成员候选人名单公告" in text
    assert text.index("居民0005") < text.index("居民0006") < text.index("居民0007") < text.index("居民0008")
    assert pdf_pages(printed.body(), tmp_path) == 1
    (artifacts / "candidates-notice.pdf").write_bytes(printed.body())

    page.click("#slate-member li >> nth=0 >> a")
    expect(page.locator("#nominee")).to_contain_text(id_of(5))  # the committee reads the ID number whole
    page.fill("#relative-form #name", "王秀英")
    page.select_option("#relation", "spouse")
    page.click("#relative-form button[type=submit]")
    expect(page.locator("#relative-table")).to_contain_text("王秀英")
    shot(page, artifacts, "nominee")
