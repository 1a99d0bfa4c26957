"""Accounts: creating and changing them (audited), and logging in with throttling."""
from datetime import datetime, timedelta, timezone
from importlib import resources

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..audit.services import record
from ..extensions import db
from ..geography.codes import level_of, scope_prefix, within
from ..geography.models import Division
from ..roles import GRANTABLE, ROLE_LEVEL, Role
from ..transactions import Refusal
from .models import LoginAttempt, User

MIN_PASSWORD_LENGTH = 10
DEPARTMENT_NAME_LENGTH = 40  # User.department
# A vetting department works for a district or a township (R-CAND-3), never for a committee.
DEPARTMENT_LEVELS = ("district", "township")
# A hash with the right cost, checked when the username is unknown so that timing does not tell.
_DUMMY_HASH = generate_password_hash("not a password")


class AccountError(Refusal):
    """A change to an account that the rules refuse; the message is for the user."""

    def __init__(self, message: str):
        super().__init__([message])


def _common_passwords() -> frozenset[str]:
    text = resources.files(__package__).joinpath("data", "common_passwords.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


COMMON_PASSWORDS = _common_passwords()
_RUNS = ("0123456789", "9876543210", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm")


def check_password(password: str, username: str) -> None:
    """The password policy: 10 characters or more, not only spaces, not the user name, not a
    password guessers try first (a common one, one character repeated, or a run of a row)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(_("The password must have at least %(n)d characters.", n=MIN_PASSWORD_LENGTH))
    folded = password.strip().lower()
    if not folded:
        raise AccountError(_("The password cannot be only spaces."))
    if folded == username.strip().lower():
        raise AccountError(_("The password cannot be the user name."))
    if folded in COMMON_PASSWORDS or len(set(folded)) <= 2 or any(folded in run for run in _RUNS):
        raise AccountError(_("This password is among the first that guessers try: choose another."))


def hash_password(password: str) -> str:
    """scrypt, Werkzeug's default: a memory-hard KDF."""
    return generate_password_hash(password, method="scrypt")


def _snapshot(user: User) -> dict:
    snapshot = {"username": user.username, "display_name": user.display_name, "role": user.role,
                "unit_code": user.unit_code, "active": user.active}
    if user.department:
        snapshot["department"] = user.department
    return snapshot


def check_department(role: str, unit: Division | None, department: str | None) -> None:
    """A vetting department account names its department, as the round's criteria name it (公安,
    法院, …), and is bound to a district or township; no other account names a department."""
    if role != Role.department:
        if department:
            raise AccountError(_("Only a vetting department account names a department."))
        return
    if not department:
        raise AccountError(_("A vetting department account needs the department's name, as the criteria name it."))
    if len(department) > DEPARTMENT_NAME_LENGTH:
        raise AccountError(_("The department's name is longer than %(n)d characters.", n=DEPARTMENT_NAME_LENGTH))
    if unit is not None and level_of(unit.code) not in DEPARTMENT_LEVELS:
        raise AccountError(_("A vetting department account is bound to a district or a township."))


def check_assignment(role: str, unit: Division | None, manager: User | None) -> None:
    """Raise AccountError unless `role` may be bound to `unit`, and granted by `manager` (None: the CLI)."""
    if role not in Role.__members__:
        raise AccountError(_("Unknown role %(role)s.", role=role))
    if unit is None:
        raise AccountError(_("No such unit."))
    needed = ROLE_LEVEL[Role(role)]
    if needed and level_of(unit.code) != needed:
        raise AccountError(_("The role %(role)s must be bound to a unit of level %(level)s.",
                             role=role, level=needed))
    if manager is not None:
        if role not in GRANTABLE.get(Role(manager.role), ()):
            raise AccountError(_("You may not give the role %(role)s.", role=role))
        if not within(manager.unit_code, unit.code):
            raise AccountError(_("The unit %(code)s is outside your jurisdiction.", code=unit.code))


def create_user(username: str, password: str, role: str, unit_code: str, *,
                display_name: str = "", manager: User | None = None, department: str | None = None) -> User:
    """`department`: required for a vetting department account, refused for any other."""
    username = username.strip()
    if not username:
        raise AccountError(_("The username is empty."))
    if find_user(username) is not None:
        raise AccountError(_("The username %(name)s is taken.", name=username))
    check_password(password, username)
    unit = db.session.get(Division, unit_code)
    check_assignment(role, unit, manager)
    department = (department or "").strip() or None
    check_department(role, unit, department)
    user = User(username=username, display_name=display_name, password_hash=hash_password(password),
                role=role, unit_code=unit_code, department=department, active=True)
    db.session.add(user)
    db.session.flush()
    record(manager, unit_code, "account.create", "user", user.id, after=_snapshot(user))
    db.session.flush()
    return user


def update_user(user: User, manager: User | None, *, role: str, unit_code: str, display_name: str,
                active: bool, password: str | None = None, department: str | None = None) -> User:
    """`department` None keeps a department account's department; any other role has none."""
    if manager is not None and not within(manager.unit_code, user.unit_code):
        raise AccountError(_("The account %(name)s is outside your jurisdiction.", name=user.username))
    if manager is not None and manager.id == user.id and (not active or role != user.role):
        raise AccountError(_("You cannot deactivate your own account or change your own role."))
    unit = db.session.get(Division, unit_code)
    check_assignment(role, unit, manager)
    if department is None:
        department = user.department if role == Role.department else None
    department = (department or "").strip() or None
    check_department(role, unit, department)
    if password is not None:
        check_password(password, user.username)
    before = _snapshot(user)
    user.role, user.unit_code, user.display_name, user.active = role, unit_code, display_name, active
    user.department = department
    after = _snapshot(user)
    if password:
        user.password_hash = hash_password(password)
        after["password"] = "changed"
    if password or not active:
        user.end_sessions()  # a new password or a deactivation ends every session of the account
    if after != before:
        record(manager, unit_code, "account.update", "user", user.id, before=before, after=after)
    db.session.flush()
    return user


class LoginThrottled(Exception):
    def __init__(self, minutes: int):
        self.minutes = minutes
        super().__init__(minutes)


def authenticate(username: str, password: str, address: str) -> User | None:
    """The user for these credentials, or None; raises LoginThrottled after too many failures.

    Failures are counted per account and per address over a sliding window, so a guesser is
    slowed down without a lock-out that an attacker could use to keep an official out for good.
    """
    cfg = current_app.config
    now = datetime.now(timezone.utc)
    username = username.strip().lower()[:64]  # one name whatever its case, as accounts are
    window_start = now - timedelta(seconds=cfg["LOGIN_THROTTLE_WINDOW"])
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.at < window_start))
    by_user = db.session.scalar(select(func.count()).where(
        LoginAttempt.username == username, LoginAttempt.at >= window_start))
    by_address = db.session.scalar(select(func.count()).where(
        LoginAttempt.address == address, LoginAttempt.at >= window_start))
    if by_user >= cfg["LOGIN_MAX_FAILURES_PER_USER"] or by_address >= cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"]:
        db.session.flush()
        raise LoginThrottled(max(1, cfg["LOGIN_THROTTLE_WINDOW"] // 60))
    user = find_user(username)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
    if user is not None and user.active and check_password_hash(user.password_hash, password):
        db.session.execute(delete(LoginAttempt).where(LoginAttempt.username == username))
        db.session.flush()
        return user
    db.session.add(LoginAttempt(username=username[:64], address=address[:45], at=now))
    db.session.flush()
    return None


def find_user(username: str) -> User | None:
    """The account of `username`, whatever its case (user names are unique without regard to it)."""
    return db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))


def log_out(user: User) -> None:
    """Logging out ends every session of the account: a copy of the cookie is worth nothing after."""
    user.end_sessions()
    record(user, user.unit_code, "account.logout", "user", user.id)


def users_in_scope(manager: User) -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.unit_code.like(scope_prefix(manager.unit_code) + "%"))
        .order_by(User.unit_code, User.username)))
