from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..candidates.labels import RELATION_LABELS
from ..rounds.forms import options
from .eligibility import ADDITION_REASONS, EXCLUSIONS, REMOVAL_REASONS
from .labels import (ADDITION_LABELS, CONSENT_BODY_LABELS, DECISION_LABELS, NOT_REGISTERED_LABELS, REMOVAL_LABELS,
                     REQUEST_LABELS, SEX_LABELS)
from .services import Person


class PersonForm(FlaskForm):
    """A person to put on the roll: by hand, or when an objection to add them is upheld."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=50)])
    id_number = StringField(_l("ID number"), validators=[DataRequired(), Length(max=30)])
    sex = SelectField(_l("Sex"), choices=options([("", _l("from the ID number")), *SEX_LABELS.items()]),
                      validators=[Optional()])
    birth_date = DateField(_l("Birth date"), validators=[Optional()])
    household = StringField(_l("Household number"), validators=[DataRequired(), Length(max=30)])
    group = StringField(_l("Group"), validators=[Optional(), Length(max=50)])
    address = StringField(_l("Household address"), validators=[Optional(), Length(max=200)])
    category = SelectField(_l("Registration category"), coerce=int, validators=[InputRequired()])
    hukou_place = StringField(_l("Hukou place"), validators=[Optional(), Length(max=200)])
    household_representative = BooleanField(_l("Household representative"))
    consent_body = SelectField(_l("Consent given by"), validators=[Optional()],
                               choices=options([("", "—"), *CONSENT_BODY_LABELS.items()]))
    consent_on = DateField(_l("Consent given on"), validators=[Optional()])
    opted_in_on = DateField(_l("Said they will take part on (R26-ROLL)"), validators=[Optional()])

    def set_categories(self, labels: dict) -> None:
        self.category.choices = options(labels.items())

    def person(self) -> Person:
        return Person(name=self.name.data or "", id_number=self.id_number.data or "",
                      household=self.household.data or "", category=self.category.data,
                      sex=self.sex.data or None, birth_date=self.birth_date.data, group=self.group.data or "",
                      address=self.address.data or "", hukou_place=self.hukou_place.data or "",
                      household_representative=self.household_representative.data,
                      consent_body=self.consent_body.data or None, consent_on=self.consent_on.data,
                      opted_in_on=self.opted_in_on.data)


class AddVoterForm(PersonForm):
    reason = SelectField(_l("Reason for the addition (after publication, R-ROLL-7)"), validators=[Optional()],
                         choices=options([("", "—"), *((r, ADDITION_LABELS[r]) for r in ADDITION_REASONS
                                                       if r not in ("objection_upheld", "consent_given", "opted_in",
                                                                    "rights_restored"))]))
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])


class RemoveForm(FlaskForm):
    reason = SelectField(_l("Reason"), choices=options(
        (r, REMOVAL_LABELS[r]) for r in REMOVAL_REASONS if r not in ("objection_upheld", "no_legal_capacity",
                                                                   "unreachable")))
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])


class ExcludeForm(FlaskForm):
    reason = SelectField(_l("Reason (R-ROLL-4)"), choices=options((r, NOT_REGISTERED_LABELS[r]) for r in EXCLUSIONS))
    note = StringField(_l("Confirmed by the election committee: note"), validators=[Optional(), Length(max=500)])


class RestoreForm(FlaskForm):
    cause_ended_on = DateField(_l("The cause ended on"), validators=[InputRequired()])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])


class ConsentForm(FlaskForm):
    consent_body = SelectField(_l("Consent given by"), choices=options(CONSENT_BODY_LABELS.items()))
    consent_on = DateField(_l("Consent given on"), validators=[InputRequired()])


class OptInForm(FlaskForm):
    """R26-ROLL: the day a person said they will take part."""

    opted_in_on = DateField(_l("Said they will take part on"), validators=[InputRequired()])


class RelativeLinkForm(FlaskForm):
    """R26-SIZE: a near relative on the same roll, by their number (编号)."""

    number = IntegerField(_l("Relative's number on this roll"), validators=[InputRequired(), NumberRange(1, 10**9)])
    relation = SelectField(_l("The relative is the voter's"), choices=options(RELATION_LABELS.items()))


class PublishForm(FlaskForm):
    override_reason = TextAreaField(_l("Reason for overriding the deadline (district officials)"),
                                    validators=[Optional(), Length(max=2000)])


class ObjectionForm(FlaskForm):
    lodged_by = StringField(_l("Lodged by"), validators=[DataRequired(), Length(max=50)])
    contact = StringField(_l("Contact"), validators=[Optional(), Length(max=100)])
    request = SelectField(_l("The objection says the person"), choices=options(REQUEST_LABELS.items()))
    subject_voter = IntegerField(_l("Voter on the list (for a removal: the number shown in the list)"),
                                 validators=[Optional(), NumberRange(min=1, max=2**31 - 1)])
    subject_name = StringField(_l("About (name)"), validators=[DataRequired(), Length(max=50)])
    subject_id_number = StringField(_l("Their ID number, if known"), validators=[Optional(), Length(max=30)])
    grounds = TextAreaField(_l("What the objection says"), validators=[DataRequired(), Length(max=4000)])
    received_on = DateField(_l("Received on"), validators=[InputRequired()])


class DecisionForm(PersonForm):
    """The written decision; for an upheld objection to add someone, the person's details too."""

    decision = SelectField(_l("Decision"), choices=options(DECISION_LABELS.items()))
    text = TextAreaField(_l("Written decision and its reasons"), validators=[DataRequired(), Length(max=4000)])
    decided_on = DateField(_l("Decided on"), validators=[InputRequired()])

    def __init__(self, *args, needs_person: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_person:
            for name in ("name", "id_number", "household", "category"):
                getattr(self, name).validators = [Optional()]


class RepresentativesForm(FlaskForm):
    voters = StringField(_l("Representatives (their numbers in the list, separated by commas)"),
                         validators=[DataRequired(), Length(max=200)])
    elected_on = DateField(_l("Elected on"), validators=[InputRequired()])

    def numbers(self) -> list[int] | None:
        parts = [p.strip() for p in (self.voters.data or "").replace("，", ",").split(",") if p.strip()]
        return [int(p) for p in parts] if all(p.isdigit() for p in parts) else None
