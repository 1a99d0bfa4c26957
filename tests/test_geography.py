"""The administrative tree: import, idempotence, a changed list, malformed files, pages and search."""
import csv
import io

import pytest
from sqlalchemy import func, select

from support.accounts import login
from elections.audit.models import AuditEntry
from elections.extensions import db
from elections.geography import codes
from elections.geography.divisions_file import COLUMNS, DivisionsFileError, parse
from elections.geography.models import Committee, District, Division, Township
from elections.geography.services import import_divisions, shipped_list


def count(model, **filters):
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**filters))


def shipped_rows() -> list[dict]:
    return list(csv.DictReader(io.StringIO(shipped_list().decode("utf-8"))))


def to_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_shipped_list_counts(app):
    assert count(District) == 16
    assert count(Township) == 336
    assert count(Committee) == 7007
    assert count(Committee, kind="residential") == 3081
    assert count(Committee, kind="village") == 3926
    assert count(Township, kind="subdistrict") == 148
    assert count(Township, kind="area_office") == 63
    assert db.session.get(Division, codes.CITY_CODE).name == "北京市"
    duofu = db.session.get(Committee, "110101001001")
    assert (duofu.name, duofu.kind, duofu.urban_rural_code) == ("多福巷社区居委会", "residential", "111")
    assert duofu.parent.parent.name == "东城区"


def test_reimport_is_idempotent(app, runner):
    before = db.session.scalar(select(func.count()).select_from(AuditEntry))
    result = runner.invoke(args=["geo", "import"])
    assert result.exit_code == 0, result.output
    assert "0" in result.output and "7360" not in result.output
    assert import_divisions(shipped_list()).unchanged
    assert count(Division) == 7360
    # An import that changes nothing leaves no trace in the audit log.
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == before


def test_changed_list_renames_adds_and_retires(app, runner, tmp_path):
    rows = shipped_rows()
    renamed = next(r for r in rows if r["code"] == "110101001001")
    renamed["name"] = "多福巷社区居民委员会"
    retired = "110101001002"
    rows = [r for r in rows if r["code"] != retired]
    rows.append({**renamed, "code": "110101001099", "name": "新建社区居委会"})
    path = tmp_path / "newer.csv"
    path.write_text(to_csv(rows), encoding="utf-8")

    result = runner.invoke(args=["geo", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "110101001001" in result.output and "多福巷社区居民委员会" in result.output
    assert retired in result.output and "110101001099" in result.output

    db.session.expire_all()
    assert db.session.get(Committee, "110101001001").name == "多福巷社区居民委员会"
    gone = db.session.get(Committee, retired)
    assert gone is not None and gone.active is False  # never deleted: past rounds refer to it
    assert db.session.get(Committee, "110101001099").active
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "geo.import").order_by(AuditEntry.id.desc())).first()
    assert entry.after["retired"] == [retired]

    # The old list again: the retired unit comes back, the new one is retired.
    report = import_divisions(shipped_list())
    assert report.reactivated == [retired] and report.retired == ["110101001099"]
    assert report.renamed == [("110101001001", "多福巷社区居民委员会", "多福巷社区居委会")]


def test_malformed_list_is_rejected_whole_with_line_numbers(app, runner, tmp_path):
    rows = shipped_rows()
    rows[5]["code"] = "11010100100X"  # line 7 (header is line 1)
    rows[9]["kind"] = "hamlet"  # line 11
    rows[20]["parent_code"] = "110199001000"  # line 22
    rows.append(dict(rows[30]))  # a duplicate at the end
    rows[0]["name"] = "东城区（改）"  # a valid change that must not be applied
    path = tmp_path / "bad.csv"
    path.write_text(to_csv(rows), encoding="utf-8")

    result = runner.invoke(args=["geo", "import", str(path)])
    assert result.exit_code == 2
    out = result.output
    for line in (7, 11, 22, len(rows) + 1):
        assert f"第 {line} 行" in out, out
    assert "hamlet" in out and "110199001000" in out and "11010100100X" in out
    assert "未作任何更改" in out
    db.session.expire_all()
    assert db.session.get(District, "110101000000").name == "东城区"


