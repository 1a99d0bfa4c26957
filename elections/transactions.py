"""One unit of work per request and per command, as Indico's request handler has it.

Services change the session and `flush()`; they never commit or roll back. The request (see
`install`) or the CLI command (`CommandGroup`) commits once at its end, or rolls back when it
fails or when any service in it refused. So a service that has already flushed part of its
change when it finds a reason to refuse (a stage moved, then a deadline broken) leaves nothing
behind, even though the view catches the refusal to show its problems to the user.

The one kind of work with its own boundary is a long import that commits in batches
(`rolls.importer`): its docstring says where, and why a half-applied file cannot remain.
"""
from contextlib import contextmanager
from functools import wraps

from flask import Flask, g, has_app_context
from flask.cli import AppGroup

from .extensions import db

REFUSED = "refused"  # key in the session's info: a refusal was raised in this unit of work
AFTER_COMMIT = "after_commit"  # key in the session's info: what to do once the unit of work is committed


class Refusal(Exception):
    """A service says no: the law or the input forbids the change. `problems` say why, by rule.

    Raising one marks the current unit of work for rollback, whoever catches it.
    """

    def __init__(self, problems: list):
        super().__init__("; ".join(getattr(p, "message", str(p)) for p in problems))
        self.problems = problems
        if has_app_context():
            db.session.info[REFUSED] = True


def refused() -> bool:
    return bool(db.session.info.get(REFUSED))


def rollback() -> None:
    db.session.rollback()
    db.session.info.pop(REFUSED, None)
    db.session.info.pop(AFTER_COMMIT, None)


def after_commit(action) -> None:
    """Do `action` once the current unit of work has committed (queue a background job for the rows
    it made, say); nothing when it rolls back."""
    db.session.info.setdefault(AFTER_COMMIT, []).append(action)


def finish(failed: bool = False) -> None:
    """End the unit of work: commit it, unless it failed or anything in it was refused; then do what
    was to follow its commit."""
    actions = db.session.info.pop(AFTER_COMMIT, [])
    if failed or refused():
        rollback()
        return
    db.session.commit()
    for action in actions:
        action()


@contextmanager
def unit_of_work():
    """Commit what the block did once at its end; roll it all back on any exception or refusal."""
    try:
        yield
    except BaseException:
        rollback()
        raise
    finish()


def attempt(operation, *args, **kwargs):
    """Run a service for a view that shows its refusal on the page: on refusal, roll back at once,
    so that the page drawn with the problems shows the data as it stands, not as half changed."""
    try:
        return operation(*args, **kwargs)
    except Refusal:
        rollback()
        raise


def declare_write() -> None:
    """A GET that writes (the audit entry of a print, an export or a lookup) says so before it
    writes, so that SQLite begins its transaction with the write lock (see `database.py`) instead
    of failing on "database is locked" when another request writes at the same moment. What the
    request read so far was read only: ending that transaction loses nothing. PostgreSQL locks
    rows as they are written, so there the transaction simply goes on."""
    if not g.get("write_intent"):
        if db.engine.dialect.name == "sqlite":  # elsewhere a transaction takes row locks as it writes
            rollback()
        g.write_intent = True


def reads_first(view):
    """A POST that reads to check before it writes: its transaction begins as a read (deferred on
    SQLite), and the view calls `declare_write` before it writes (see `database.py`)."""
    view.reads_first = True
    return view


def install(app: Flask) -> None:
    """Every request is one unit of work, committed before its response leaves.

    A server error (5xx) or a refusal rolls it back. A client error (4xx) is an answer, not a
    failure of the work: a failed login's record of the attempt is kept (the throttle needs it).
    A commit that fails raises here, and the user sees the error page, not a false success.
    """

    @app.after_request
    def end_unit_of_work(response):
        finish(failed=response.status_code >= 500)
        return response


class CommandGroup(AppGroup):
    """A CLI group whose every command is one unit of work: committed when it returns, rolled back
    when it raises, exits with a failure status (a bad file's exit 2 included) or was refused."""

    def command(self, *args, **kwargs):
        register = super().command(*args, **kwargs)

        def decorator(callback):
            @wraps(callback)
            def in_unit_of_work(*a, **k):
                try:
                    result = callback(*a, **k)
                except SystemExit as stop:
                    finish(failed=bool(stop.code))
                    raise
                except BaseException as error:
                    finish(failed=getattr(error, "exit_code", 1) != 0)
                    raise
                finish()
                return result

            return register(in_unit_of_work)

        return decorator
