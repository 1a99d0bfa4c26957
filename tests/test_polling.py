"""Election day's preparation and the issue of ballots, by rule: places and their scrutineers
(R-POLL-1), staff clear of candidates (R-CAND-6), proxies by the rule set of the day (R-POLL-2,
R26-POLL), one ballot per elector at one place (R-POLL-3), turnout against the electorate of the
mode (R-MODE-3), and `voting` reached by the first ballot, not by hand."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from support.accounts import IN_COMMITTEE
from support.polling_data import place, published_election, scrutineers
from support.rolls_data import user
from support.transactions import refused, save
from elections.extensions import db
from elections.polling import issuance, services
from elections.polling.models import BallotIssue
from elections.rounds.models import StageChange

DAY = date(2026, 6, 6)
EVE = DAY - timedelta(days=1)


@pytest.fixture
def election(app):
    return published_election(IN_COMMITTEE, DAY)


def issue(target, card, key, **kwargs):
    return save(issuance.issue, target, str(card), key, kwargs.pop("actor", None), today=kwargs.pop("today", DAY),
                **kwargs)


def test_r_poll_3_one_ballot_per_elector_whatever_the_place_and_the_first_issue_starts_voting(election):
    central = place(election, "central", staff=[(30, "issuer")])
    station = place(election, "station", voters=[41, 42], staff=scrutineers(31))
    assert election.stage == "candidates_published"
    done = issue(central, "0040", "key-0040-a")
    assert done.created and election.stage == "voting"  # R-POLL-3: voting is reached by the first ballot
    assert election.electorate == 60 and election.issued == 1  # R-MODE-3
    assert issuance.issued_at([central.id, station.id]) == {central.id: 1, station.id: 0}
    change = db.session.scalar(select(StageChange).where(StageChange.election_id == election.id,
                                                         StageChange.to_stage == "voting"))
    assert change.on_date == DAY
    again = issue(central, "40", "key-0040-a")  # the same request once more: the same issue
    assert not again.created and again.id == done.id
    with pytest.raises(issuance.IssueRefused) as reused:  # a key is one issue's, not another person's
        issue(central, "42", "key-0040-a")
    assert reused.value.status == 422
    with pytest.raises(issuance.IssueRefused) as second:
        issue(central, "40", "key-0040-b")
    assert second.value.status == 409 and second.value.extra["place"] == "中心会场"
    assert second.value.problem.rule == "R-POLL-3"
    issue(station, "41", "key-0041-a")
    with pytest.raises(issuance.IssueRefused) as elsewhere:  # 41 belongs to the station's list
        issue(central, "41", "key-0041-b")
    assert elsewhere.value.status == 409 and elsewhere.value.extra["place"] == "第一投票站"
    with pytest.raises(issuance.IssueRefused) as not_listed:
        issue(station, "43", "key-0043-a")
    assert not_listed.value.status == 422 and not_listed.value.problem.rule == "R-POLL-3"
    assert db.session.scalar(select(func.count()).select_from(BallotIssue)) == 2
    assert election.issued == 2 and issuance.issued_at([central.id, station.id]) == {central.id: 1, station.id: 1}


def test_r_poll_3_ballots_are_issued_on_the_election_day_only(election):
    central = place(election, "central")
    with pytest.raises(issuance.IssueRefused) as early:
        issue(central, "40", "key-early-1", today=EVE)
    assert early.value.status == 422 and "2026-06-06" in early.value.problem.message % early.value.problem.params
    assert election.stage == "candidates_published" and election.issued == 0


def test_r_poll_1_a_station_issues_nothing_without_three_scrutineers(election):
    station = place(election, "station", voters=[41], staff=[(31, "chief_scrutineer"), (32, "scrutineer")])
    with pytest.raises(issuance.IssueRefused) as short:
        issue(station, "41", "key-short-1")
    assert short.value.problem.rule == "R-POLL-1"
    assert any(p.rule == "R-POLL-1" for p in services.readiness(election))
    save(services.assign_staff, station, "33", "scrutineer", user("committee"))
    assert issue(station, "41", "key-short-2").created


def test_r_poll_1_one_central_venue_and_a_station_says_whom_it_serves(election):
    place(election, "central")
    with refused(services.PollingError) as second:
        place(election, "central", name="第二会场")
    assert second.value.problems[0].rule == "R-POLL-1"
    with refused(services.PollingError) as nobody:
        place(election, "station")
    assert nobody.value.problems[0].field == "groups"
    with refused(services.PollingError) as unknown:
        place(election, "mobile", voters=["999"])
    assert unknown.value.problems[0].field == "voters"


def test_r_cand_6_candidates_and_their_direct_relatives_are_not_staff(election):
    from elections.rolls import relatives
    from elections.rolls.models import Voter
    central = place(election, "central")
    with refused(services.PollingError) as candidate:
        save(services.assign_staff, central, "1", "scrutineer", user("committee"))
    assert candidate.value.problems[0].rule == "R-CAND-6"
    child = db.session.scalar(select(Voter).where(Voter.election_id == election.id, Voter.number == 50))
    save(relatives.link, child, 1, "parent", user("committee"), today=DAY - timedelta(days=20))
    with refused(services.PollingError) as relative:
        save(services.assign_staff, central, "50", "counter", user("committee"))
    assert relative.value.problems[0].rule == "R-CAND-6"
    assert save(services.assign_staff, central, "51", "counter", user("committee")).voter.number == 51


def proxy(election, principal, holder, *, today=EVE, signed_on=None):
    return save(services.record_proxy, election, str(principal), str(holder), signed_on or today, "在外地工作",
                user("committee"), today=today)


def test_r26_poll_any_voter_holds_at_most_three_proxies_and_no_candidate_holds_one(election):
    for principal in (41, 42, 43):
        proxy(election, principal, 40)  # R26-POLL: no relation needed under national-2026
    with refused(services.PollingError) as fourth:
        proxy(election, 44, 40)
    assert [p.rule for p in fourth.value.problems] == ["R26-POLL"]
    with refused(services.PollingError) as candidate:
        proxy(election, 44, 1)
    assert [p.rule for p in candidate.value.problems] == ["R-CAND-6"]
    with refused(services.PollingError) as twice:
        proxy(election, 41, 45)
    assert [p.rule for p in twice.value.problems] == ["R-POLL-3"]
    with refused(services.PollingError) as on_the_day:
        proxy(election, 46, 45, today=DAY)
    assert [p.rule for p in on_the_day.value.problems] == ["R-POLL-2"]
    assert len(services.proxies(election)) == 3


def test_r_poll_2_a_holder_gets_one_ballot_per_standing_proxy_and_the_principal_none(election):
    central = place(election, "central")
    proxy(election, 41, 40)
    withdrawn = proxy(election, 42, 40)
    save(services.withdraw_proxy, withdrawn, user("committee"), today=EVE)
    [holder] = issuance.search(central, "0040")
    assert [p["card"] for p in holder["proxies"]] == ["0041"]
    done = issue(central, "41", "key-proxy-41", holder_card="40")
    assert done.created and done.answer["proxy"]
    with pytest.raises(issuance.IssueRefused) as withdrawn_one:
        issue(central, "42", "key-proxy-42", holder_card="40")
    assert withdrawn_one.value.status == 422 and withdrawn_one.value.problem.rule == "R-POLL-2"
    with pytest.raises(issuance.IssueRefused) as principal_came:
        issue(central, "41", "key-self-41")
    assert principal_came.value.status == 409
    assert issue(central, "40", "key-self-40").created  # the holder's own ballot besides
    [holder] = issuance.search(central, "0040")
    assert holder["issued"]["place"] == "中心会场" and holder["proxies"][0]["issued"]["place"] == "中心会场"


def test_r_poll_2_under_beijing_2018_the_holder_is_a_near_relative_on_the_roll(app):
    from elections.rolls import relatives
    from elections.rolls.models import Voter
    from elections.rolls.services import REPRESENTATIVE_MODES
    from support.rolls_data import HISTORY_DAY, history_round, person, planned
    from elections.rolls import services as rolls
    assert "group_representative" in REPRESENTATIVE_MODES
    round_ = history_round()
    election = planned(round_, IN_COMMITTEE, election_day=HISTORY_DAY)
    roll_day = HISTORY_DAY - timedelta(days=25)
    for n in range(1, 21):
        save(rolls.add_voter, election, person(n, opted_in_on=None), user("committee"), today=roll_day)
    save(rolls.publish, election, user("committee"), today=roll_day)
    with refused(services.PollingError) as stranger:
        proxy(election, 11, 12, today=HISTORY_DAY - timedelta(days=2))
    assert [p.rule for p in stranger.value.problems] == ["R-POLL-2"]
    sister = db.session.scalar(select(Voter).where(Voter.election_id == election.id, Voter.number == 11))
    save(relatives.link, sister, 12, "sibling", user("committee"), today=roll_day)
    assert proxy(election, 11, 12, today=HISTORY_DAY - timedelta(days=2)).holder.number == 12


def test_turnout_rolls_up_from_maintained_counts_to_the_city(election):
    from elections.geography.services import get_unit
    central = place(election, "central")
    for n in range(40, 52):
        issue(central, str(n), f"key-rollup-{n}")
    figures = issuance.turnout(election)
    assert (figures["electorate"], figures["issued"]) == (60, 12)
    assert figures["places"] == [{"id": central.id, "name": "中心会场", "kind": "central", "issued": 12,
                                  "electorate": 60}]
    for code in ("110000000000", "110101000000", "110101001000"):
        rolled = issuance.rollup(election.round, get_unit(code))
        assert (rolled.voting, rolled.electorate, rolled.issued) == (1, 60, 12), code
        assert len(rolled.children) == 1


def test_ballots_to_print_per_place_add_the_rounds_reserve(election):
    central = place(election, "central")
    station = place(election, "station", voters=[41, 42, 43], staff=scrutineers(31))
    assert services.place_electorates(election) == {central.id: 57, station.id: 3}
    electorates = services.place_electorates(election)
    assert services.print_counts(election, electorates) == {central.id: 60, station.id: 4}  # 5 %, rounded up


def test_the_rounds_reserve_of_ballots_is_its_own_and_bounded(app):
    from elections.rounds import services as rounds
    from elections.rounds.services import RoundsError
    with refused(RoundsError) as too_many:
        rounds.open_round("多印选票", date(2026, 5, 1), date(2026, 6, 30), village_term=12, residential_term=11,
                          ruleset="national-2026", policy={"ballot_reserve": 30})
    assert too_many.value.problems[0].field == "ballot_reserve"
    round_ = rounds.open_round("少印选票", date(2026, 5, 1), date(2026, 6, 30), village_term=12, residential_term=11,
                               ruleset="national-2026", policy={"ballot_reserve": 0})
    election = rounds.election_for(round_, IN_COMMITTEE)
    assert services.reserve_percent(election) == 0


def test_r_poll_3_a_paper_register_entered_after_the_day_issues_once_each_or_nothing(election):
    """A place without a tablet: its register is entered afterwards, all of it or none (the synthetic
    city enters its election days so)."""
    central = place(election, "central", staff=[(30, "issuer")])
    station = place(election, "station", voters=[41, 42], staff=scrutineers(31))
    issue(central, "5", "key-0005")
    # 5 had a ballot already, 41 is the station's, 99 is on no roll: the register is refused whole.
    for wrong in ([1, 2, 5], [1, 2, 41], [1, 2, 99]):
        with refused(issuance.RegisterRefused, match="register"):
            issuance.record_register(central, wrong, DAY)
    assert election.issued == 1
    made = save(issuance.record_register, central, [1, 2, 3, 4, 6], DAY)
    assert made == 5 and election.issued == 6
    assert save(issuance.record_register, station, [41, 42], DAY) == 2
    assert issuance.issued_at([central.id, station.id]) == {central.id: 6, station.id: 2}
    assert db.session.scalar(select(func.count()).select_from(BallotIssue)) == 8 == election.issued
