"""The roll's operations: R-ROLL-1…7, R-MODE-2/3, each change audited and all-or-nothing."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from support.accounts import IN_COMMITTEE
from elections.audit.models import AuditEntry
from elections.extensions import db
from elections.rolls import services
from elections.rolls.models import RollChange, Voter
from elections.rolls.services import RollsError
from elections.rounds import services as services_rounds
from elections.rounds.services import RoundsError
from support.rolls_data import DAY, HISTORY_DAY, TODAY, history_round, open_round, person, planned, user
from support.transactions import refused, save

OTHER_COMMITTEE = "110101001002"  # 银闸社区, same township


def audit(action):
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def rules_of(error):
    return [p.rule for p in error.value.problems]


@pytest.fixture
def round_(app):
    return open_round()


@pytest.fixture
def election(round_):
    return planned(round_, IN_COMMITTEE)


def add(election, *people, **kwargs):
    voters = [save(services.add_voter, election, p, user("committee"), today=TODAY, **kwargs)
              for p in people]
    return voters


def publish(election, today=TODAY, **kwargs):
    return services.publish(election, user("committee"), today=today, **kwargs)


def test_adding_a_voter_keeps_the_household_and_group_and_audits(election):
    [voter] = add(election, person(1))
    assert (voter.status, voter.sex, voter.household.number, voter.household.group.name) == (
        "registered", "M", "H0001", "第一居民小组")
    [entry] = audit("roll.voter.add")
    assert entry.unit_code == IN_COMMITTEE and entry.after["name"] == "居民0001"


def test_r_roll_1_under_18_on_election_day_is_refused_and_nothing_is_written(election):
    with refused(RollsError) as error:
        add(election, person(1, born=DAY.replace(year=DAY.year - 18)))  # person() adds n = 1 day
    assert "R-ROLL-1" in rules_of(error)
    assert db.session.scalar(select(func.count()).select_from(Voter)) == 0
    assert audit("roll.voter.add") == []


def test_r_roll_1_eighteenth_birthday_on_election_day_is_enough(election):
    born = DAY.replace(year=DAY.year - 18) - timedelta(days=7)  # person() adds n days: n = 7
    [voter] = add(election, person(7, born=born))
    assert voter.birth_date == DAY.replace(year=DAY.year - 18)


def test_r_roll_3_one_roll_per_person_city_wide_naming_the_other_committee(round_, election):
    add(election, person(1))
    other = planned(round_, OTHER_COMMITTEE)
    with refused(RollsError) as error:
        add(other, person(1))
    [problem] = error.value.problems
    assert problem.rule == "R-ROLL-3" and problem.params["code"] == IN_COMMITTEE
    assert problem.params["committee"] == "多福巷社区居委会"


def test_r_roll_3_a_removed_person_may_register_elsewhere(round_, election):
    [voter] = add(election, person(1))
    save(services.remove_voter, voter, "moved_out", "", user("committee"), today=TODAY)
    other = planned(round_, OTHER_COMMITTEE)
    [moved] = add(other, person(1))
    assert moved.status == "registered"


def test_r_roll_6_the_stored_sex_and_birth_date_must_agree(election):
    p = person(1)  # sequence 1: male
    p.sex, p.birth_date = "F", date(1970, 1, 1)
    with refused(RollsError) as error:
        add(election, p)
    assert [x.field for x in error.value.problems] == ["birth_date", "sex"]


def test_r_roll_2_a_residential_roll_has_no_category_4(election):
    with refused(RollsError) as error:
        add(election, person(1, category=4))
    assert rules_of(error) == ["R-ROLL-2"]


def test_r_roll_2_village_category_3_waits_for_consent(round_):
    village = planned(round_, "110116107201")
    [voter] = add(village, person(1, category=3))
    assert (voter.status, voter.status_reason) == ("not_registered", "consent_pending")
    with refused(RollsError):
        services.record_consent(voter, "election_committee", TODAY, today=TODAY)
    save(services.record_consent, voter, "villagers_assembly", TODAY, user("township"), today=TODAY)
    assert voter.status == "registered" and voter.consent_body == "villagers_assembly"
    assert audit("roll.voter.consent")


def test_r_roll_4_exclusion_and_its_lifting_before_election_day(election):
    [voter] = add(election, person(1))
    save(services.exclude_voter, voter, "deprived_of_political_rights", "判决", user("committee"),
         today=TODAY)
    assert (voter.status, voter.status_reason) == ("not_registered", "deprived_of_political_rights")
    with refused(RollsError) as error:
        services.restore_voter(voter, DAY, today=DAY)
    assert rules_of(error) == ["R-ROLL-4"]
    db.session.rollback()
    save(services.restore_voter, voter, TODAY, "", user("committee"), today=TODAY)
    assert voter.status == "registered"


def test_r_roll_5_first_publication_moves_the_stage_and_freezes_version_1(election):
    add(election, person(1), person(2))
    version = publish(election)
    assert (version.number, version.registered, version.households) == (1, 2, 2)
    assert election.stage == "roll_published"
    assert db.session.scalar(select(func.count()).where(Voter.listed_in == 1)) == 2
    assert audit("roll.publish")[0].after["version"] == 1


def test_r_roll_5_late_publication_is_refused_unless_a_district_official_overrides(election):
    add(election, person(1))
    late = DAY - timedelta(days=19)
    with refused(RollsError) as error:
        publish(election, today=late)
    assert rules_of(error) == ["R-ROLL-5"]
    assert services.latest_version(election) is None
    assert db.session.scalar(select(func.count()).where(Voter.listed_in.is_not(None))) == 0
    with refused(RollsError):
        services.publish(election, user("committee"), today=late, override_reason="暴雨")
    version = services.publish(election, user("district"), today=late, override_reason="暴雨推迟，经区批准")
    assert version.overridden == ["R-ROLL-5"] and version.reason.startswith("暴雨")


def test_r_roll_7_changes_after_publication_have_reasons_and_make_version_2(election):
    first, second = add(election, person(1), person(2))
    publish(election)
    with refused(RollsError) as error:
        publish(election)
    assert error.value.problems[0].params == {"number": 1}  # nothing changed since version 1
    with refused(RollsError) as error:
        add(election, person(3))
    assert rules_of(error) == ["R-ROLL-7"]
    [third] = add(election, person(3), reason="turned_18")
    save(services.remove_voter, second, "died", "", user("committee"), today=TODAY)
    changes = db.session.scalars(select(RollChange).order_by(RollChange.id)).all()
    assert [(c.kind, c.reason, c.published_in) for c in changes] == [("addition", "turned_18", None),
                                                                     ("removal", "died", None)]
    version = publish(election, today=TODAY + timedelta(days=2))
    assert (version.number, version.registered, version.additions, version.removals) == (2, 2, 1, 1)
    assert (third.listed_in, second.listed_in, second.delisted_in, first.delisted_in) == (2, 1, 2, None)
    assert [c.published_in for c in changes] == [2, 2]
    assert election.stage == "roll_published"


def test_r_mode_2_household_mode_needs_one_representative_per_household(round_):
    election = planned(round_, IN_COMMITTEE, mode="household")
    add(election, person(1, "H1", representative=False), person(2, "H1", representative=False))
    with refused(RollsError) as error:
        publish(election)
    assert rules_of(error) == ["R-MODE-2"]
    second = db.session.scalars(select(Voter).order_by(Voter.id)).all()[1]
    save(services.make_household_representative, second, user("committee"))
    publish(election)
    roll = services.counts(election)
    assert services.electorate(election, roll) == 1  # R-MODE-3: one registered household


def test_r_mode_2_group_representatives_15_to_50_households_2_to_3(app):
    election = planned(history_round(), IN_COMMITTEE, mode="group_representative", election_day=HISTORY_DAY)
    voters = add(election, *[person(n) for n in range(1, 16)])
    group = voters[0].household.group
    with refused(RollsError) as error:
        services.elect_group_representatives(group, [voters[0].number], TODAY, today=TODAY)
    assert rules_of(error) == ["R-MODE-2"]
    db.session.rollback()
    save(services.elect_group_representatives, group, [voters[0].number, voters[1].number], TODAY,
         user("committee"), today=TODAY)
    roll = services.counts(election)
    assert roll.by_group == [(group.id, "第一居民小组", 15, 15, 2)]
    assert services.electorate(election, roll) == 2  # R-MODE-3


def test_r26_mode_one_residents_representative_per_20_to_50_households(round_):
    election = planned(round_, IN_COMMITTEE, mode="representative")
    voters = add(election, *[person(n) for n in range(1, 20)])
    group = voters[0].household.group
    with refused(RollsError) as error:  # 19 households are too few for one representative
        services.elect_group_representatives(group, [voters[0].number], TODAY, today=TODAY)
    assert rules_of(error) == ["R26-MODE"]
    db.session.rollback()
    add(election, person(20))
    save(services.elect_group_representatives, group, [voters[0].number], TODAY, user("committee"), today=TODAY)
    assert services.electorate(election, services.counts(election)) == 1  # R-MODE-3


def test_r26_mode_the_group_representative_mode_is_gone_in_2026(round_):
    election = services_rounds.election_for(round_, IN_COMMITTEE)
    with refused(RoundsError) as error:
        services_rounds.update_plan(election, {"mode": "group_representative", "election_day": DAY})
    assert rules_of(error) == ["R26-MODE"]
    assert "beijing-2018" in error.value.problems[0].params["other"]


def test_r_roll_5_objections_within_5_days_decided_within_3(election):
    voter, _ = add(election, person(1), person(2))
    publish(election)
    lodge = dict(lodged_by="王某", contact="", request="remove", subject_name=voter.name, subject_id_number=None,
                 subject_voter=voter, grounds="已迁出本社区", actor=user("committee"))
    with refused(RollsError) as error:
        services.lodge_objection(election, received_on=TODAY + timedelta(days=6), today=TODAY + timedelta(days=6),
                                 **lodge)
    assert rules_of(error) == ["R-ROLL-5"]
    objection = services.lodge_objection(election, received_on=TODAY + timedelta(days=5),
                                         today=TODAY + timedelta(days=5), **lodge)
    services.decide_objection(objection, "upheld", "经核实已迁出", TODAY + timedelta(days=6), user("committee"),
                              today=TODAY + timedelta(days=6))
    assert voter.status == "removed"
    [change] = db.session.scalars(select(RollChange)).all()
    assert (change.kind, change.reason, change.objection_id) == ("removal", "objection_upheld", objection.id)
    assert publish(election, today=TODAY + timedelta(days=7)).removals == 1


def test_an_upheld_objection_to_add_a_person_puts_them_on_the_roll(election):
    add(election, person(1))
    publish(election)
    newcomer = person(9)
    objection = services.lodge_objection(
        election, lodged_by=newcomer.name, contact="13800000000", request="add", subject_name=newcomer.name,
        subject_id_number=newcomer.id_number, subject_voter=None, grounds="本人户籍在本社区，漏登",
        received_on=TODAY + timedelta(days=1), actor=user("committee"), today=TODAY + timedelta(days=1))
    services.decide_objection(objection, "upheld", "经核实属实，予以补登", TODAY + timedelta(days=2),
                              user("committee"), person=newcomer, today=TODAY + timedelta(days=2))
    assert objection.subject.status == "registered"
    assert db.session.scalars(select(RollChange)).one().reason == "objection_upheld"
    assert audit("roll.objection.decide")[0].after == {"decision": "upheld", "decided_on": "2026-04-03",
                                                       "late": False}


def test_a_closed_round_refuses_changes(round_, election):
    [voter] = add(election, person(1))
    from elections.rounds import services as rounds
    rounds.close_round(round_)
    with refused(RollsError):
        services.remove_voter(voter, "died")


def test_a_rolls_counts_never_scan_the_citys_voters(election):
    """Every roll page and every publication counts the roll: at city scale (11 million voters) a
    query that scans the voters or households of every committee takes seconds. Each of the
    counts' queries reaches the rows through an index bounded by the election (SQLite's plan)."""
    from sqlalchemy import event
    add(election, person(1), person(2))
    db.session.commit()
    election_id = election.id
    seen = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        services.counts(db.session.get(type(election), election_id))
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    seen = [(s, p) for s, p in seen if s.startswith("SELECT") and "FROM committee_elections" not in s]
    assert len(seen) == 4
    if db.engine.dialect.name != "sqlite":
        return
    for statement, parameters in seen:
        rows = db.session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
        plan = " | ".join(row[-1] for row in rows)
        for table in ("voters", "households", "group_representatives"):
            assert f"SCAN {table}" not in plan, (statement, plan)
