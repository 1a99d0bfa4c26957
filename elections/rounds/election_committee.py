"""The election committee (选举委员会) of one committee election. Pure: no Flask, no database."""
from collections.abc import Iterable

POSITIONS = ("chair", "deputy_chair", "member")


def must_leave(members: Iterable[tuple[int, str]], nominee_names: Iterable[str]) -> list[int]:
    """R-CAND-4: a member of the election committee who is nominated must leave it.

    Names are unique within a committee (record-format.md), so a nominee is matched by name.
    Returns the ids of the members who must leave.
    """
    nominated = {name.strip() for name in nominee_names}
    return [member_id for member_id, name in members if name.strip() in nominated]
