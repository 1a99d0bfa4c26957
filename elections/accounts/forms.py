from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ..roles import Role

ROLE_LABELS = {
    Role.city_admin: _l("City administrator"),
    Role.district_official: _l("District official"),
    Role.township_official: _l("Township official"),
    Role.election_committee: _l("Election committee"),
    Role.clerk: _l("Clerk"),
    Role.observer: _l("Observer"),
    Role.department: _l("Vetting department"),
    Role.issuer: _l("Ballot issuer"),
}


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


# The policy the account service checks (accounts.services.check_password), said where it is typed.
PASSWORD_RULE = _l("At least 10 characters; not the user name, nor a password guessers try first.")


class UserForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64),
                                                       Regexp(r"^[A-Za-z0-9_.-]+$", message=_l(
                                                           "Use letters, digits, '.', '_' or '-' only."))])
    display_name = StringField(_l("Name"), validators=[Optional(), Length(max=100)])
    role = SelectField(_l("Role"))
    # The unit by name or code: the picker (static/js/app.js) offers the units of the jurisdiction as
    # one types and fills in "name code"; the view resolves it (geography.services.resolve).
    unit_code = StringField(_l("Unit"), validators=[DataRequired(), Length(max=120)],
                            description=_l("Type part of its name (or its 12-digit code) and choose it from the list."))
    # Only for a vetting department account (R-CAND-3): the department as the criteria name it.
    department = StringField(_l("Department"), validators=[Optional(), Length(max=40)])
    password = PasswordField(_l("Password"), validators=[DataRequired()], description=PASSWORD_RULE)


class EditUserForm(UserForm):
    password = PasswordField(_l("New password (leave empty to keep)"), validators=[Optional()],
                             description=PASSWORD_RULE)
    active = BooleanField(_l("Active"))
