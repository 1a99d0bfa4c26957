"""What the codes of the rolls are called on pages, exports and printed documents."""
from flask_babel import lazy_gettext as _l

STATUS_LABELS = {"registered": _l("Registered"), "not_registered": _l("Not registered"),
                 "removed": _l("Removed")}
SEX_LABELS = {"M": _l("Male"), "F": _l("Female")}
# R-ROLL-4, and R-ROLL-2's consent still to come.
NOT_REGISTERED_LABELS = {
    "deprived_of_political_rights": _l("Deprived of political rights"),
    "no_legal_capacity": _l("Without legal capacity"),
    "unreachable": _l("Unreachable after visit, phone and letter"),
    "consent_pending": _l("Awaiting the assembly's consent"),
    "opt_in_pending": _l("Has not yet said they will take part"),
}
# R-ROLL-7.
ADDITION_LABELS = {
    "turned_18": _l("Turned 18"),
    "moved_in": _l("Moved in"),
    "rights_restored": _l("Rights restored"),
    "objection_upheld": _l("Objection upheld"),
    "consent_given": _l("Consent given"),
    "opted_in": _l("Said they will take part"),
}
REMOVAL_LABELS = {
    "died": _l("Died"),
    "moved_out": _l("Moved out"),
    "rights_lost": _l("Political rights lost"),
    "objection_upheld": _l("Objection upheld"),
    "no_legal_capacity": _l("Without legal capacity"),
    "unreachable": _l("Unreachable after visit, phone and letter"),
}
CHANGE_KIND_LABELS = {"addition": _l("Addition"), "removal": _l("Removal")}
# R-ROLL-2 and R26-ROLL: the registration categories in the words of each rule set.
CATEGORY_LABELS = {
    "beijing-2018": {
        "village": {
            1: _l("1 · Hukou here, living here"),
            2: _l("2 · Hukou here, living elsewhere, asked to take part"),
            3: _l("3 · Former agricultural hukou here, living or working here, with consent"),
            4: _l("4 · No hukou, here at least one year, applied, with consent"),
        },
        "residential": {
            1: _l("1 · Hukou here, living here"),
            2: _l("2 · Hukou here, living elsewhere, asked to take part"),
            3: _l("3 · No hukou, living here at least one year, applied"),
        },
    },
    "national-2026": {
        "village": {
            1: _l("1 · Hukou here, living here"),
            2: _l("2 · Hukou here, living elsewhere, asked to take part"),
            3: _l("3 · Former agricultural hukou here, living or working here, with consent"),
            4: _l("4 · No hukou, living here at least one year or working in village affairs, with consent"),
        },
        "residential": {
            1: _l("1 · Hukou in the community"),
            2: _l("2 · No hukou, habitually resident here"),
            3: _l("3 · Community worker without local hukou, six months' service, confirmed by the election committee"),
        },
    },
}
CONSENT_BODY_LABELS = {
    "villagers_assembly": _l("Villagers' assembly"),
    "representatives_assembly": _l("Villagers' representatives' assembly"),
    "election_committee": _l("Election committee"),
}
REQUEST_LABELS = {"add": _l("Should be on the list"), "remove": _l("Should not be on the list")}
DECISION_LABELS = {"upheld": _l("Upheld"), "rejected": _l("Rejected")}
