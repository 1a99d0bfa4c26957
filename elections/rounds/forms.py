from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (BooleanField, DateField, FieldList, FormField, IntegerField, SelectField, StringField,
                     TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..law.catalogue import RULESET_NAMES
from ..rulesets import DEFAULT_RULESET, RULESETS
from .election_committee import POSITIONS
from .labels import (APPLIES_TO_LABELS, BALLOT_METHOD_LABELS, CRITERIA_LIST_LABELS, MODE_LABELS, POSITION_LABELS, STAGE_LABELS)
from .services import CRITERIA_LISTS


def options(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class RoundForm(FlaskForm):
    name = StringField(_l("Name of the round"), validators=[DataRequired(), Length(max=100)])
    village_term = IntegerField(_l("Term elected in village committees"), default=12,
                                validators=[InputRequired(), NumberRange(1, 99)])
    residential_term = IntegerField(_l("Term elected in residents' committees"), default=11,
                                    validators=[InputRequired(), NumberRange(1, 99)])
    ruleset = SelectField(_l("Rule set"), choices=options((name, _l(RULESET_NAMES[name])) for name in RULESETS),
                          default=DEFAULT_RULESET)
    first_day = DateField(_l("First allowed election day"), validators=[InputRequired()])
    last_day = DateField(_l("Last allowed election day"), validators=[InputRequired()])
    training = BooleanField(_l("Training round (documents are watermarked 演练)"))
    cascade = BooleanField(_l("Carry votes from a higher post to a lower one (R-COUNT-5)"))
    min_women = IntegerField(_l("Minimum number of women members (R-SIZE-3)"), default=1,
                             validators=[InputRequired(), NumberRange(0, 3)])
    allow_uncontested = BooleanField(_l("Allow as many candidates as seats (R-CAND-2)"))
    ballot_reserve = IntegerField(_l("Ballots printed beyond each place's electorate (per cent)"), default=5,
                                  validators=[Optional(), NumberRange(0, 20)])
    tally_entry = SelectField(_l("Entry of the tally sheets"), default="double", choices=options([
        ("double", _l("Twice, by two clerks blind, mismatches to the correction queue")),
        ("single", _l("Once, reviewed by the election committee's chair"))]))


class PlanForm(FlaskForm):
    """The plan of one committee, or the common values for all committees of a township."""

    mode = SelectField(_l("Election mode"), validators=[Optional()])
    election_day = DateField(_l("Election day"), validators=[Optional()])
    seats_director = IntegerField(_l("Director seats"), validators=[Optional(), NumberRange(0, 9)])
    seats_deputy_director = IntegerField(_l("Deputy director seats"), validators=[Optional(), NumberRange(0, 9)])
    seats_member = IntegerField(_l("Member seats"), validators=[Optional(), NumberRange(0, 9)])
    ballot_method = SelectField(_l("Ballot method"), validators=[Optional()],
                                choices=options([("", "—"), *BALLOT_METHOD_LABELS.items()]))
    venue = StringField(_l("Election venue"), validators=[Optional(), Length(max=200)])

    def set_modes(self, modes) -> None:
        self.mode.choices = options([("", "—"), *((mode, MODE_LABELS[mode]) for mode in modes)])

    def changes(self) -> dict:
        """The values filled in; an empty field (None) leaves the plan's value as it is."""
        return {name: getattr(self, name).data or None for name in ("mode", "ballot_method", "venue")} | {
            name: getattr(self, name).data
            for name in ("election_day", "seats_director", "seats_deputy_director", "seats_member")}


class TownshipPlanForm(PlanForm):
    """Common values: only the fields filled in change, for the committees ticked."""

    kind = SelectField(_l("Apply to"), choices=options([("all", _l("All committees of the township")),
                                                        ("residential", _l("Residents' committees only")),
                                                        ("village", _l("Village committees only"))]), default="all")


class PlanUploadForm(FlaskForm):
    file = FileField(_l("Plan file (XLSX or CSV)"), validators=[
        FileRequired(), FileAllowed(["xlsx", "csv"], _l("Upload an XLSX or CSV file."))])


class StageForm(FlaskForm):
    target = SelectField(_l("Move to"), choices=options(STAGE_LABELS.items()), validators=[DataRequired()])
    override_reason = TextAreaField(_l("Reason for overriding a deadline (district officials)"),
                                    validators=[Optional(), Length(max=2000)])


class MemberForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=50)])
    position = SelectField(_l("Position"), choices=options((p, POSITION_LABELS[p]) for p in POSITIONS), default="member")
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=30)])


class LeaveForm(FlaskForm):
    reason = StringField(_l("Reason for leaving"), validators=[DataRequired(), Length(max=500)])


class CriteriaItemForm(FlaskForm):
    class Meta:
        csrf = False  # part of CriteriaForm, which carries the token

    item_id = StringField(_l("Id"), validators=[Optional(), Length(max=10)])
    list = SelectField(_l("List"), choices=options((name, CRITERIA_LIST_LABELS[name]) for name in CRITERIA_LISTS))
    zh = StringField(_l("Chinese text"), validators=[Optional(), Length(max=200)])
    en = StringField(_l("English text"), validators=[Optional(), Length(max=200)])
    lookback_years = IntegerField(_l("Look-back (years)"), validators=[Optional(), NumberRange(1, 50)])
    # Which committees are asked the item: both kinds, or one (a village's collective assets, TC-8).
    applies_to = SelectField(_l("Applies to"), choices=options(APPLIES_TO_LABELS.items()), default="")
    remove = BooleanField(_l("Remove"))


class CriteriaForm(FlaskForm):
    items = FieldList(FormField(CriteriaItemForm), min_entries=1)
    note = TextAreaField(_l("Why the criteria change"), validators=[DataRequired(), Length(max=2000)])
