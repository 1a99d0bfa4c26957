"""Forms of the candidate pages: the nomination meeting and its tally, joint nominations, the
slate's margin and tie decisions, publication, relatives and withdrawal. The forms only read what
was typed; the law is checked by the services, which report every problem at once."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, FieldList, FormField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..messages import N_, Problem
from ..rounds.forms import options
from ..rulesets import POSTS
from .labels import EDUCATION_LABELS, METHOD_LABELS, POST_LABELS, RELATION_LABELS
from .profile import ETHNIC_GROUPS
from .services import TallyRow

TALLY_ROWS = 12  # lines of the tally form; more appear when a recorded tally is longer


class OpenForm(FlaskForm):
    """Nomination opens once the voter list is published (CSRF only)."""


class TallyLineForm(FlaskForm):
    class Meta:
        csrf = False  # part of MeetingForm, which carries the token

    who = StringField(_l("ID number or name"), validators=[Optional(), Length(max=50)])
    post = SelectField(_l("Post"), validators=[Optional()])
    votes = IntegerField(_l("Votes"), validators=[Optional(), NumberRange(min=0)])


class MeetingForm(FlaskForm):
    """A village's nomination meeting (R-CAND-1) and its tally, one line per nominee and post."""

    held_on = DateField(_l("Held on"), validators=[InputRequired()])
    attendance = IntegerField(_l("Voters who attended"), validators=[InputRequired(), NumberRange(min=0)])
    ballots_cast = IntegerField(_l("Nomination ballots cast"), validators=[InputRequired(), NumberRange(min=0)])
    invalid_director = IntegerField(_l("Invalid for director"), default=0, validators=[Optional(), NumberRange(min=0)])
    invalid_deputy_director = IntegerField(_l("Invalid for deputy director"), default=0,
                                           validators=[Optional(), NumberRange(min=0)])
    invalid_member = IntegerField(_l("Invalid for member"), default=0, validators=[Optional(), NumberRange(min=0)])
    rows = FieldList(FormField(TallyLineForm), min_entries=TALLY_ROWS)

    def set_posts(self, posts) -> None:
        for row in self.rows:
            row.post.choices = options([("", "—"), *((p, POST_LABELS[p]) for p in posts)])

    def invalid(self, posts) -> dict[str, int]:
        return {post: getattr(self, f"invalid_{post}").data or 0 for post in posts}

    def line_problems(self) -> list[Problem]:
        """Lines whose votes are not a number, named by their line; the services check the rest."""
        return [Problem(N_("Line %(line)s: the votes are not a whole number of at least 0."), {"line": line})
                for line, row in enumerate(self.rows, start=1) if row.votes.errors]

    def tally(self) -> list[TallyRow]:
        """Every line with a nominee or votes, numbered as the form numbers them: a line half
        filled in goes to the services too, which name what it lacks."""
        return [TallyRow(line, (row.who.data or "").strip(), row.post.data or "", row.votes.data or 0)
                for line, row in enumerate(self.rows, start=1)
                if (row.who.data or "").strip() or row.votes.data is not None]


class JointForm(FlaskForm):
    """A residents' joint nomination (R-CAND-1): the nominee, the post, who signed."""

    who = StringField(_l("Nominee (ID number or name)"), validators=[DataRequired(), Length(max=50)])
    post = SelectField(_l("Post"))
    method = SelectField(_l("Nominated by"))
    signers = TextAreaField(_l("Signers: one ID number or name a line"), validators=[DataRequired(),
                                                                                   Length(max=20_000)])
    submitted_on = DateField(_l("Submitted on"), validators=[InputRequired()])

    def set_choices(self, posts, methods) -> None:
        self.post.choices = options((p, POST_LABELS[p]) for p in posts)
        self.method.choices = options((m, METHOD_LABELS[m]) for m in methods)

    def signer_lines(self) -> list[str]:
        """Every line as typed, blank ones too, so that problems name the line people see."""
        return (self.signers.data or "").replace("\r\n", "\n").split("\n")


