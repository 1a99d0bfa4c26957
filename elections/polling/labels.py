"""Words for the kinds of polling place and the staff roles, in the user's language."""
from flask_babel import lazy_gettext as _l

PLACE_KIND_LABELS = {"central": _l("Central venue"), "station": _l("Polling station"), "mobile": _l("Mobile ballot box")}
STAFF_ROLE_LABELS = {
    "chief_scrutineer": _l("Chief scrutineer"),  # 总监票人
    "scrutineer": _l("Scrutineer"),  # 监票人
    "caller": _l("Caller"),  # 唱票人
    "counter": _l("Counter"),  # 计票人
    "ballot_writer": _l("Ballot writer"),  # 代书人
    "issuer": _l("Ballot issuer"),  # 发票员
}
