"""Forms of the vetting pages (R-CAND-3): five-good assessments, a department's finding on a
ten-cannot item, "nothing found" for all of a department's remaining items, and the decision."""
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ...rounds.forms import options

MEETS = options([("yes", _l("Meets")), ("no", _l("Does not meet"))])
HOLDS = options([("no", _l("Does not hold")), ("yes", _l("Holds"))])
DECISIONS = options([("qualified", _l("Qualified")), ("barred", _l("Barred"))])


def slug(item_id: str) -> str:
    """An item id as part of a field name: FG-1 → FG_1."""
    return re.sub(r"\W", "_", item_id)


def assessment_form(items: list[dict], assessments: dict | None = None):
    """One form for every five-good item: meets / does not meet and a note; an item left blank is
    not assessed. With `assessments` (item id → Assessment) the form shows what the file says and
    reads no request; without, it reads the posted form."""

    class AssessmentForm(FlaskForm):
        def answers(self) -> list[tuple[str, bool, str]]:
            """(item id, meets, note) of every item answered."""
            found = []
            for item in items:
                meets = self[f"meets_{slug(item['id'])}"].data
                if meets in ("yes", "no"):
                    found.append((item["id"], meets == "yes", self[f"note_{slug(item['id'])}"].data or ""))
            return found

    for item in items:
        setattr(AssessmentForm, f"meets_{slug(item['id'])}",
                RadioField(item["id"], choices=MEETS, validators=[Optional()]))
        setattr(AssessmentForm, f"note_{slug(item['id'])}",
                StringField(_l("Note"), validators=[Optional(), Length(max=500)]))
    if assessments is None:
        return AssessmentForm()
    data = {}
    for item_id, found in assessments.items():
        data[f"meets_{slug(item_id)}"] = "yes" if found.meets else "no"
        data[f"note_{slug(item_id)}"] = found.note
    return AssessmentForm(formdata=None, data=data)


class FindingForm(FlaskForm):
    """One department's answer on one ten-cannot item. A department account's answers are its own
    department's whatever `department` says."""

    item = HiddenField(validators=[DataRequired()])
    department = StringField(_l("Department"), validators=[Optional(), Length(max=40)])
    holds = RadioField(_l("Finding"), choices=HOLDS, validators=[InputRequired()])
    evidence = TextAreaField(_l("Evidence"), validators=[Optional(), Length(max=2000)])
    found_on = DateField(_l("Found on"), validators=[InputRequired()])
    ended_on = DateField(_l("Matter ended on"), validators=[Optional()])


class NothingFoundForm(FlaskForm):
    """'Nothing found' on every item a department still has to answer for this nominee."""

    department = StringField(_l("Department"), validators=[Optional(), Length(max=40)])
    found_on = DateField(_l("Found on"), validators=[InputRequired()])
    evidence = StringField(_l("Evidence"), validators=[Optional(), Length(max=500)])


class DecisionForm(FlaskForm):
    decision = RadioField(_l("Decision"), choices=DECISIONS, validators=[InputRequired()])
    items = SelectMultipleField(_l("Barred on"), choices=[], validate_choice=False)
    evidence = TextAreaField(_l("Evidence and reasons"), validators=[Optional(), Length(max=4000)])


class ReturnedFindingsForm(FlaskForm):
    """A department's returned workbook of findings (the letter's workbook, filled in)."""

    file = FileField(_l("Returned workbook (XLSX)"), validators=[FileRequired()])
