"""The candidate pages (issue 5): nomination meetings and joint nominations entered in the browser,
the slate and its tie decisions, publication refused until vetting is done, withdrawals that
re-issue the list, and what an observer may see. Dates are today's: the pages use the clock."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from support.accounts import IN_COMMITTEE, login
from support.candidates_data import VILLAGE, id_of, meeting, qualify
from elections.audit.models import AuditEntry
from elections.candidates import services
from elections.candidates.models import CandidateList, Nomination, NominationMeeting, Nominee, PostChoice
from elections.clock import beijing_today
from elections.extensions import db
from elections.rolls import idnumber
from elections.rolls import services as rolls
from elections.rounds import services as rounds
from elections.rounds.models import CommitteeElection
from support.rolls_data import person, planned, user
from support.transactions import save

TODAY = beijing_today()
DAY = TODAY + timedelta(days=30)


def nominating(code: str, voters: int = 30, stage: str = "nomination", day=DAY, since=TODAY):
    """`code`'s election on `day` with a roll of `voters` test people published on `since`, at
    `stage`; every person has a household of their own and represents it."""
    round_ = rounds.open_round("2026年换届选举", TODAY - timedelta(days=40), TODAY + timedelta(days=80),
                               village_term=12, residential_term=11, ruleset="national-2026")
    election = planned(round_, code, election_day=day, venue="社区活动中心")
    for n in range(1, voters + 1):
        save(rolls.add_voter, election, person(n), user("committee"), today=since)
    save(rolls.publish, election, user("committee"), today=since)
    if stage == "nomination":
        services.open_nomination(election, user("committee"), today=since)
    return election


@pytest.fixture
def residential(app):
    return nominating(IN_COMMITTEE)


@pytest.fixture
def village(app):
    return nominating(VILLAGE)


def url(election, tail=""):
    return f"/rounds/{election.round_id}/candidates/{election.committee_code}{tail}"


def joint(election, n: int, post: str, signers: range):
    return save(services.add_joint_nomination, election, who=id_of(n), post=post, method="voters",
                signers=[id_of(s) for s in signers], submitted_on=TODAY, actor=user("committee"),
                today=TODAY)


# Seats 1 / 1 / 3 with one candidate more per post: 2 + 2 + 4 nominees, voters 11.. sign.
SLATE = [(1, "director", 14), (2, "director", 12), (3, "deputy_director", 13), (4, "deputy_director", 11),
         (5, "member", 16), (6, "member", 15), (7, "member", 13), (8, "member", 12)]


def full_slate(election):
    return {n: joint(election, n, post, range(11, 11 + signers)) for n, post, signers in SLATE}


def meeting_form(rows, *, attendance=20, ballots=20, held_on=TODAY):
    data = {"held_on": held_on.isoformat(), "attendance": str(attendance), "ballots_cast": str(ballots),
            "invalid_director": "0", "invalid_deputy_director": "0", "invalid_member": "1"}
    for i, (who, post, votes) in enumerate(rows):
        data |= {f"rows-{i}-who": who, f"rows-{i}-post": post, f"rows-{i}-votes": str(votes)}
    return data


def problem_block(page: str) -> str:
    start = page.index('id="problems"')
    return page[start:page.index("</div>", start)]


def audit(action):
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


# ---- opening nomination, and the election page that no longer publishes -------------------------

def test_nomination_opens_from_the_page_after_the_roll(app, client):
    election = nominating(IN_COMMITTEE, voters=3, stage="roll_published")
    login(client, "committee")
    assert "开始提名" in client.get(url(election)).text
    assert client.post(url(election, "/open")).status_code == 302
    assert db.session.get(CommitteeElection, election.id).stage == "nomination"


def test_r_cand_3_the_election_page_does_not_publish_the_list(residential, client):
    login(client, "committee")
    page = client.get(f"/rounds/{residential.round_id}/elections/{IN_COMMITTEE}").text
    assert 'id="candidates-link"' in page and 'id="publish-elsewhere"' in page
    assert 'value="candidates_published"' not in page
    refused = client.post(f"/rounds/{residential.round_id}/elections/{IN_COMMITTEE}/stage",
                          data={"target": "candidates_published"})
    assert refused.status_code == 422 and "R-CAND-3" in refused.text
    assert db.session.get(CommitteeElection, residential.id).stage == "nomination"


# ---- a village's nomination meeting (R-CAND-1) ----------------------------------------------------

def test_r_cand_1_the_meeting_form_records_the_tally(village, client):
    login(client, "city")
    page = client.get(url(village)).text
    assert 'id="meeting-form"' in page and 'id="joint-form"' not in page
    done = client.post(url(village, "/meeting"), data=meeting_form(
        [(id_of(1), "director", 15), (id_of(2), "director", 4), ("居民0003", "member", 12)]))
    assert done.status_code == 302
    found = db.session.scalar(select(NominationMeeting))
    assert (found.registered, found.attendance, found.invalid["member"]) == (30, 20, 1)
    page = client.get(url(village)).text
    assert "居民0001" in page and "居民0003" in page and 'id="quorum"' in page
    assert "20" in page and "过半" in page
    assert f'value="{id_of(3)}"' in page  # the form holds the tally, to correct it whole
    assert audit("nomination.meeting")[0].after["tally"][0] == {"name": "居民0001", "post": "director", "votes": 15}


def test_r_cand_1_a_bad_tally_is_refused_whole_with_every_line_named(village, client):
    login(client, "city")
    refused = client.post(url(village, "/meeting"), data=meeting_form(
        [(id_of(1), "director", 9), ("110101199001011234", "director", 3), (id_of(3), "member", 30),
         ("", "", ""), (id_of(5), "member", "")], attendance=10, ballots=9))
    assert refused.status_code == 422
    problems = problem_block(refused.text)
    for line in ("第2行", "第3行", "第5行"):
        assert line in problems
    assert "第1行" not in problems and "第4行" not in problems
    assert "10" in problems and "R-CAND-1" in problems  # 10 of 30 attended: not more than half
    assert 'value="110101199001011234"' in refused.text  # the form comes back as typed
    assert db.session.scalar(select(func.count()).select_from(NominationMeeting)) == 0
    assert db.session.scalar(select(func.count()).select_from(Nominee)) == 0


def test_the_votes_must_be_numbers(village, client):
    login(client, "city")
    refused = client.post(url(village, "/meeting"), data=meeting_form([(id_of(1), "director", "很多")]))
    assert refused.status_code == 422 and "第1行" in refused.text
    assert db.session.scalar(select(func.count()).select_from(Nominee)) == 0


# ---- residents' joint nominations ----------------------------------------------------------------

def test_r_cand_1_a_joint_nomination_with_a_signer_not_on_the_roll_names_the_line(residential, client):
    login(client, "committee")
    signers = [id_of(n) for n in range(11, 20)]
    signers.insert(3, "110101199001011234")
    form = {"who": "居民0001", "post": "director", "method": "voters", "signers": "\r\n".join(signers),
            "submitted_on": TODAY.isoformat()}
    refused = client.post(url(residential, "/joint"), data=form)
    assert refused.status_code == 422
    assert "第4行" in refused.text and "R-CAND-1" in refused.text
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 0
    form["signers"] = "\n".join([id_of(n) for n in range(11, 21)])
    assert client.post(url(residential, "/joint"), data=form).status_code == 302
    page = client.get(url(residential)).text
    assert "居民0001" in page and 'id="joint-list"' in page
    row = page[page.index('id="joint-list"'):]
    assert "10</td>" in row


def test_a_village_form_and_a_residential_form_only_where_they_apply(residential, client):
    login(client, "committee")
    page = client.get(url(residential)).text
    assert 'id="joint-form"' in page and 'id="meeting-form"' not in page and 'id="party-form"' in page
    # R26-CAND: residents are nominated by the Party organisation or jointly by voters, nothing else.
    assert 'value="voters"' in page and 'value="household_representatives"' not in page
    assert 'value="meeting"' not in page


# ---- the slate, vetting and publication (R-CAND-2, R-CAND-3, R-CAND-5) -----------------------------

def test_r_cand_3_publishing_is_refused_until_every_candidate_is_vetted(residential, client):
    people = full_slate(residential)
    login(client, "committee")
    page = client.get(url(residential)).text
    assert 'id="publication-problems"' in page and "R-CAND-3" in page
    refused = client.post(url(residential, "/publish"))
    assert refused.status_code == 422 and "R-CAND-3" in refused.text
    assert db.session.scalar(select(func.count()).select_from(CandidateList)) == 0
    for nominee in people.values():
        qualify(nominee)
    assert 'id="publication-problems"' not in client.get(url(residential)).text
    assert client.post(url(residential, "/publish")).status_code == 302
    issued = db.session.scalar(select(CandidateList))
    assert [e["name"] for e in issued.entries] == ["居民0001", "居民0002", "居民0003", "居民0004",
                                                   "居民0005", "居民0006", "居民0007", "居民0008"]
    assert db.session.get(CommitteeElection, residential.id).stage == "candidates_published"
    page = client.get(url(residential)).text
    assert "/lists/1.pdf" in page and 'id="publish"' not in page and 'id="reissue"' in page


def test_r_cand_5_publishing_late_needs_a_district_officials_reason(app, client):
    late = nominating(IN_COMMITTEE, day=TODAY + timedelta(days=3), since=TODAY - timedelta(days=30))
    for nominee in full_slate(late).values():
        qualify(nominee)
    login(client, "committee")
    page = client.get(url(late)).text
    assert 'id="override_reason"' not in page
    refused = client.post(url(late, "/publish"))
    assert refused.status_code == 422 and "R-CAND-5" in refused.text
    refused = client.post(url(late, "/publish"), data={"override_reason": "选举日不能再推迟"})
    assert refused.status_code == 422 and "区级" in refused.text
    assert db.session.scalar(select(func.count()).select_from(CandidateList)) == 0
    client.post("/logout")
    login(client, "district")
    assert 'id="override_reason"' in client.get(url(late)).text
    assert client.post(url(late, "/publish"), data={"override_reason": "经区民政局批准"}).status_code == 302
    assert db.session.scalar(select(CandidateList)).number == 1
    assert audit("election.stage.override")[0].after["reason"] == "经区民政局批准"


def test_r_size_3_no_woman_among_the_candidates_is_a_warning(residential, client):
    people = full_slate(residential)  # persons 1..8: the odd ones are men, the even ones women
    login(client, "committee")
    assert 'id="warnings"' not in client.get(url(residential)).text
    for n in (2, 4, 6, 8):
        save(services.withdraw, people[n], "因病", TODAY, user("committee"), today=TODAY)
    page = client.get(url(residential)).text
    assert 'id="warnings"' in page and "R26-SIZE" in page  # the law itself under national-2026


def test_r_cand_2_the_margin_is_one_or_two(residential, client):
    login(client, "committee")
    assert client.post(url(residential, "/margin/member"), data={"margin-member-margin": "2"}).status_code == 302
    assert db.session.scalar(select(PostChoice).where(PostChoice.post == "member")).margin == 2
    refused = client.post(url(residential, "/margin/member"), data={"margin-member-margin": "0"})
    assert refused.status_code == 422  # not a choice unless the round allows an uncontested list
    assert db.session.scalar(select(PostChoice).where(PostChoice.post == "member")).margin == 2
    assert client.post(url(residential, "/margin/nonsense"), data={}).status_code == 404


def test_r_cand_2_a_tie_at_the_cut_off_is_resolved_by_a_recorded_decision(village, client):
    # Member: 3 seats + 1 = 4 places; 居民0014 and 居民0015 tie for the last one.
    meeting(village, [(1, "director", 15), (2, "director", 9), (3, "deputy_director", 14), (4, "deputy_director", 8),
                      (11, "member", 18), (12, "member", 17), (13, "member", 16), (14, "member", 12),
                      (15, "member", 12)], attendance=28, ballots=28)
    tied = {p.name: p.id for p in services.nominees(village)}
    login(client, "city")
    page = client.get(url(village)).text
    assert 'id="tie-form-member"' in page and "R-CAND-2" in page
    refused = client.post(url(village, "/tie/member"), data={
        "tie-member-order-0": tied["居民0015"], "tie-member-order-1": tied["居民0015"],
        "tie-member-reason": "抽签"})
    assert refused.status_code == 422 and db.session.scalar(select(PostChoice)) is None
    done = client.post(url(village, "/tie/member"), data={
        "tie-member-order-0": tied["居民0015"], "tie-member-order-1": tied["居民0014"],
        "tie-member-reason": "选举委员会会议抽签决定"})
    assert done.status_code == 302
    member = {s.post: s for s in services.current_slate(village).posts}["member"]
    assert member.chosen[-1] == tied["居民0015"] and not member.tied
    page = client.get(url(village)).text
    assert 'id="tie-decision-member"' in page and "选举委员会会议抽签决定" in page
    assert 'id="tie-form-member"' not in page
    assert audit("candidates.tie")[0].after["order"] == ["居民0015", "居民0014"]


# ---- the nominee page: personal data, relatives, withdrawal ------------------------------------------

def test_an_observer_reads_names_with_masked_id_numbers_and_no_relatives(residential, client):
    people = full_slate(residential)
    save(services.add_relative, people[1], name="王秀英", id_number=None, relation="spouse",
         actor=user("committee"))
    number = id_of(1)
    login(client, "committee")
    assert number in client.get(url(residential)).text
    nominee_page = client.get(url(residential, f"/nominees/{people[1].id}")).text
    assert "王秀英" in nominee_page and 'id="relative-form"' in nominee_page
    assert f"/rounds/{residential.round_id}/vetting/{IN_COMMITTEE}/nominees/{people[1].id}" in nominee_page
    client.post("/logout")
    login(client, "observer")
    page = client.get(url(residential)).text
    assert "居民0001" in page and number not in page and idnumber.mask(number) in page
    assert 'id="joint-form"' not in page and 'id="publish"' not in page
    nominee_page = client.get(url(residential, f"/nominees/{people[1].id}")).text
    assert "居民0001" in nominee_page and "王秀英" not in nominee_page and number not in nominee_page
    assert "居民0011" not in nominee_page  # the signers are the managers' to read
    assert 'id="vetting-link"' not in nominee_page  # vetting files are not an observer's to read
    assert client.post(url(residential, f"/nominees/{people[1].id}/relatives"),
                       data={"name": "李", "relation": "child"}).status_code == 403
    assert client.get(url(residential, "/lists/1.pdf")).status_code == 404


def test_r_cand_6_a_relative_is_recorded_from_the_nominee_page(residential, client):
    person_ = joint(residential, 1, "director", range(11, 21))
    login(client, "committee")
    nominee = url(residential, f"/nominees/{person_.id}")
    refused = client.post(nominee + "/relatives", data={"name": "王秀英", "relation": "spouse",
                                                        "id_number": "110101199001011234"})
    assert refused.status_code == 422 and "R-ROLL-6" in refused.text
    assert client.post(nominee + "/relatives", data={"name": "王秀英", "relation": "spouse"}).status_code == 302
    assert services.staff_problems(residential, "王秀英")  # R-CAND-6: no election staff


def test_r_cand_5_a_withdrawal_after_publication_re_issues_the_list(residential, client):
    people = full_slate(residential)
    extra = joint(residential, 9, "member", range(11, 21))  # the next member nominee, 10 signers
    for nominee in [*people.values(), extra]:
        qualify(nominee)
    login(client, "committee")
    assert client.post(url(residential, "/publish")).status_code == 302
    done = client.post(url(residential, f"/nominees/{people[6].id}/withdraw"),
                       data={"on": TODAY.isoformat(), "reason": "工作调动"})
    assert done.status_code == 302 and done.headers["Location"].endswith("#lists")
    second = db.session.scalar(select(CandidateList).where(CandidateList.number == 2))
    assert "居民0006" not in [e["name"] for e in second.entries] and "居民0009" in [e["name"] for e in second.entries]
    assert second.withdrawn[0]["name"] == "居民0006" and second.withdrawn[0]["reason"] == "工作调动"
    page = client.get(url(residential)).text
    assert "/lists/2.pdf" in page
    nominee_page = client.get(url(residential, f"/nominees/{people[6].id}")).text
    assert 'id="withdrawn"' in nominee_page and "工作调动" in nominee_page and 'id="withdraw-form"' not in nominee_page
    assert client.post(url(residential, "/reissue"), data={"reason": "再次公布"}).status_code == 422  # unchanged


def test_printing_the_notice_is_in_the_audit_log(residential, client):
    for nominee in full_slate(residential).values():
        qualify(nominee)
    save(services.publish, residential, user("committee"))
    login(client, "observer")
    response = client.get(url(residential, "/lists/1.pdf"))
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    [entry] = audit("candidates.print")
    assert entry.after == {"version": 1} and entry.unit_code == IN_COMMITTEE
    assert client.get(url(residential, "/lists/2.pdf")).status_code == 404


def test_the_pages_read_in_english_too(village, client):
    meeting(village, [(1, "director", 15), (2, "director", 9), (3, "deputy_director", 14), (4, "deputy_director", 8),
                      (11, "member", 18), (12, "member", 17), (13, "member", 16), (14, "member", 12),
                      (15, "member", 12)], attendance=28, ballots=28)
    login(client, "city")
    client.get("/lang/en")
    page = client.get(url(village)).text
    assert "Nomination and candidates" in page and "28 of 30 registered voters" in page
    assert "Nominees are tied at the cut-off for Member" in page
    first = services.nominees(village)[0]
    assert "Not started" in client.get(url(village, f"/nominees/{first.id}")).text
