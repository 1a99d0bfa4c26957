"""What the actions, objects and fields of the audit log are called in the reader's language.

Every action the code records has a label (tests/test_audit_log.py finds them in the source); an
action without one is shown by its code, never hidden.
"""
from flask_babel import lazy_gettext as _l

from ..accounts.forms import ROLE_LABELS
from ..candidates.labels import METHOD_LABELS, POST_LABELS, RELATION_LABELS, VETTING_STAGE_LABELS
from ..rolls.labels import (CONSENT_BODY_LABELS, DECISION_LABELS, NOT_REGISTERED_LABELS, REMOVAL_LABELS,
                            REQUEST_LABELS, STATUS_LABELS)
from ..rounds.labels import MODE_LABELS, POSITION_LABELS, STAGE_LABELS

ACTION_LABELS = {
    "account.create": _l("Account created"),
    "account.update": _l("Account changed"),
    "account.logout": _l("Logged out"),
    "audit.export": _l("Audit log exported"),
    "geo.import": _l("Administrative divisions imported"),
    "round.open": _l("Round opened"),
    "round.close": _l("Round closed"),
    "round.delete": _l("Round deleted"),
    "round.criteria": _l("Vetting criteria changed"),
    "election.plan": _l("Election plan changed"),
    "election.stage": _l("Stage moved"),
    "election.stage.override": _l("Stage moved with an override"),
    "election_committee.add": _l("Election committee member added"),
    "election_committee.leave": _l("Election committee member left"),
    "roll.import": _l("Roll file imported"),
    "roll.import.discard": _l("Roll import discarded"),
    "roll.export": _l("Voter data exported"),
    "roll.print": _l("Voter list or cards printed"),
    "roll.publish": _l("Voter list published"),
    "roll.voter.add": _l("Voter added"),
    "roll.voter.remove": _l("Voter removed"),
    "roll.voter.exclude": _l("Voter not registered"),
    "roll.voter.restore": _l("Voter put back on the roll"),
    "roll.voter.consent": _l("Consent recorded"),
    "roll.voter.opt_in": _l("Said they will take part"),
    "roll.voter.relative": _l("Near relative recorded"),
    "roll.voter.relative.remove": _l("Near relative no longer recorded"),
    "roll.household.representative": _l("Household representative named"),
    "roll.group.representatives": _l("Group representatives recorded"),
    "roll.objection.lodge": _l("Objection lodged"),
    "roll.objection.decide": _l("Objection decided"),
    "nomination.meeting": _l("Nomination meeting recorded"),
    "nomination.joint": _l("Joint nomination recorded"),
    "nomination.party": _l("Party organisation's nomination recorded"),
    "nominee.relative": _l("Relative of a nominee recorded"),
    "nominee.withdraw": _l("Nominee withdrew"),
    "candidates.margin": _l("Number of candidates set"),
    "candidates.tie": _l("Tie in nomination votes decided"),
    "candidates.publish": _l("Candidate list published"),
    "candidates.reissue": _l("Candidate list re-issued"),
    "candidates.print": _l("Candidate list printed"),
    "vetting.finding": _l("Department finding recorded"),
    "vetting.findings.import": _l("Department findings imported"),
    "vetting.letter": _l("Vetting letter issued"),
    "vetting.assess": _l("Five-good assessment recorded"),
    "vetting.decide": _l("Vetting decided"),
    "vetting.print": _l("Vetting decision printed"),
    "polling.place.add": _l("Polling place set up"),
    "polling.place.remove": _l("Polling place removed"),
    "polling.staff.assign": _l("Election staff assigned"),
    "polling.staff.unassign": _l("Election staff unassigned"),
    "polling.proxy.record": _l("Proxy recorded"),
    "polling.proxy.withdraw": _l("Proxy withdrawn"),
    "polling.print": _l("Election-day document printed"),
    "lookup.voter": _l("Voter viewed"),
    "lookup.roll_search": _l("Roll searched"),
    "lookup.nominee": _l("Nominee viewed"),
    "lookup.vetting_file": _l("Vetting file viewed"),
    "lookup.vetting_queue": _l("Vetting queue viewed with ID numbers"),
}
# The groups of the action filter: an action's code starts with its group's.
ACTION_GROUPS = {
    "account.": _l("Accounts"), "round.": _l("Rounds"), "election.": _l("Election plans and stages"),
    "roll.": _l("Voter rolls"), "nomination.": _l("Nomination"), "candidates.": _l("Candidate lists"),
    "vetting.": _l("Vetting"), "polling.": _l("Election day"), "lookup.": _l("Views of personal data"),
}
OBJECT_LABELS = {
    "user": _l("account"), "round": _l("round"), "election": _l("committee election"), "voter": _l("voter"),
    "household": _l("household"), "voter_group": _l("group"), "objection": _l("objection"),
    "roll_import": _l("roll import"), "roll_version": _l("voter list"), "nominee": _l("nominee"),
    "unit": _l("unit"), "candidate_list": _l("candidate list"), "vetting": _l("vetting file"),
    "voter_relative": _l("near relatives"), "polling_place": _l("polling place"), "polling_staff": _l("election staff"),
    "proxy": _l("proxy"),
}
FIELD_LABELS = {
    "name": _l("Name"), "username": _l("User name"), "display_name": _l("Display name"), "role": _l("Role"),
    "unit_code": _l("Unit"), "active": _l("Active"), "status": _l("Status"), "reason": _l("Reason"),
    "note": _l("Note"), "id_number": _l("ID number"), "query": _l("Search"), "stage": _l("Stage"),
    "from": _l("From"), "to": _l("To"), "version": _l("Version"), "registered": _l("Registered"),
    "voters": _l("Voters"), "households": _l("Households"), "groups": _l("Groups"),
    "not_registered": _l("Not registered"), "decision": _l("Decision"), "evidence": _l("Evidence"),
    "election_day": _l("Election day"), "filename": _l("File"), "rows": _l("Rows"), "what": _l("What"),
    "representatives": _l("Representatives"), "elected_on": _l("Elected on"), "household": _l("Household"),
    "category": _l("Category"), "department": _l("Department"), "items": _l("Items"), "candidates": _l("Candidates"),
    "number": _l("Number"), "code": _l("Code"), "committee": _l("Committee"), "mode": _l("Mode"),
    "nominee": _l("Nominee"), "post": _l("Post"), "item": _l("Item"), "holds": _l("Holds"),
    "found_on": _l("Found on"), "ended_on": _l("Ended on"), "meets": _l("Meets"), "status_reason": _l("Reason"),
    "decided_on": _l("Decided on"), "late": _l("Late"), "lodged_by": _l("Lodged by"), "request": _l("Request"),
    "subject": _l("About"), "received_on": _l("Received on"), "position": _l("Position"), "phone": _l("Phone"),
    "household_representative": _l("Household representative"), "votes": _l("Votes"),
    "first_day": _l("First election day"), "last_day": _l("Last election day"), "village_term": _l("Village term"),
    "residential_term": _l("Residents' term"), "ruleset": _l("Rule set"), "training": _l("Training"),
    "policy": _l("Policy"), "committee_elections": _l("Committee elections"), "seats": _l("Seats"),
    "venue": _l("Venue"), "ballot_method": _l("Ballot method"), "criteria_version": _l("Criteria version"),
    "attendance": _l("Attendance"), "ballots_cast": _l("Ballots cast"), "signers": _l("Signers"),
    "body": _l("Party organisation"), "reference": _l("Document number"), "relative": _l("Relative"),
    "opted_in_on": _l("Said they will take part on"),
    "method": _l("Method"), "relation": _l("Relation"), "consent_body": _l("Consent by"),
    "consent_on": _l("Consent on"), "findings": _l("Findings"), "file": _l("File"), "nominees": _l("Nominees"),
    "document": _l("Document"), "departments": _l("Departments"), "left_on": _l("Left on"),
    "published": _l("Published"), "additions": _l("Additions"), "removals": _l("Removals"),
}
# The codes an entry's values are written in, in words, by field: the labels the pages use.
VALUE_LABELS = {
    "role": ROLE_LABELS, "status": STATUS_LABELS, "status_reason": {**NOT_REGISTERED_LABELS, **REMOVAL_LABELS},
    "reason": {**NOT_REGISTERED_LABELS, **REMOVAL_LABELS}, "request": REQUEST_LABELS,
    "decision": {**DECISION_LABELS, **VETTING_STAGE_LABELS}, "stage": STAGE_LABELS, "from": STAGE_LABELS,
    "to": STAGE_LABELS, "mode": MODE_LABELS, "position": POSITION_LABELS, "post": POST_LABELS,
    "method": METHOD_LABELS, "relation": RELATION_LABELS, "consent_body": CONSENT_BODY_LABELS,
}
