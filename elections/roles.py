"""The roles of the system and the level of the unit each is bound to.

Plain data, importable by the pure modules and the views alike.
"""
from enum import StrEnum


class Role(StrEnum):
    city_admin = "city_admin"
    district_official = "district_official"
    township_official = "township_official"
    election_committee = "election_committee"
    clerk = "clerk"
    observer = "observer"
    department = "department"  # a vetting department (公安, 法院, …): answers the ten-cannot items
    issuer = "issuer"  # 发票员: issues ballots at their polling places on election day, nothing else (R-POLL-3)


ALL_ROLES = frozenset(Role)
OFFICIALS = frozenset({Role.city_admin, Role.district_official, Role.township_official})
# Everybody who may read the administrative tree and the unit pages; clerks only enter tallies,
# departments only answer the vetting queue of their jurisdiction (R-CAND-3).
# issuers only issue ballots at their places.
READERS = ALL_ROLES - {Role.clerk, Role.department, Role.issuer}
# Who manages a committee's roll and candidates: the officials above it and its election committee.
MANAGERS = OFFICIALS | {Role.election_committee}
ACCOUNT_MANAGERS = frozenset({Role.city_admin, Role.district_official})

# The level of unit each role is bound to (None: any level).
ROLE_LEVEL = {
    Role.city_admin: "city",
    Role.district_official: "district",
    Role.township_official: "township",
    Role.election_committee: "committee",
    Role.clerk: "committee",
    Role.observer: None,
    Role.department: None,
    Role.issuer: "committee",
}

# Roles a manager may give, by the manager's role: only roles below their own.
GRANTABLE = {
    Role.city_admin: frozenset(ALL_ROLES),
    Role.district_official: frozenset(
        {Role.township_official, Role.election_committee, Role.clerk, Role.observer, Role.department, Role.issuer}
    ),
    # Issuers' accounts are made where their places are prepared, by those who prepare them.
    Role.township_official: frozenset({Role.issuer}),
    Role.election_committee: frozenset({Role.issuer}),
}