class PartyForm(FlaskForm):
    """R26-CAND: the community or village Party organisation's nomination, a recorded decision."""

    who = StringField(_l("Nominee (ID number or name)"), validators=[DataRequired(), Length(max=50)])
    post = SelectField(_l("Post"))
    body = StringField(_l("Party organisation"), validators=[DataRequired(), Length(max=100)])
    reference = StringField(_l("Decision document number"), validators=[DataRequired(), Length(max=100)])
    votes = IntegerField(_l("Votes for it in the decision"), validators=[InputRequired(), NumberRange(1, 999)])
    decided_on = DateField(_l("Decided on"), validators=[InputRequired()])

    def set_posts(self, posts) -> None:
        self.post.choices = options((p, POST_LABELS[p]) for p in posts)


class MarginForm(FlaskForm):
    margin = SelectField(_l("Candidates beyond the seats"), coerce=int)

    def set_margins(self, rules, allow_uncontested: bool) -> None:
        low, high = rules.candidate_margin
        margins = ([0] if allow_uncontested else []) + list(range(low, high + 1))
        self.margin.choices = [(m, str(m)) for m in margins]


class TieForm(FlaskForm):
    """The election committee's decision on a tie at the cut-off (R-CAND-2): who comes first."""

    order = FieldList(SelectField(_l("Place"), coerce=int), min_entries=0)
    reason = TextAreaField(_l("How the election committee decided"), validators=[DataRequired(),
                                                                                Length(max=2000)])

    def set_tied(self, tied: list[tuple[int, str]]) -> None:
        while len(self.order) < len(tied):
            self.order.append_entry()
        for place, entry in enumerate(self.order, start=1):
            entry.choices = [(key, name) for key, name in tied]
            entry.label.text = _l("Place %(n)s", n=place)
            if entry.data is None and place <= len(tied):
                entry.data = tied[place - 1][0]


class PublishForm(FlaskForm):
    override_reason = TextAreaField(_l("Reason for overriding the deadline (district officials)"),
                                    validators=[Optional(), Length(max=2000)])


class ReissueForm(FlaskForm):
    reason = TextAreaField(_l("Why the list is re-issued"), validators=[DataRequired(), Length(max=2000)])


class RelativeForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=50)])
    id_number = StringField(_l("ID number (if known)"), validators=[Optional(), Length(max=30)])
    relation = SelectField(_l("Relation"), choices=options(RELATION_LABELS.items()))


class WithdrawForm(FlaskForm):
    on = DateField(_l("Withdrew on"), validators=[InputRequired()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


def posts_with_seats(seats: dict[str, int]) -> list[str]:
    return [post for post in POSTS if seats.get(post)]


YES_NO = options((("", _l("Not recorded")), ("yes", _l("Yes")), ("no", _l("No"))))


def yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def yes_no_value(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "")


class ProfileForm(FlaskForm):
    """The nominee's profile for the statistics of who was elected (candidates.profile)."""
    education = SelectField(_l("Education"), choices=options([("", _l("Not recorded")), *EDUCATION_LABELS.items()]))
    ethnicity = SelectField(_l("Ethnic group"), choices=options([("", _l("Not recorded")), *((g, g) for g in ETHNIC_GROUPS)]))
    party_member = SelectField(_l("Member of the Communist Party of China"), choices=YES_NO)
    incumbent = SelectField(_l("Member of the outgoing committee"), choices=YES_NO)
    party_secretary = SelectField(_l("Party secretary of the community or village"), choices=YES_NO)

    def values(self) -> dict:
        return {"education": self.education.data or None, "ethnicity": self.ethnicity.data or None,
                "party_member": yes_no(self.party_member.data), "incumbent": yes_no(self.incumbent.data),
                "party_secretary": yes_no(self.party_secretary.data)}

    @classmethod
    def of(cls, person) -> "ProfileForm":
        return cls(formdata=None, data={"education": person.education or "", "ethnicity": person.ethnicity or "",
                                        "party_member": yes_no_value(person.party_member),
                                        "incumbent": yes_no_value(person.incumbent),
                                        "party_secretary": yes_no_value(person.party_secretary)})
