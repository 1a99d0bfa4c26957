"""The overview of nomination and vetting for a township, district or city (issue 5, part 6):
nominees per stage of vetting, barred nominees by criterion (R-CAND-3), committees without a woman
candidate (R-SIZE-3), lists not yet published with their deadline (R-CAND-5), a row per child
unit; names of barred nominees for officials only; a fixed number of SQL statements."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from support.candidates_data import NOMINATED_ON, id_of, qualify
from support.accounts import IN_COMMITTEE, IN_DISTRICT, IN_TOWNSHIP, login
from support.queries import statements
from elections.candidates import services
from elections.candidates.overview import overview
from elections.extensions import db
from elections.geography.services import get_unit
from elections.rolls import services as rolls
from elections.rounds import services as rounds
from elections.rounds.models import Round
from support.apps import fresh_app
from support.rolls_data import DAY, TODAY, open_round, person, planned, user
from support.transactions import save

SECOND, PUBLISHED = "110101001002", "110101001005"  # two more committees of 东华门街道
ANOTHER_TOWNSHIP_COMMITTEE = "110101002001"  # 景山街道, same district
BARRED_EVIDENCE = "（2019）京0101刑初88号判决：因盗窃罪被判处有期徒刑一年。"
# Statements of one overview page, whatever the round holds. Measured: 14 on SQLite (BEGIN, the
# user, the round, then the overview's ten: elections, nominees with their files, criteria, open
# assessments, open findings, latest lists, meeting votes, signers, post choices, child units;
# and the breadcrumbs), one more where the unit is not in the session yet. Slack of one.
MAX_STATEMENTS = 16


def roll(round_, code, first, voters=30, **plan):
    """`code`'s election with a published roll of people first … first+voters-1, at nomination."""
    election = planned(round_, code, **plan)
    for n in range(first, first + voters):
        save(rolls.add_voter, election, person(n), user("township"), today=TODAY)
    save(rolls.publish, election, user("township"), today=TODAY)
    services.open_nomination(election, user("township"), today=NOMINATED_ON)
    return election


def joint(election, first, nominations):
    """Joint nominations (R-CAND-1): (person n, post, signers) signed by voters of the roll from `first`."""
    people = []
    for n, post, count in nominations:
        signers = [id_of(k) for k in range(first, first + 30) if k != n][:count]
        people.append(save(services.add_joint_nomination, election, who=id_of(n), post=post,
                           method="voters", signers=signers, submitted_on=NOMINATED_ON,
                           actor=user("township"), today=NOMINATED_ON))
    return people


def answer(nominee, *, holds=None, leave=0):
    """Assess every five-good item and answer every ten-cannot one but the last `leave`; the
    item `holds` is found by the court."""
    items = services.criteria_items(nominee)
    for item in items:
        if item["list"] == "five_good":
            save(services.assess, nominee, item["id"], True, "", user("township"))
    pairs = [(i["id"], d) for i in items if i["list"] == "ten_cannot"
             for d in i.get("departments") or ["选举委员会"]]
    for item_id, department in pairs[:len(pairs) - leave]:
        found = item_id == holds and department == "法院"
        save(services.record_finding, nominee, item_id, department, found, BARRED_EVIDENCE if found else "",
             NOMINATED_ON, actor=user("township"), today=NOMINATED_ON)


def mixed(round_):
    """多福巷: a nominee in every stage of vetting, and only men on its slate."""
    election = roll(round_, IN_COMMITTEE, 1)
    people = joint(election, 1, [(1, "director", 12), (3, "director", 11), (5, "deputy_director", 12),
                                 (7, "deputy_director", 11), (9, "member", 14), (11, "member", 13),
                                 (13, "member", 12), (15, "member", 11)])
    qualify(people[0])
    answer(people[1], holds="TC-1")
    save(services.decide, people[1], "barred", ["TC-1"], "受过刑事处罚（R-CAND-3）", user("township"),
         today=NOMINATED_ON)
    save(services.assess, people[2], "FG-1", True, "", user("township"))  # awaiting findings
    answer(people[3])  # ready for the decision
    save(services.withdraw, people[4], "因病退出", NOMINATED_ON, user("township"), today=NOMINATED_ON)
    return election


