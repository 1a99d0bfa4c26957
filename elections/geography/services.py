"""Loading the administrative tree and answering questions about it."""
import re
from dataclasses import dataclass, field
from importlib import resources

from sqlalchemy import bindparam, case, func, insert, or_, select, update
from sqlalchemy.orm import aliased

from ..audit.services import record
from ..extensions import db
from ..messages import N_, Problem
from ..transactions import Refusal
from .codes import CITY_CODE, ancestors, scope_prefix, within
from .divisions_file import DivisionRow, parse
from .models import Division

CITY_NAME = "北京市"
SHIPPED_LIST = "beijing_divisions.csv"
# Higher levels first: searching 朝阳 should show 朝阳区 before the communities named after it.
LEVEL_RANK = case({"city": 0, "district": 1, "township": 2}, value=Division.level, else_=3)


def shipped_list() -> bytes:
    return resources.files(__package__).joinpath("data", SHIPPED_LIST).read_bytes()


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)  # code, old name, new name
    changed: list[str] = field(default_factory=list)  # kind, parent or urban-rural code changed
    retired: list[str] = field(default_factory=list)
    reactivated: list[str] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.renamed or self.changed or self.retired or self.reactivated)


def _values(row: DivisionRow) -> dict:
    return {
        "code": row.code,
        "name": row.name,
        "level": row.level,
        "parent_code": row.parent_code or (CITY_CODE if row.level == "district" else None),
        "kind": row.kind,
        "urban_rural_code": row.urban_rural_code,
        "active": True,
    }


def import_divisions(data: bytes | str, actor=None) -> ImportReport:
    """Bring the tree in line with a divisions list, in the caller's unit of work.

    Idempotent; never deletes (past rounds refer to units), retires what the list no longer has.
    Raises DivisionsFileError, having written nothing, when the list is malformed.
    """
    rows = parse(data)
    wanted = {CITY_CODE: {"code": CITY_CODE, "name": CITY_NAME, "level": "city", "parent_code": None,
                          "kind": "city", "urban_rural_code": None, "active": True}}
    wanted.update((r.code, _values(r)) for r in rows)
    columns = ("name", "level", "parent_code", "kind", "urban_rural_code", "active")
    existing = {
        r.code: r._asdict()
        for r in db.session.execute(select(Division.__table__.c["code", *columns]))
    }
    report = ImportReport()
    new, updates = [], []
    for code, values in wanted.items():
        old = existing.get(code)
        if old is None:
            new.append(values)
            report.added.append(code)
            continue
        if all(old[c] == values[c] for c in columns):
            continue
        if old["name"] != values["name"]:
            report.renamed.append((code, old["name"], values["name"]))
        if not old["active"]:
            report.reactivated.append(code)
        if any(old[c] != values[c] for c in ("level", "parent_code", "kind", "urban_rural_code")):
            report.changed.append(code)
        updates.append({"b_code": code, **values})
    retired = sorted(code for code, old in existing.items() if old["active"] and code not in wanted)
    report.retired.extend(retired)

    table = Division.__table__
    if new:
        db.session.execute(insert(table), sorted(new, key=lambda v: v["code"]))
    if updates:
        db.session.execute(
            update(table).where(table.c.code == bindparam("b_code")),
            [{k: v for k, v in u.items() if k != "code"} for u in updates],
            execution_options={"synchronize_session": False},
        )
    if retired:
        db.session.execute(update(table).where(table.c.code.in_(retired)).values(active=False))
    if not report.unchanged:
        record(actor, CITY_CODE, "geo.import", "divisions", CITY_CODE, after={
            "added": len(report.added),
            "renamed": [list(r) for r in report.renamed],
            "changed": report.changed,
            "retired": report.retired,
            "reactivated": report.reactivated,
        })
    db.session.flush()
    return report


def get_unit(code: str) -> Division | None:
    return db.session.get(Division, code)


