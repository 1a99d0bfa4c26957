"""Nomination, vetting and publication through the services, by rule id: every operation checks
the law against the real roll, writes its audit entry, and writes nothing when it refuses."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from support.candidates_data import NOMINATED_ON, VILLAGE, id_of, meeting, nominating, qualify
from support.accounts import IN_COMMITTEE
from elections.accounts.services import create_user
from elections.audit.models import AuditEntry
from elections.candidates import services
from elections.candidates.models import CandidateList, Nomination, Nominee
from elections.candidates.services import CandidatesError
from elections.extensions import db
from elections.rolls import services as rolls
from elections.rounds import services as rounds
from support.rolls_data import DAY, TODAY, open_round, person, planned, user
from support.transactions import refused, save

TALLY = [(1, "director", 10), (3, "director", 6), (5, "director", 3), (2, "deputy_director", 12),
         (4, "deputy_director", 7), (6, "member", 12), (7, "member", 11), (8, "member", 10), (9, "member", 9),
         (10, "member", 3)]


def audit(action):
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def rules_of(error):
    return [p.rule for p in error.value.problems]


def by_name(election):
    return {p.name: p for p in services.nominees(election)}


@pytest.fixture
def round_(app):
    return open_round()


@pytest.fixture
def village(round_):
    return nominating(round_, VILLAGE, voters=30)


@pytest.fixture
def residential(round_):
    return nominating(round_, IN_COMMITTEE, voters=30)


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


# ---- R-CAND-1 ---------------------------------------------------------------------------------

def test_r_cand_1_the_meeting_and_its_tally_are_recorded_whole_and_audited(village):
    meeting(village, TALLY)
    people = by_name(village)
    assert len(people) == 10 and services.votes_of(people["居民0001"]) == {"director": 10}
    assert services.meeting(village).registered == 30
    [entry] = audit("nomination.meeting")
    assert entry.after["attendance"] == 20 and len(entry.after["tally"]) == 10


def test_r_cand_1_a_meeting_without_quorum_writes_nothing(village):
    with refused(CandidatesError) as error:
        meeting(village, TALLY, attendance=15, ballots=15)
    assert "R-CAND-1" in rules_of(error)
    assert count(Nominee) == 0 and services.meeting(village) is None and audit("nomination.meeting") == []


def test_r_cand_1_a_nominee_must_be_a_registered_voter_of_the_committee(round_, village):
    other = planned(round_, "110116107202")
    save(rolls.add_voter, other, person(99), user("township"), today=TODAY)
    with refused(CandidatesError) as error:
        meeting(village, [(1, "director", 5), (99, "member", 4)])
    assert error.value.problems[0].params == {"line": 2} and rules_of(error) == ["R-CAND-1"]
    assert count(Nominee) == 0


def test_a_corrected_tally_replaces_the_first_and_drops_who_it_no_longer_names(village):
    meeting(village, TALLY)
    meeting(village, TALLY[:-1])
    assert "居民0010" not in by_name(village) and count(Nomination) == 9
    assert audit("nomination.meeting")[-1].before["attendance"] == 20


def test_r_cand_1_joint_nominations_check_every_signer_against_the_roll(residential):
    signers = [id_of(n) for n in range(2, 12)]
    nominee = save(services.add_joint_nomination, residential, who=id_of(1), post="director",
                   method="voters", signers=signers, submitted_on=NOMINATED_ON, actor=user("committee"),
                   today=NOMINATED_ON)
    assert services.votes_of(nominee) == {"director": 10}
    # The same signers again count once; a stranger's line is reported and nothing is written.
    with refused(CandidatesError) as error:
        save(services.add_joint_nomination, residential, who="居民0001", post="director", method="voters",
             signers=[*signers[:9], person(500).id_number], submitted_on=NOMINATED_ON,
             actor=user("committee"), today=NOMINATED_ON)
    assert error.value.problems[0].params == {"line": 10}
    assert count(Nomination) == 1
    save(services.add_joint_nomination, residential, who="居民0001", post="director", method="voters",
         signers=[id_of(n) for n in range(3, 14)], submitted_on=NOMINATED_ON, actor=user("committee"),
         today=NOMINATED_ON)
    assert services.votes_of(services.nominee(residential, nominee.id)) == {"director": 12}


def test_r26_cand_household_representatives_no_longer_nominate(residential):
    """R-CAND-1's household representatives' route (beijing-2018, tested in test_candidate_law) is
    not a route of national-2026: residents are nominated jointly by 10 voters (R26-CAND)."""
    with refused(CandidatesError) as error:
        save(services.add_joint_nomination, residential, who=id_of(20), post="member",
             method="household_representatives", signers=[id_of(n) for n in (2, 3, 4, 5, 6)],
             submitted_on=NOMINATED_ON, actor=user("committee"), today=NOMINATED_ON)
    assert rules_of(error) == ["R-CAND-1"]


def test_r26_cand_the_party_organisation_nominates_by_a_recorded_decision(residential):
    person = save(services.add_party_nomination, residential, who=id_of(3), post="director", body="中共多福巷社区委员会",
                  reference="多党发〔2026〕1号", votes=7, decided_on=NOMINATED_ON, actor=user("committee"),
                  today=NOMINATED_ON)
    [entry] = person.nominations
    assert (entry.method, entry.votes, entry.decision_ref) == ("party_organisation", 7, "多党发〔2026〕1号")
    assert services.votes_of(person) == {"director": 7}
    [logged] = audit("nomination.party")
    assert logged.after["body"] == "中共多福巷社区委员会" and logged.after["reference"] == "多党发〔2026〕1号"
    with refused(CandidatesError) as error:  # the same decision twice
        save(services.add_party_nomination, residential, who=id_of(3), post="director", body="中共多福巷社区委员会",
             reference="多党发〔2026〕1号", votes=7, decided_on=NOMINATED_ON, today=NOMINATED_ON)
    assert rules_of(error) == ["R26-CAND"]
    with refused(CandidatesError) as error:  # no document number, a future date, nobody on the roll
        save(services.add_party_nomination, residential, who="查无此人", post="director", body="中共多福巷社区委员会",
             reference=" ", votes=0, decided_on=NOMINATED_ON + timedelta(days=1), today=NOMINATED_ON)
    assert [p.field for p in error.value.problems] == ["decided_on", "reference", "votes", "who"]


def test_r_cand_1_a_village_does_not_nominate_jointly(village):
    with refused(CandidatesError) as error:
        save(services.add_joint_nomination, village, who=id_of(1), post="member", method="voters",
             signers=[id_of(n) for n in range(2, 12)], submitted_on=NOMINATED_ON, today=NOMINATED_ON)
    assert rules_of(error) == ["R-CAND-1"]


def test_r_cand_1_a_community_does_not_nominate_at_a_meeting(residential):
    with refused(CandidatesError) as error:
        meeting(residential, TALLY)
    assert rules_of(error) == ["R-CAND-1"]


def test_nomination_happens_only_at_the_nomination_stage(round_):
    election = planned(round_, VILLAGE)
    with refused(CandidatesError):
        meeting(election, TALLY)


# ---- R-CAND-4 ---------------------------------------------------------------------------------

def test_r_cand_4_a_nominated_member_leaves_the_election_committee(village):
    for name, position in (("王建国", "chair"), ("居民0003", "member"), ("张伟", "member")):
        rounds.add_member(village, name, position, "")
    meeting(village, TALLY)
    members = {m.name: m for m in village.members}
    assert members["居民0003"].left_on == NOMINATED_ON and "R-CAND-4" in members["居民0003"].left_reason
    assert members["王建国"].active and members["张伟"].active
    assert [e.before["name"] for e in audit("election_committee.leave")] == ["居民0003"]


def test_r26_cand_a_member_whose_near_relative_is_nominated_leaves(app):
    round_ = rounds.open_round("2026年（新法）", TODAY, TODAY + timedelta(days=80), village_term=12,
                               residential_term=11, ruleset="national-2026")
    election = nominating(round_, VILLAGE, voters=30)
    rounds.add_member(election, "王刚", "member", "")
    meeting(election, TALLY)
    save(services.add_relative, by_name(election)["居民0001"], name="王刚", id_number=None,
         relation="sibling", actor=user("committee"), today=NOMINATED_ON)
    [member] = election.members
    assert member.left_on == NOMINATED_ON and "R26-CAND" in member.left_reason


# ---- R-CAND-2, R-CAND-3, R-CAND-5 ---------------------------------------------------------------

def test_r_cand_3_nobody_is_published_before_vetting_is_complete_and_passed(village):
    meeting(village, TALLY)
    with refused(CandidatesError) as error:
        save(services.publish, village, user("committee"), today=NOMINATED_ON)
    assert set(rules_of(error)) == {"R-CAND-3"} and len(error.value.problems) == 8
    assert count(CandidateList) == 0 and village.stage == "nomination"


def test_r_cand_3_a_barred_nominee_is_replaced_by_the_next_in_vote_order(village):
    meeting(village, TALLY)
    people = by_name(village)
    first = people["居民0006"]  # the member nominee with most votes
    for item in services.criteria_items(first):
        if item["list"] == "five_good":
            save(services.assess, first, item["id"], True, "", user("township"))
        for department in item.get("departments") or []:
            save(services.record_finding, first, item["id"], department, item["id"] == "TC-1",
                 "2020年因寻衅滋事罪被判处有期徒刑" if item["id"] == "TC-1" else "", NOMINATED_ON,
                 actor=user("township"), today=NOMINATED_ON)
    with refused(CandidatesError) as error:
        save(services.decide, first, "qualified", [], "", user("township"), today=NOMINATED_ON)
    assert rules_of(error) == ["R-CAND-3"]
    save(services.decide, first, "barred", ["TC-1"], "法院判决书（2020）京0101刑初123号", user("township"),
         today=NOMINATED_ON)
    member = next(s for s in services.current_slate(village).posts if s.post == "member")
    names = [services.nominee(village, k).name for k in member.chosen]
    assert names == ["居民0007", "居民0008", "居民0009", "居民0010"]
    assert audit("vetting.decide")[0].after["items"] == ["TC-1"]


def test_r_cand_5_the_list_is_published_in_vote_order_and_fixes_the_ballot(village):
    meeting(village, TALLY)
    for nominee in services.nominees(village):
        qualify(nominee)
    published = save(services.publish, village, user("committee"), today=NOMINATED_ON)
    assert village.stage == "candidates_published"
    assert [(e["post"], e["name"], e["votes"]) for e in published.entries] == [
        ("director", "居民0001", 10), ("director", "居民0003", 6),
        ("deputy_director", "居民0002", 12), ("deputy_director", "居民0004", 7),
        ("member", "居民0006", 12), ("member", "居民0007", 11), ("member", "居民0008", 10), ("member", "居民0009", 9)]
    assert services.published_candidates(village) == published.entries
    assert audit("candidates.publish")[0].after["number"] == 1


def test_r_cand_5_publication_later_than_five_days_before_election_day_needs_an_override(village):
    meeting(village, TALLY)
    for nominee in services.nominees(village):
        qualify(nominee)
    late = DAY - timedelta(days=4)
    with refused(CandidatesError) as error:
        save(services.publish, village, user("committee"), today=late)
    assert rules_of(error) == ["R-CAND-5"] and count(CandidateList) == 0
    save(services.publish, village, user("district"), today=late, override_reason="候选人资格复审延误")
    assert village.stage_changes[-1].overridden == ["R-CAND-5"]


def test_r_cand_5_a_withdrawal_after_publication_reissues_the_list(village):
    meeting(village, TALLY)
    for nominee in services.nominees(village):
        qualify(nominee)
    save(services.publish, village, user("committee"), today=NOMINATED_ON)
    director = by_name(village)["居民0001"]
    reissued = save(services.withdraw, director, "因病无法履职", NOMINATED_ON + timedelta(days=1),
                    user("committee"), today=NOMINATED_ON + timedelta(days=1))
    assert reissued.number == 2 and "居民0001" in reissued.reason
    assert [e["name"] for e in reissued.entries if e["post"] == "director"] == ["居民0003", "居民0005"]
    assert reissued.withdrawn == [{"post": "director", "nominee": director.id, "name": "居民0001",
                                   "on": "2026-04-11", "reason": "因病无法履职"}]
    with refused(CandidatesError) as error:
        save(services.reissue, village, "再次公告", user("committee"), today=NOMINATED_ON)
    assert error.value.problems[0].message == "The list has not changed since it was published."


def test_r_cand_5_only_a_published_list_is_reissued(village):
    with refused(CandidatesError) as error:
        save(services.reissue, village, "再次公告", user("committee"), today=NOMINATED_ON)
    assert rules_of(error) == ["R-CAND-5"]


def test_r_cand_2_a_tie_at_the_cut_off_is_resolved_by_a_recorded_decision(village):
    meeting(village, [(1, "director", 10), (3, "director", 6), (5, "director", 6), (7, "director", 6),
                      (2, "deputy_director", 9), (4, "deputy_director", 8), (6, "member", 12), (8, "member", 11),
                      (9, "member", 10), (10, "member", 9)], attendance=28, ballots=28)
    director = services.current_slate(village).posts[0]
    assert len(director.tied) == 3 and director.open_places == 1
    tied = by_name(village)
    order = [tied["居民0007"].id, tied["居民0003"].id, tied["居民0005"].id]
    with refused(CandidatesError) as error:
        save(services.resolve_tie, village, "director", order[:2], "抽签", user("committee"))
    assert rules_of(error) == ["R-CAND-2"]
    save(services.resolve_tie, village, "director", order, "经选举委员会会议抽签决定", user("committee"),
         today=NOMINATED_ON)
    director = services.current_slate(village).posts[0]
    assert [services.nominee(village, k).name for k in director.chosen] == ["居民0001", "居民0007"]
    assert audit("candidates.tie")[0].after["order"] == ["居民0007", "居民0003", "居民0005"]


def test_r_cand_2_margin_is_one_or_two(village):
    with refused(CandidatesError) as error:
        save(services.set_margin, village, "member", 3, user("committee"))
    assert rules_of(error) == ["R-CAND-2"]
    save(services.set_margin, village, "member", 2, user("committee"))
    meeting(village, TALLY)
    member = services.current_slate(village).posts[2]
    assert member.wanted == 5 and len(member.chosen) == 5


def test_r_size_3_the_slate_warns_when_no_woman_is_a_candidate(village):
    meeting(village, [(1, "director", 10), (3, "director", 6), (5, "deputy_director", 9), (7, "deputy_director", 8),
                      (9, "member", 12), (11, "member", 11), (13, "member", 10), (15, "member", 9)])
    assert [w.rule for w in services.current_slate(village).warnings] == ["R26-SIZE"]  # the law from 2026


# ---- vetting by departments -------------------------------------------------------------------

def test_r_cand_3_a_department_answers_only_for_itself(village):
    meeting(village, TALLY)
    police = create_user("gongan", "correct-horse-7", "department", "110116107000", department="公安")
    nominee = by_name(village)["居民0001"]
    save(services.record_finding, nominee, "TC-1", "公安", False, "", NOMINATED_ON, actor=police,
         today=NOMINATED_ON)
    with refused(CandidatesError) as error:
        save(services.record_finding, nominee, "TC-1", "法院", False, "", NOMINATED_ON, actor=police,
             today=NOMINATED_ON)
    assert error.value.problems[0].field == "department"
    with refused(CandidatesError) as error:
        save(services.record_finding, nominee, "TC-1", "信访", False, "", NOMINATED_ON,
             actor=user("township"), today=NOMINATED_ON)
    assert error.value.problems[0].params == {"departments": "法院、公安"}
    [finding] = services.nominee(village, nominee.id).vetting.findings
    assert (finding.department, finding.entered_by) == ("公安", "gongan")


def test_a_finding_that_holds_needs_evidence(village):
    meeting(village, TALLY)
    with refused(CandidatesError) as error:
        save(services.record_finding, by_name(village)["居民0001"], "TC-3", "公安", True, " ",
             NOMINATED_ON, actor=user("township"), today=NOMINATED_ON)
    assert rules_of(error) == ["R-CAND-3"]


# ---- R-CAND-6 ---------------------------------------------------------------------------------

def test_r_cand_6_candidates_and_their_close_family_cannot_be_staff_nor_candidates_hold_proxies(village):
    meeting(village, TALLY)
    wang = by_name(village)["居民0001"]
    save(services.add_relative, wang, name="张秀兰", id_number=None, relation="spouse",
         actor=user("committee"), today=NOMINATED_ON)
    save(services.add_relative, wang, name="王二", id_number=None, relation="sibling",
         actor=user("committee"), today=NOMINATED_ON)
    assert [p.rule for p in services.staff_problems(village, "居民0001")] == ["R-CAND-6"]
    assert [p.rule for p in services.staff_problems(village, "张秀兰")] == ["R-CAND-6"]
    assert services.staff_problems(village, "王二") == []
    assert [p.rule for p in services.proxy_holder_problems(village, "居民0001", id_of(1))] == ["R-CAND-6"]
    assert services.proxy_holder_problems(village, "居民0020", id_of(20)) == []


def test_a_relative_with_a_wrong_id_number_is_refused(village):
    meeting(village, TALLY)
    with refused(CandidatesError) as error:
        save(services.add_relative, by_name(village)["居民0001"], name="张秀兰",
             id_number="110101198001010021", relation="spouse", actor=user("committee"),
             today=NOMINATED_ON)
    assert rules_of(error) == ["R-ROLL-6"]
