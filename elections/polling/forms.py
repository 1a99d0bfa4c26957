"""Forms of election day's preparation: a place, a staff assignment, a proxy."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..rounds.forms import options
from .labels import PLACE_KIND_LABELS, STAFF_ROLE_LABELS


def _items(text: str | None) -> list[str]:
    """A list typed into one field, separated by commas, 、 or new lines."""
    for mark in ("，", "、", "\n", ";", "；"):
        text = (text or "").replace(mark, ",")
    return [item.strip() for item in text.split(",") if item.strip()]


class PlaceForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=options(PLACE_KIND_LABELS.items()), validators=[InputRequired()])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=200)])
    opens = TimeField(_l("Opens"), validators=[InputRequired()])
    closes = TimeField(_l("Closes"), validators=[InputRequired()])
    groups = StringField(_l("Groups served"), validators=[Optional(), Length(max=2000)],
                         description=_l("Group names, separated by commas (a station or mobile box)."))
    households = StringField(_l("Households served"), validators=[Optional(), Length(max=4000)],
                             description=_l("Household numbers (户号), separated by commas."))
    voters = TextAreaField(_l("Voters served"), validators=[Optional(), Length(max=8000)],
                           description=_l("Numbers on the roll, ID numbers or names, separated by commas: "
                                          "those a mobile box visits."))

    def lists(self) -> tuple[list[str], list[str], list[str]]:
        return _items(self.groups.data), _items(self.households.data), _items(self.voters.data)


class StaffForm(FlaskForm):
    who = StringField(_l("Person (number on the roll, ID number or name)"), validators=[DataRequired(),
                                                                                     Length(max=50)])
    role = SelectField(_l("Role"), choices=options(STAFF_ROLE_LABELS.items()), validators=[InputRequired()])


class ProxyForm(FlaskForm):
    principal = StringField(_l("Principal (who is away)"), validators=[DataRequired(), Length(max=50)],
                            description=_l("Number on the roll, ID number or name."))
    holder = StringField(_l("Proxy holder"), validators=[DataRequired(), Length(max=50)],
                         description=_l("Number on the roll, ID number or name."))
    signed_on = DateField(_l("Written proxy signed on"), validators=[InputRequired()])
    reason = StringField(_l("Why the principal is away"), validators=[Optional(), Length(max=200)])
