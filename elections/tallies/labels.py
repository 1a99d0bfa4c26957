"""Words for a tally sheet's state, in the user's language."""
from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "empty": _l("Not entered"),
    "entered": _l("Entered once"),
    "mismatch": _l("In the correction queue"),
    "final": _l("Final"),
}