@pytest.mark.parametrize("content, message", [
    (b"\xff\xfe\x00garbage", "UTF-8"),
    ("code,name\n110101000000,东城区\n".encode(), "code,name,level"),
    ("".encode(), "code,name,level"),
    ((",".join(COLUMNS) + "\n").encode(), "没有"),
])
def test_files_that_are_not_division_lists(app, content, message):
    with pytest.raises(DivisionsFileError) as excinfo:
        parse(content)
    assert message in str(excinfo.value)


def test_codes_are_pure_prefix_logic():
    assert codes.level_of("110000000000") == "city"
    assert codes.level_of("110101000000") == "district"
    assert codes.level_of("110101001000") == "township"
    assert codes.level_of("110101001001") == "committee"
    assert codes.within("110000000000", "110229105213")
    assert codes.within("110101000000", "110101001001")
    assert not codes.within("110101000000", "110102001001")
    assert not codes.within("110101001000", "110101002001")
    assert not codes.within("110101001001", "110101001000")  # a committee does not see its township
    assert not codes.within("110101001000", "110101001")  # a bare prefix is not a unit
    assert codes.ancestors("110101001001") == ["110000000000", "110101000000", "110101001000"]


def test_city_page_lists_districts_with_counts(client):
    login(client, "city")
    page = client.get("/geo/").get_data(as_text=True)
    assert page.count('href="/geo/1101') >= 16
    # 东城区: 17 subdistricts, 179 residents' committees, 0 villages in the 2016 list.
    row = page.split("110101000000", 1)[1].split("</tr>")[0]
    cells = [c.split("</td>")[0].strip() for c in row.split('<td class="text-end">')[1:]]
    expected = {
        "townships": count(Township, parent_code="110101000000"),
        "residential": db.session.scalar(select(func.count()).where(
            Division.code.like("110101%"), Division.level == "committee", Division.kind == "residential")),
    }
    assert cells[:2] == [str(expected["townships"]), str(expected["residential"])]
    assert "3081" in page and "3926" in page and "336" in page


def test_unit_page_has_breadcrumbs_and_children(client):
    login(client, "city")
    page = client.get("/geo/110101001000").get_data(as_text=True)
    assert "北京市" in page and "东城区" in page and "东华门街道办事处" in page
    assert "多福巷社区居委会" in page and "110101001001" in page
    committee = client.get("/geo/110101001001").get_data(as_text=True)
    assert 'breadcrumb-item active' in committee and "东华门街道办事处" in committee


def test_unknown_unit_is_404(client):
    login(client, "city")
    assert client.get("/geo/110199999999").status_code == 404


def test_retired_units_are_shown_as_retired(client):
    login(client, "city")
    unit = db.session.get(Committee, "110101001002")
    unit.active = False
    db.session.commit()
    page = client.get("/geo/110101001000").get_data(as_text=True)
    row = page.split("110101001002", 1)[1].split("</tr>")[0]
    assert "已撤销" in row


def test_search_by_name_and_code(client):
    login(client, "city")
    by_name = client.get("/geo/search?q=多福巷", headers={"Accept": "application/json"}).get_json()
    assert [d["code"] for d in by_name] == ["110101001001"]
    by_code = client.get("/geo/search?q=110101001", headers={"Accept": "application/json"}).get_json()
    assert by_code[0]["code"] == "110101001000" and all(d["code"].startswith("110101001") for d in by_code)
    html = client.get("/geo/search?q=雁栖").get_data(as_text=True)
    assert "雁栖地区办事处" in html and "ms" in html
    # LIKE wildcards in the query are literal.
    assert client.get("/geo/search?q=%25", headers={"Accept": "application/json"}).get_json() == []


def test_search_stays_inside_jurisdiction(client):
    login(client, "district_out")  # 西城区
    found = client.get("/geo/search?q=社区", headers={"Accept": "application/json"}).get_json()
    assert found and all(d["code"].startswith("110102") for d in found)
    assert client.get("/geo/search?q=多福巷", headers={"Accept": "application/json"}).get_json() == []
