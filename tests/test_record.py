"""The record and result formats of record-format.md: every problem reported with its path, and the
result serialised key for key as specified."""
import copy
import json

import pytest

from support.ballots import SAMPLES, build, counted, sample
from elections.results.counting import count
from elections.results.parsing import RecordError, loads_record, parse_record
from elections.results.result import result_json

# record-format.md's example record, verbatim except that `posts` lists only the director: the
# example abbreviates the other posts (their candidates and tallies are not shown).
SPEC_RECORD = """{
  "format": "bj-election-record/1",
  "committee": {"code": "110101001001", "name": "多福巷社区居委会", "kind": "residential"},
  "round": {"name": "2026年村（居）民委员会换届选举", "ruleset": "national-2026", "election_day": "2026-05-16"},
  "ballot": "first",
  "mode": "direct",
  "electorate": 1520,
  "policy": {"cascade": false, "women_rule": "reserve", "min_women": 1},
  "posts": [
    {"post": "director", "seats": 1}
  ],
  "candidates": [
    {"id": "c1", "name": "王丽", "gender": "female", "post": "director"},
    {"id": "c2", "name": "李强", "gender": "male", "post": "director"}
  ],
  "tally": {
    "issued": 1300,
    "cast": 1290,
    "invalid": 12,
    "posts": {
      "director": {"votes": {"c1": 800, "c2": 400}, "write_ins": {"赵六": 5}, "invalid": 3}
    }
  }
}"""

# record-format.md's example result, verbatim.
SPEC_RESULT = """{
  "format": "bj-election-result/1",
  "committee": "110101001001",
  "ballot": "first",
  "status": "complete",
  "void_reason": null,
  "electorate": 1520, "issued": 1300, "cast": 1290, "invalid": 12,
  "turnout": 0.8487,
  "threshold": {"rule": "more_than_half", "min_votes": 646},
  "posts": [
    {"post": "director", "seats": 1,
     "ranking": [{"name": "王丽", "candidate": "c1", "votes": 800, "elected": true},
                 {"name": "李强", "candidate": "c2", "votes": 400, "elected": false},
                 {"name": "赵六", "candidate": null, "votes": 5, "elected": false}],
     "vacant": 0}
  ],
  "elected": [{"post": "director", "name": "王丽", "candidate": "c1", "votes": 800}],
  "vacancies": [],
  "ties": [],
  "women_requirement_met": true,
  "next": "none"
}"""


def problems(data) -> list[str]:
    with pytest.raises(RecordError) as caught:
        parse_record(data)
    return [str(p) for p in caught.value.problems]


