"""The whole database as data: every row of every table, for tests that prove nothing was written."""
from sqlalchemy import select

from elections.extensions import db


def database_state() -> dict[str, list[tuple]]:
    """Every table's rows in primary-key order, each value as text (byte for byte what is stored)."""
    state = {}
    for table in db.metadata.sorted_tables:
        order = list(table.primary_key.columns) or list(table.columns)
        state[table.name] = [tuple(map(repr, row)) for row in db.session.execute(select(table).order_by(*order))]
    return state


def differences(before: dict, after: dict) -> dict[str, tuple[int, int]]:
    """The tables whose rows changed, with their row counts before and after."""
    return {name: (len(before[name]), len(after[name])) for name in before if before[name] != after[name]}
