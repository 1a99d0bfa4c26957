"""Services in tests as a request or a command runs them: one unit of work, whole or not at all.

Services only flush (see `elections.transactions`). A test that calls one directly and expects a
refusal must also undo what the service flushed before it refused, as the request's rollback would;
both helpers do it with a savepoint, so that the test's own setup before it stays.
"""
from contextlib import contextmanager

import pytest

from elections.extensions import db
from elections.transactions import REFUSED, Refusal


def save(operation, *args, **kwargs):
    """Run `operation` and commit it (with the test's setup before it), or undo it and re-raise."""
    try:
        with db.session.begin_nested():
            result = operation(*args, **kwargs)
    except Refusal:
        db.session.info.pop(REFUSED, None)
        raise
    db.session.commit()
    return result


@contextmanager
def refused(error=Refusal, **match):
    """Expect the block to be refused with `error`, and undo what it flushed before refusing."""
    with pytest.raises(error, **match) as info:
        with db.session.begin_nested():
            yield info
    db.session.info.pop(REFUSED, None)