def keys_in_order(value):
    """Every object's keys, in order, all the way down."""
    if isinstance(value, dict):
        return [(k, keys_in_order(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [keys_in_order(v) for v in value]
    return None


# ---- serialisation ----------------------------------------------------------------------------------

def test_the_spec_example_gives_the_spec_result_key_for_key():
    produced = result_json(count(loads_record(SPEC_RECORD)))
    expected = json.loads(SPEC_RESULT)
    assert produced == expected
    assert keys_in_order(produced) == keys_in_order(expected)


def test_the_unabridged_spec_example_is_refused_for_its_missing_tallies():
    data = json.loads(SPEC_RECORD)
    data["posts"] += [{"post": "deputy_director", "seats": 1}, {"post": "member", "seats": 3}]
    assert problems(data) == ["tally.posts.deputy_director: no tally for this post of the ballot",
                              "tally.posts.member: no tally for this post of the ballot"]


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_records_parse_and_their_results_survive_json(name):
    result = result_json(counted(sample(name)))
    assert json.loads(json.dumps(result, ensure_ascii=False)) == result
    assert result["format"] == "bj-election-result/1"


def test_policy_keys_left_out_take_the_rule_set_defaults():
    data = build({"director": (1, {"甲": 60})})
    del data["policy"]
    record = parse_record(data)
    assert (record.policy.cascade, record.policy.women_rule, record.policy.min_women) == (False, "reserve", 1)
    data["policy"] = {"cascade": True}
    assert parse_record(data).policy.cascade is True


# ---- problems, each with its path ---------------------------------------------------------------------

def test_an_unknown_candidate_is_named_by_its_path():
    data = build({"member": (1, {"甲": 60})})
    data["tally"]["posts"]["member"]["votes"]["c9"] = 3
    assert problems(data) == ["tally.posts.member.votes.c9: unknown candidate"]


def test_every_problem_is_reported_not_just_the_first():
    data = sample("first_complete")
    data["electorate"] = True
    data["tally"]["issued"] = -1
    data["tally"]["posts"]["member"]["votes"]["c9"] = 2.5
    data["tally"]["posts"]["member"]["votes"]["c99"] = 1
    data["candidates"][1]["gender"] = "unknown"
    del data["round"]["ruleset"]
    data["ballot"] = "second"
    assert problems(data) == [
        "round.ruleset: required field is missing",
        "ballot: must be one of: first, revote, supplementary",
        "electorate: must be a whole number",
        "candidates[1].gender: must be one of: female, male",
        "tally.issued: must not be negative",
        "tally.posts.member.votes.c9: must be a whole number",
        "tally.posts.member.votes.c99: unknown candidate",
    ]


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d.pop("tally"), "tally: required field is missing"),
    (lambda d: d["committee"].pop("code"), "committee.code: required field is missing"),
    (lambda d: d.update(format="bj-election-record/2"), 'format: must be "bj-election-record/1"'),
    (lambda d: d.update(electorate=0), "electorate: must be at least 1"),
    (lambda d: d.update(electorate=1520.0), "electorate: must be a whole number"),
    (lambda d: d.update(electorate="1520"), "electorate: must be a whole number"),
    (lambda d: d.update(mode="representative"),
     "mode: not a mode of rule set beijing-2018 for this kind of committee; modes: direct, household, "
     "group_representative"),
    (lambda d: d["round"].update(ruleset="beijing-2030"), "round.ruleset: must be one of: beijing-2018, national-2026"),
    (lambda d: d["round"].update(election_day="2021-02-30"), "round.election_day: must be a date written YYYY-MM-DD"),
    (lambda d: d["committee"].update(code="12010100100"),
     "committee.code: a division code has 12 digits and starts with 11"),
    (lambda d: d["posts"][2].update(seats=0), "posts[2].seats: must be at least 1"),
    (lambda d: d["posts"][2].update(post="secretary"),
     "posts[2].post: must be one of: director, deputy_director, member"),
    (lambda d: d["posts"].append({"post": "member", "seats": 1}), "posts[3].post: this post is listed twice"),
    (lambda d: d["candidates"][1].update(name="王丽"),
     "candidates[1].name: another candidate is named 王丽 (names are unique within a committee)"),
    (lambda d: d["candidates"][1].update(name=" 李强"), "candidates[1].name: must not begin or end with spaces"),
    (lambda d: d.update(policy={"cascade": "no"}), "policy.cascade: must be true or false"),
    (lambda d: d.update(policy={"women_rule": "quota"}), "policy.women_rule: must be one of: reserve"),
    (lambda d: d.update(policy={"casacde": True}), "policy.casacde: unknown field"),
    (lambda d: d["tally"]["posts"]["member"].update(write_in={"x": 1}), "tally.posts.member.write_in: unknown field"),
    (lambda d: d.update(revote_of="first"), "revote_of: only a revote names the ballot it repeats"),
    (lambda d: d.update(elected_before=[{"post": "director", "name": "甲", "gender": "male"}]),
     "elected_before: a first ballot has nobody elected before it"),
    (lambda d: d["tally"].update(issued=1600), "tally.issued: more ballots issued (1600) than the electorate (1520)"),
    (lambda d: d["tally"].update(invalid=1291), "tally.invalid: more invalid ballots (1291) than ballots cast (1290)"),
    (lambda d: d["tally"]["posts"]["member"].update(invalid=1279),
     "tally.posts.member.invalid: more ballots invalid for this post (1279) than ballots valid as a whole (1278)"),
    (lambda d: d["tally"]["posts"]["director"]["votes"].update(c1=1276),
     "tally.posts.director.votes.c1: 1276 votes, more than the 1275 ballots valid for this post"),
    (lambda d: d["tally"]["posts"]["director"]["votes"].update(c2=471),
     "tally.posts.director: the votes of this post (1276) exceed seats × valid ballots (1 × 1275 = 1275)"),
    (lambda d: d["tally"]["posts"]["director"]["votes"].pop("c2"),
     "tally.posts.director.votes.c2: no count for this candidate of the post (write 0 if none)"),
    (lambda d: d["tally"]["posts"]["director"]["votes"].update(c3=1),
     "tally.posts.director.votes.c3: 张伟 stands for another post (deputy_director)"),
    (lambda d: d["tally"]["posts"]["director"]["write_ins"].update({"李强": 1}),
     "tally.posts.director.write_ins.李强: the name of a candidate of this post: count these votes as the candidate's"),
    (lambda d: d["tally"]["posts"]["director"]["write_ins"].update({"": 1}),
     "tally.posts.director.write_ins.: must not be empty"),
    (lambda d: d["tally"]["posts"].update(secretary={"votes": {}}), "tally.posts.secretary: not a post of this ballot"),
    (lambda d: d["tally"]["posts"].pop("member"), "tally.posts.member: no tally for this post of the ballot"),
    (lambda d: d["tally"]["posts"].update(member=[]), "tally.posts.member: must be an object {…}"),
    (lambda d: d.update(candidates={}), "candidates: must be a list […]"),
    (lambda d: d.update(posts=[]), "posts: a ballot decides at least one post"),
    (lambda d: d.update(write_in_genders={"无名": "female"}), "write_in_genders.无名: nobody of this name is written in"),
    (lambda d: d["tally"]["posts"]["member"]["write_ins"].update({"王丽": 1}) or d.update(
        write_in_genders={"王丽": "male"}), "write_in_genders.王丽: contradicts the gender of the candidate of this name"),
])
def test_each_problem_names_its_field(change, expected):
    data = sample("first_complete")
    change(data)
    assert problems(data) == [expected]


