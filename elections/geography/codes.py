"""Division codes (统计用区划代码) and jurisdiction, as pure functions.

A 12-digit NBS code carries its own ancestry: the district is the first 6 digits, the township
the first 9. So "is this unit inside that official's jurisdiction" is a prefix test that needs no
database query, which keeps the access check cheap on every request.
"""
import re

CITY_CODE = "110000000000"
CODE_RE = re.compile(r"11\d{10}")
LEVELS = ("city", "district", "township", "committee")
TOWNSHIP_KINDS = ("subdistrict", "town", "township", "area_office", "special")
COMMITTEE_KINDS = ("residential", "village")
URBAN_RURAL_CODES = ("111", "112", "121", "122", "123", "210", "220")


def is_code(value: str) -> bool:
    return bool(CODE_RE.fullmatch(value or ""))


def level_of(code: str) -> str:
    if code == CITY_CODE:
        return "city"
    if code.endswith("000000"):
        return "district"
    if code.endswith("000"):
        return "township"
    return "committee"


def scope_prefix(code: str) -> str:
    """The code prefix shared by every unit in the subtree of `code`."""
    return {"city": code[:2], "district": code[:6], "township": code[:9], "committee": code}[
        level_of(code)
    ]


def within(ancestor: str, code: str) -> bool:
    """True when `code` is `ancestor` itself or lies in its subtree (never for a malformed code)."""
    return is_code(code) and code.startswith(scope_prefix(ancestor))


def ancestors(code: str) -> list[str]:
    """The codes from the city down to the parent of `code`."""
    chain = []
    level = level_of(code)
    if level != "city":
        chain.append(CITY_CODE)
    if level in ("township", "committee"):
        chain.append(code[:6] + "000000")
    if level == "committee":
        chain.append(code[:9] + "000")
    return chain
