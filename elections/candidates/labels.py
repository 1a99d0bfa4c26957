"""What the codes of nomination and vetting are called on pages and printed documents."""
from flask_babel import lazy_gettext as _l

POST_LABELS = {"director": _l("Director"), "deputy_director": _l("Deputy director"), "member": _l("Member")}
METHOD_LABELS = {
    "party_organisation": _l("Nomination by the Party organisation"),
    "meeting": _l("Nomination meeting"),
    "voters": _l("Joint nomination by voters"),
    "household_representatives": _l("Joint nomination by household representatives"),
    "group_representatives": _l("Nomination by group representatives"),
}
RELATION_LABELS = {
    "spouse": _l("Spouse"), "parent": _l("Parent"), "child": _l("Child"), "grandparent": _l("Grandparent"),
    "grandchild": _l("Grandchild"), "sibling": _l("Sibling"),
}
VETTING_STAGE_LABELS = {
    "not_started": _l("Not started"),
    "awaiting_findings": _l("Awaiting findings"),
    "ready": _l("Ready for decision"),
    "qualified": _l("Qualified"),
    "barred": _l("Barred"),
    "withdrawn": _l("Withdrawn"),
}
EDUCATION_LABELS = {
    "primary": _l("Primary school or less"), "junior_high": _l("Junior high school"),
    "senior_high": _l("Senior high or vocational school"), "college": _l("College (dazhuan)"),
    "bachelor": _l("Bachelor's degree"), "postgraduate": _l("Postgraduate"),
}