def test_a_duplicate_id_leaves_the_votes_of_the_lost_id_unknown():
    data = sample("first_complete")
    data["candidates"][1]["id"] = "c1"
    assert problems(data) == ["candidates[1].id: another candidate has the id c1",
                              "tally.posts.director.votes.c2: unknown candidate"]


def test_a_flawed_entry_is_reported_once_not_again_where_it_is_used():
    data = sample("first_complete")
    data["posts"][2]["post"] = "members"
    data["candidates"][0]["gender"] = "f"
    assert problems(data) == ["posts[2].post: must be one of: director, deputy_director, member",
                              "candidates[0].gender: must be one of: female, male"]


def test_a_mode_of_another_kind_of_committee_is_refused():
    """R-MODE-1: a village committee is elected directly only."""
    data = sample("tie")
    data["mode"] = "household"
    assert problems(data) == ["mode: not a mode of rule set beijing-2018 for this kind of committee; modes: direct"]


def test_the_rule_set_must_govern_the_election_day_both_are_named():
    """rules.md: the rule set is chosen by the election day; a record naming another is refused."""
    data = sample("first_complete")
    data["round"]["ruleset"] = "national-2026"
    assert problems(data) == ["round.ruleset: rule set national-2026 does not govern election day 2021-05-15, "
                              "which is under rule set beijing-2018"]
    data["round"].update(ruleset="beijing-2018", election_day="2026-01-01")
    assert problems(data) == ["round.ruleset: rule set beijing-2018 does not govern election day 2026-01-01, "
                              "which is under rule set national-2026"]
    data["round"]["election_day"] = "2025-12-31"
    assert parse_record(data).round.ruleset == "beijing-2018"


def test_national_2026_knows_the_representative_mode():
    data = sample("first_complete")
    data["round"].update(ruleset="national-2026", election_day="2026-05-16")
    data["mode"] = "representative"
    data["electorate"] = 1300
    assert parse_record(data).mode == "representative"
    data["mode"] = "group_representative"
    assert problems(data) == ["mode: not a mode of rule set national-2026 for this kind of committee; modes: direct, "
                              "household, representative"]


def test_revote_and_supplementary_checks():
    data = sample("supplementary")
    data["elected_before"].append({"post": "member", "name": "钱丽", "gender": "female"})
    data["elected_before"].append({"post": "member", "name": "徐强", "gender": "male"})
    assert problems(data) == ["elected_before[4].name: already elected, yet a candidate on this ballot for the same "
                              "or a lower post",
                              "elected_before[5].name: this person is listed twice"]
    data = sample("supplementary")
    data["ballot"] = "revote"
    data["revote_of"] = "second"
    assert problems(data) == ["revote_of: must be one of: first, supplementary"]


def test_a_candidate_for_a_post_the_ballot_does_not_decide():
    data = sample("supplementary")
    data["candidates"].append({"id": "s3", "name": "丁一", "gender": "male", "post": "director"})
    assert problems(data) == ["candidates[2].post: not a post of this ballot"]


def test_cast_above_issued_is_not_a_format_problem():
    """R-COUNT-2 makes it a void ballot, which the result reports."""
    data = sample("first_complete")
    data["tally"]["issued"] = 1289
    assert counted(data).void_reason == "cast_exceeds_issued"


@pytest.mark.parametrize(("text", "expected"), [
    ('{"format": ', "not valid JSON: line 1, column 12: Expecting value"),
    ("[]", ": must be an object {…}"),
])
def test_text_that_is_not_a_record(text, expected):
    with pytest.raises(RecordError) as caught:
        loads_record(text)
    assert [str(p) for p in caught.value.problems] == [expected.removeprefix(": ")]
    assert caught.value.problems[0].path == ""


def test_problems_carry_their_values_apart_for_translation():
    data = sample("first_complete")
    data["tally"]["invalid"] = 1300
    problem = problems_raw(data)[0]
    assert problem.message == "more invalid ballots (%(invalid)d) than ballots cast (%(cast)d)"
    assert dict(problem.params) == {"invalid": 1300, "cast": 1290}


def problems_raw(data):
    with pytest.raises(RecordError) as caught:
        parse_record(copy.deepcopy(data))
    return caught.value.problems
