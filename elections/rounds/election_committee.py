"""The election committee (选举委员会) of one committee election. Pure: no Flask, no database.

Who must leave it because of a nomination (R-CAND-4) is `candidates.conflicts.must_withdraw`.
"""
POSITIONS = ("chair", "deputy_chair", "member")