def others(round_):
    """A second committee nominating (a woman among them, vetting not begun, a later election day)
    and a third whose list is published."""
    second = roll(round_, SECOND, 101, election_day=DAY + timedelta(days=10))
    joint(second, 101, [(102, "director", 10), (103, "deputy_director", 10), (105, "member", 10)])
    published = roll(round_, PUBLISHED, 201)
    people = joint(published, 201, [(202, "director", 12), (203, "director", 11), (205, "deputy_director", 12),
                                    (207, "deputy_director", 11), (209, "member", 14), (211, "member", 13),
                                    (213, "member", 12), (215, "member", 11)])
    for nominee in people:
        qualify(nominee)
    save(services.publish, published, user("township"), today=NOMINATED_ON + timedelta(days=1))
    return second, published


def _nominating_township(app):
    round_ = open_round()
    mixed(round_)
    others(round_)


@pytest.fixture
def app(databases):
    """The round as `mixed` and `others` leave it: built once per run (a snapshot), copied for each
    test, instead of nominating and vetting nineteen people through the services every time."""
    with fresh_app(databases, databases.snapshot("candidates-overview", _nominating_township)) as app:
        yield app


@pytest.fixture
def township(app):
    return db.session.scalar(select(Round))


def url(round_, code=IN_TOWNSHIP):
    return f"/rounds/{round_.id}/candidates-overview/{code}"


def test_nominees_are_counted_by_stage_of_vetting(township):
    # One more waiting for findings, with all answers but the last: read and judged by the law,
    # where one with a single assessment is known to wait from its count of findings alone.
    answer(services.nominees(rounds.election_for(township, SECOND))[0], leave=1)
    found = overview(township, get_unit(IN_TOWNSHIP), NOMINATED_ON)
    assert found.by_stage == {"not_started": 3 + 2, "awaiting_findings": 1 + 1, "ready": 1, "qualified": 1 + 8,
                              "barred": 1, "withdrawn": 1}
    assert found.nominees == 19 and found.published == 1
    # The same stages as the committee pages say, one nominee at a time.
    single = {}
    for election in (rounds.election_for(township, c) for c in (IN_COMMITTEE, SECOND, PUBLISHED)):
        for nominee in services.nominees(election):
            single[services.vetting_stage(nominee)] = single.get(services.vetting_stage(nominee), 0) + 1
    assert single == found.by_stage


def test_r_cand_3_barred_nominees_by_criterion_with_its_text(township, client):
    login(client, "township")
    page = client.get(url(township)).get_data(as_text=True)
    assert "TC-1" in page and "受过刑事处罚的" in page
    found = overview(township, get_unit(IN_TOWNSHIP), NOMINATED_ON)
    assert [(b.item_id, b.text, b.count) for b in found.barred_by_item] == [("TC-1", "受过刑事处罚的", 1)]
    assert [b.name for b in found.barred] == ["居民0003"]
    assert 'id="barred"' in page and "居民0003" in page


def test_r_size_3_a_committee_without_a_woman_candidate_is_listed(township, client):
    found = overview(township, get_unit(IN_TOWNSHIP), NOMINATED_ON)
    [short] = found.without_woman
    # The barred director and the withdrawn member are passed over: six men stand (R-CAND-2).
    assert (short.committee_code, short.candidates, short.women, short.published) == (IN_COMMITTEE, 6, 0, False)
    login(client, "township")
    page = client.get(url(township)).get_data(as_text=True)
    table = page.split('id="without-woman"')[1].split("</table>")[0]
    assert "多福巷" in table and "银闸" not in table


def test_r_size_3_a_published_list_is_read_from_the_list(township):
    election = rounds.election_for(township, PUBLISHED)
    latest = services.latest_list(election)
    latest.entries = [{**entry, "sex": "M"} for entry in latest.entries]  # as if it named men only
    db.session.commit()
    found = overview(township, get_unit(IN_TOWNSHIP), NOMINATED_ON)
    assert [(c.committee_code, c.published) for c in found.without_woman] == [(IN_COMMITTEE, False),
                                                                            (PUBLISHED, True)]