def child_counts(parent: Division) -> dict[str, dict[str, int]]:
    """For each active child of `parent`: its active townships and residential/village committees.

    One grouped query over the subtree, whatever its size.
    """
    child_len = {"city": 6, "district": 9, "township": 12}.get(parent.level)
    if child_len is None:
        return {}
    t = Division.__table__
    child = func.substr(t.c.code, 1, child_len)
    rows = db.session.execute(
        select(
            child.label("child"),
            func.sum(case((t.c.level == "township", 1), else_=0)).label("townships"),
            func.sum(case(((t.c.level == "committee") & (t.c.kind == "residential"), 1), else_=0)).label("residential"),
            func.sum(case(((t.c.level == "committee") & (t.c.kind == "village"), 1), else_=0)).label("village"),
        )
        .where(t.c.code.like(scope_prefix(parent.code) + "%"), t.c.active, t.c.code != parent.code)
        .group_by(child)
    )
    return {r.child: {"townships": r.townships, "residential": r.residential, "village": r.village} for r in rows}


def children(parent: Division, include_inactive: bool = False) -> list[Division]:
    query = select(Division).where(Division.parent_code == parent.code).order_by(Division.code)
    if not include_inactive:
        query = query.where(Division.active)
    return list(db.session.scalars(query))


def breadcrumbs(unit: Division) -> list[Division]:
    codes = ancestors(unit.code)
    found = {d.code: d for d in db.session.scalars(select(Division).where(Division.code.in_(codes)))}
    return [found[c] for c in codes if c in found]


def search(query: str, within_code: str, limit: int = 50) -> list[Division]:
    """Units whose name contains `query` or whose code starts with it, inside a jurisdiction.

    A LIKE over ~7,400 rows: measured well under 100 ms (bench/geo_search.py), so no search index.
    """
    query = query.strip()
    if not query:
        return []
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    stmt = (
        select(Division)
        .where(
            Division.code.like(scope_prefix(within_code) + "%"),
            or_(Division.name.like(f"%{escaped}%", escape="\\"), Division.code.like(f"{escaped}%", escape="\\")),
        )
        .order_by(Division.active.desc(), LEVEL_RANK, func.length(Division.name), Division.code)
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def committees_under(unit: Division) -> list[tuple[Division, str, str]]:
    """Active committees in the subtree of `unit`, with their township's and district's names."""
    township, district = aliased(Division), aliased(Division)
    return list(db.session.execute(
        select(Division, township.name, district.name)
        .join(township, township.code == Division.parent_code)
        .join(district, district.code == township.parent_code)
        .where(Division.level == "committee", Division.active,
               Division.code.like(scope_prefix(unit.code) + "%"))
        .order_by(Division.code)
    ))


UNIT_CODE_IN_TEXT = re.compile(r"(?<!\d)(11\d{10})(?!\d)")


def resolve(text: str, within_code: str) -> tuple[Division | None, list[Division]]:
    """The unit a person typed, by name or code, inside a jurisdiction: a 12-digit code anywhere in
    the text (as the picker fills it: "东华门街道办事处 110101001000"), else the one unit of that
    exact name, else the one unit whose name contains it. Otherwise None, with the candidates to
    choose from (none when nothing matches)."""
    found = UNIT_CODE_IN_TEXT.search(text or "")
    if found:
        unit = get_unit(found.group(1))
        return (unit, []) if unit is not None and within(within_code, unit.code) else (None, [])
    candidates = search(text, within_code, limit=10)
    exact = [d for d in candidates if d.name == text.strip()]
    if len(exact) == 1:
        return exact[0], []
    if len(candidates) == 1:
        return candidates[0], []
    return None, exact or candidates


class AuthorityError(Refusal):
    pass


def set_issuing_authority(township: Division, name: str, actor=None) -> None:
    """The name certificates of election give their issuing authority (R-CERT-2), when the
    customary one (authority.customary_name) is not the name on the township's seal; empty: the
    customary name again."""
    name = " ".join((name or "").split())
    if len(name) > 100:
        raise AuthorityError([Problem(N_("The name of the issuing authority has at most 100 characters."),
                                      field="issuing_authority")])
    before = township.issuing_authority
    if before == (name or None):
        return
    township.issuing_authority = name or None
    record(actor, township.code, "unit.issuing_authority", "unit", township.code,
           before={"issuing_authority": before}, after={"issuing_authority": township.issuing_authority})
    db.session.flush()
