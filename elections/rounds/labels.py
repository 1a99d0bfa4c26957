"""What the codes of rounds and committee elections are called on pages and documents."""
from flask_babel import lazy_gettext as _l

STAGE_LABELS = {
    "setup": _l("Set-up"),
    "registration": _l("Voter registration"),
    "roll_published": _l("Voter list published"),
    "nomination": _l("Nomination"),
    "candidates_published": _l("Candidates published"),
    "voting": _l("Voting"),
    "counted": _l("Counted"),
    "certified": _l("Certified"),
    "revote_pending": _l("Revote pending"),
    "supplementary_pending": _l("Supplementary election pending"),
    "new_election_pending": _l("New election pending"),
}
MODE_LABELS = {
    "direct": _l("Direct election"),
    "household": _l("Household-representative election"),
    "group_representative": _l("Group-representative election"),
    "representative": _l("Residents'-representative election"),
}
KIND_LABELS = {"residential": _l("Residents' committee"), "village": _l("Village committee")}
# A criteria item's committees: "" both kinds, else one kind (the form's choices; the item keeps a list).
APPLIES_TO_LABELS = {"": _l("Both kinds"), "village": _l("Village committees only"),
                     "residential": _l("Residents' committees only")}
BALLOT_METHOD_LABELS = {"single": _l("One ballot"), "separate": _l("Separate ballots")}
POSITION_LABELS = {"chair": _l("Chair"), "deputy_chair": _l("Deputy chair"), "member": _l("Member")}
WOMEN_RULE_LABELS = {"reserve": _l("Reserve a member seat for a woman (R-COUNT-9)")}
MILESTONE_LABELS = {
    "roll_published": _l("Publish the voter list"),
    "objections_close": _l("Objections close"),
    "objection_decisions": _l("Last objection decisions"),
    "candidates_published": _l("Publish the candidate list"),
    "voting": _l("Election day"),
    "counted": _l("Count and announce"),
    "supplementary_election": _l("Supplementary election"),
    "certified": _l("File and certify the result"),
}
MILESTONE_STATUS_LABELS = {"done": _l("done"), "late": _l("done late"), "overdue": _l("overdue"),
                           "next": _l("next"), "upcoming": _l("upcoming")}
OVERDUE_LABELS = {
    "R-ROLL-5": _l("voter list not published"),
    "R-CAND-5": _l("candidate list not published"),
    "election_day": _l("election day passed without a count"),
    "R-COUNT-7": _l("supplementary election not held"),
}
PLAN_FIELD_LABELS = {
    "mode": _l("Election mode"),
    "election_day": _l("Election day"),
    "seats_director": _l("Director seats"),
    "seats_deputy_director": _l("Deputy director seats"),
    "seats_member": _l("Member seats"),
    "ballot_method": _l("Ballot method"),
    "venue": _l("Election venue"),
}
CRITERIA_LIST_LABELS = {"five_good": _l("Five-good"), "ten_cannot": _l("Ten-cannot")}
CHINESE_DIGITS = "零一二三四五六七八九"


def term_label(number: int) -> str:
    """第十二届: terms are numbered in Chinese numerals on every document."""
    tens, ones = divmod(number, 10)
    text = (CHINESE_DIGITS[tens] if tens > 1 else "") + ("十" if tens else "") + (CHINESE_DIGITS[ones] if ones or not tens else "")
    return f"第{text}届"