def test_r_cand_5_unpublished_lists_with_their_deadline_overdue_first(township, client, monkeypatch):
    deadline = DAY - timedelta(days=5)
    monkeypatch.setattr("elections.candidates.overview_views.beijing_today", lambda: deadline + timedelta(days=1))
    found = overview(township, get_unit(IN_TOWNSHIP), deadline + timedelta(days=1))
    first, second = found.unpublished[:2]
    assert (first.committee_code, first.deadline, first.overdue) == (IN_COMMITTEE, deadline, True)
    assert (second.committee_code, second.deadline, second.overdue) == (SECOND, deadline + timedelta(days=10), False)
    assert PUBLISHED not in {c.committee_code for c in found.unpublished}
    assert len(found.unpublished) == 2 and found.overdue_total == 1
    assert found.unpublished_total == found.committees - 1 and found.undated == found.committees - 3  # no day yet
    login(client, "township")
    page = client.get(url(township)).get_data(as_text=True)
    table = page.split('id="unpublished"')[1].split("</table>")[0]
    assert deadline.isoformat() in table and table.index("多福巷") < table.index("银闸")
    assert "table-danger" in table.split("银闸")[0]


def test_the_township_has_a_row_per_committee_and_the_district_per_township(township, client):
    found = overview(township, get_unit(IN_TOWNSHIP), NOMINATED_ON)
    rows = {r.unit.code: r for r in found.children}
    assert (rows[IN_COMMITTEE].nominees, rows[IN_COMMITTEE].qualified, rows[IN_COMMITTEE].barred) == (8, 1, 1)
    assert rows[PUBLISHED].published == 1 and rows[PUBLISHED].list_number == 1
    district = overview(township, get_unit(IN_DISTRICT), NOMINATED_ON)
    rows = {r.unit.code: r for r in district.children}
    assert (rows[IN_TOWNSHIP].nominees, rows[IN_TOWNSHIP].qualified, rows[IN_TOWNSHIP].barred,
            rows[IN_TOWNSHIP].published) == (19, 9, 1, 1)
    assert rows["110101002000"].nominees == 0 and rows["110101002000"].committees > 0
    login(client, "township")
    page = client.get(url(township)).get_data(as_text=True)
    assert f'href="/rounds/{township.id}/candidates/{IN_COMMITTEE}"' in page  # each committee to its candidates
    login(client, "district")
    page = client.get(url(township, IN_DISTRICT)).get_data(as_text=True)
    assert f'href="{url(township)}"' in page  # each township links to its own overview
    login(client, "city")
    assert client.get(url(township, "110000000000")).status_code == 200


def test_an_observer_sees_counts_but_not_the_names_of_barred_nominees(township, client):
    login(client, "observer")
    response = client.get(url(township))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "TC-1" in page and 'id="names-hidden"' in page
    assert "居民0003" not in page and 'id="barred"' not in page


def test_who_may_see_the_overview(township, client):
    login(client, "township_out")
    assert client.get(url(township)).status_code == 403
    login(client, "committee")  # a committee's own page is elsewhere; its township is not its jurisdiction
    assert client.get(url(township)).status_code == 403
    login(client, "clerk")
    assert client.get(url(township, IN_COMMITTEE)).status_code == 403
    login(client, "township")
    assert client.get(url(township, IN_COMMITTEE)).status_code == 404
    assert client.get(f"/rounds/{township.id + 1}/candidates-overview/{IN_TOWNSHIP}").status_code == 404
    page = client.get(f"/geo/{IN_TOWNSHIP}").get_data(as_text=True)
    assert f'href="{url(township)}"' in page  # linked from the progress section


# ---- a fixed number of statements --------------------------------------------------------------

def test_the_overview_costs_the_same_statements_however_many_committees_nominate(databases):
    with fresh_app(databases) as app:
        _statements_stay_the_same(app, open_round())


def _statements_stay_the_same(app, round_):
    mixed(round_)
    pages = [("township", url(round_)), ("district", url(round_, IN_DISTRICT)), ("city", url(round_, "110000000000"))]
    clients = {}
    for username, path in pages:
        clients[path] = app.test_client()
        login(clients[path], username)
        statements(app, clients[path], path)  # warm-up: templates compiled
    few = {path: statements(app, clients[path], path)[0] for _, path in pages}

    others(round_)  # two more committees: nominations, findings, a published list
    elsewhere = roll(round_, ANOTHER_TOWNSHIP_COMMITTEE, 301)
    people = joint(elsewhere, 301, [(302, "director", 10), (304, "director", 11), (306, "member", 10)])
    answer(people[0], leave=1)
    save(services.set_margin, elsewhere, "member", 2, user("township"))
    many = {path: statements(app, clients[path], path)[0] for _, path in pages}

    counts = {path: (len(few[path]), len(many[path])) for path in few}
    print("statements per overview page (one committee nominating, four):", counts)
    for path, (before, after) in counts.items():
        assert before == after <= MAX_STATEMENTS, (path, counts, many[path])
