from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from .. import access
from ..transactions import attempt
from ..extensions import db
from ..geography import services as geo
from ..geography.codes import within
from ..roles import ACCOUNT_MANAGERS, ALL_ROLES, GRANTABLE, Role
from ..rounds import services as rounds
from . import services
from .forms import ROLE_LABELS, EditUserForm, LoginForm, UserForm
from .models import User

bp = Blueprint("accounts", __name__)


@bp.route("/login", methods=["GET", "POST"])
@access.public
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.username.data, form.password.data, request.remote_addr or "")
        except services.LoginThrottled as exc:
            flash(_("Too many failed logins. Try again in %(n)d minutes.", n=exc.minutes), "danger")
            return render_template("accounts/login.html", form=form), 429
        if user is None:
            flash(_("Wrong username or password."), "danger")
            return render_template("accounts/login.html", form=form), 401
        # A new session for the new login: nothing of the anonymous one carries over (its CSRF
        # token included), except the language the visitor chose.
        lang = session.get("lang")
        session.clear()
        if lang:
            session["lang"] = lang
        login_user(user)
        target = request.args.get("next")
        return redirect(target if access.next_is_safe(target) else url_for("pages.home"))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@access.roles(ALL_ROLES)
def logout():
    services.log_out(current_user)
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("accounts.login"))


def _role_choices():
    return [(r.value, str(ROLE_LABELS[r])) for r in Role if r in GRANTABLE[Role(current_user.role)]]


def _department_names() -> list[str]:
    """The departments the current round's criteria ask (R-CAND-3), offered as a department account's
    name so that the account sees the items that name it."""
    round_ = rounds.current_round()
    items = rounds.current_criteria(round_).items if round_ is not None else rounds.default_criteria()
    return sorted({d for item in items for d in item.get("departments") or []})


def _department(form) -> str:
    """What the form says about the department: nothing unless the account is a department's."""
    return (form.department.data or "") if form.role.data == Role.department else ""


def _unit_resolved(form) -> bool:
    """The unit field as a code, when the text names exactly one unit of the jurisdiction; otherwise
    the field says what was found, so the official chooses."""
    unit, candidates = geo.resolve(form.unit_code.data or "", current_user.unit_code)
    if unit is not None:
        form.unit_code.data = unit.code
        return True
    if candidates:
        form.unit_code.errors = list(form.unit_code.errors) + [_(
            "Several units match: %(units)s. Choose one from the list.",
            units="、".join(f"{d.name} {d.code}" for d in candidates))]
    else:
        form.unit_code.errors = list(form.unit_code.errors) + [_(
            "No unit of your jurisdiction has this name or code.")]
    return False


def _edit_page(form, user):
    if form.unit_code.data and not form.unit_code.errors:
        unit = geo.get_unit(form.unit_code.data)
        if unit is not None:  # shown as the picker fills it
            form.unit_code.data = f"{unit.name} {unit.code}"
    return render_template("accounts/edit.html", form=form, user=user, department_names=_department_names())


@bp.get("/accounts/")
@access.roles(ACCOUNT_MANAGERS)
def users():
    return render_template("accounts/users.html", users=services.users_in_scope(current_user),
                           role_labels=ROLE_LABELS)


@bp.route("/accounts/new", methods=["GET", "POST"])
@access.roles(ACCOUNT_MANAGERS)
def new_user():
    form = UserForm()
    form.role.choices = _role_choices()
    if request.method == "GET":
        form.unit_code.data = request.args.get("unit", current_user.unit_code)
    if form.validate_on_submit() and _unit_resolved(form):
        try:
            attempt(services.create_user, form.username.data, form.password.data, form.role.data,
                                 form.unit_code.data, display_name=form.display_name.data or "",
                                 manager=current_user, department=_department(form))
        except services.AccountError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Account %(name)s created.", name=form.username.data), "success")
            return redirect(url_for("accounts.users"))
    return _edit_page(form, None)


@bp.route("/accounts/<int:user_id>", methods=["GET", "POST"])
@access.roles(ACCOUNT_MANAGERS)
def edit_user(user_id: int):
    user = db.session.get(User, user_id)
    if user is None or not within(current_user.unit_code, user.unit_code):
        abort(404)
    form = EditUserForm(obj=user)
    form.role.choices = _role_choices()
    if user.role not in GRANTABLE[Role(current_user.role)]:
        abort(403)  # a district official cannot edit another district official
    del form.username
    if form.validate_on_submit() and _unit_resolved(form):
        try:
            attempt(services.update_user, user, current_user, role=form.role.data, unit_code=form.unit_code.data,
                                 display_name=form.display_name.data or "", active=form.active.data,
                                 password=form.password.data or None, department=_department(form))
        except services.AccountError as exc:
            form.form_errors.append(str(exc))
        else:
            if user.id == current_user.id:
                login_user(user)  # a new password ended this session too: this browser goes on with a new one
            flash(_("Account %(name)s saved.", name=user.username), "success")
            return redirect(url_for("accounts.users"))
    return _edit_page(form, user)
