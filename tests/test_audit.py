"""The audit log page: action names and changes in words, 50 entries a page, filters by unit, actor,
action and date kept in the URL, never wider than the jurisdiction; the filtered log as XLSX for
officials, itself audited."""
import io
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from support.accounts import login
from elections.audit.labels import ACTION_LABELS
from elections.audit.models import AuditEntry
from elections.extensions import db

BEIJING = timezone(timedelta(hours=8))


def add(action, actor, unit, at, object_id="1", before=None, after=None):
    db.session.add(AuditEntry(at=at, actor=actor, actor_id=None, unit_code=unit, action=action, object_type="voter",
                              object_id=object_id, before=before or {"name": "旧"}, after=after or {"name": "新"}))


def objects(page: str) -> set[str]:
    """The object ids the log lists (each entry adds its own: "voter 7")."""
    return set(re.findall(r"选民 (\d+)", page))


def test_filters(client):
    day = datetime(2026, 5, 10, 23, 30, tzinfo=BEIJING)  # 15:30 UTC: still 10 May in Beijing
    add("roll.import", "wang", "110101001001", day, "1")
    add("roll.publish", "li", "110101001002", day + timedelta(days=2), "2")
    add("vetting.decide", "wang", "110101002001", day + timedelta(days=5), "3")
    db.session.commit()
    login(client, "district")

    def shown(**query):
        return objects(client.get("/audit/", query_string=query).get_data(as_text=True))

    assert shown() == {"1", "2", "3"}
    assert shown(actor="wang") == {"1", "3"}
    assert shown(action="roll.") == {"1", "2"}
    assert shown(action="roll.publish") == {"2"}
    assert shown(action="%") == set()  # a wildcard is a character, not a pattern
    assert shown(unit="110101001000") == {"1", "2"}
    assert shown(unit="110101001001") == {"1"}
    # The unit by name, or as the picker fills it ("name code"), as well as by code.
    assert shown(unit="多福巷社区居委会") == shown(unit="多福巷社区居委会 110101001001") == {"1"}
    assert shown(**{"from": "2026-05-10", "to": "2026-05-10"}) == {"1"}
    assert shown(**{"from": "2026-05-11"}) == {"2", "3"}
    assert shown(**{"from": "not a date"}) == {"1", "2", "3"}
    # A unit filter outside the jurisdiction falls back to the user's own unit, never wider.
    assert shown(unit="110000000000") == {"1", "2", "3"}


def test_actions_and_changes_are_in_words(client):
    add("account.create", "wang", "110101001001", datetime(2026, 5, 10, 15, 30, tzinfo=timezone.utc),
        before={"role": "observer", "active": True}, after={"role": "township_official", "active": False,
                                                           "items": ["TC-1", "TC-2"]})
    db.session.commit()
    login(client, "township")
    page = client.get("/audit/").get_data(as_text=True)
    assert "2026-05-10 23:30:00" in page  # Beijing time
    assert "创建账号" in page and "account.create" not in page.split('id="audit"')[1]
    changes = page.split('class="table table-sm table-borderless mb-0 changes"')[1].split("</table>")[0]
    # One row per field, before and after in words: no JSON.
    assert re.search(r"角色</th>\s*<td>观察员</td><td>街道（乡镇）工作人员</td>", changes)  # codes in words
    assert re.search(r"启用</th>\s*<td>是</td><td>否</td>", changes)
    assert "TC-1、TC-2" in changes and "{" not in changes and "&#34;" not in changes
    english = client.get("/lang/en", headers={"Referer": "http://localhost/audit/"})
    assert english.status_code == 302
    assert "Account created" in client.get("/audit/").get_data(as_text=True)


def test_every_action_recorded_has_a_name():
    """Every action code the app records (a string "stage.what" passed to record or as an audit
    action) has a label: none reaches the page as a bare code."""
    source = "\n".join(p.read_text() for p in Path("elections").rglob("*.py"))
    recorded = set(re.findall(r'record\([^,]+, [^,]+, "([a-z_]+\.[a-z_.]+)"', source))
    recorded |= set(re.findall(r'action="([a-z_]+\.[a-z_.]+)"', source))
    recorded |= {"lookup." + what for what in re.findall(r'personal_lookup\([^,]+, "([a-z_]+)"', source)}
    recorded |= set(re.findall(r'"(roll\.voter\.[a-z]+)"', source))
    assert len(recorded) > 35
    assert recorded - set(ACTION_LABELS) == set()


def test_fifty_a_page_with_the_filters_kept(client):
    base = datetime(2026, 5, 1, tzinfo=BEIJING)
    for i in range(105):
        add("roll.voter.add", "wang", "110101001001", base + timedelta(minutes=i), str(1000 + i))
    add("roll.publish", "wang", "110101001001", base, "999")
    db.session.commit()
    login(client, "township")
    first = client.get("/audit/?action=roll.voter.add&actor=wang").get_data(as_text=True)
    assert objects(first) == {str(1000 + i) for i in range(55, 105)}
    older = re.search(r'href="(/audit/\?[^"]*page=2[^"]*)"', first).group(1).replace("&amp;", "&")
    assert "action=roll.voter.add" in older and "actor=wang" in older
    second = client.get(older).get_data(as_text=True)
    assert objects(second) == {str(1000 + i) for i in range(5, 55)}
    third = client.get(older.replace("page=2", "page=3")).get_data(as_text=True)
    assert objects(third) == {str(1000 + i) for i in range(5)}  # never the roll.publish entry


def test_the_export_is_the_filtered_log_for_officials_and_is_audited(client):
    add("roll.import", "wang", "110101001001", datetime(2026, 5, 10, tzinfo=BEIJING), "1",
        after={"name": "=HYPERLINK(\"x\")", "voters": 3})
    add("roll.publish", "li", "110101001001", datetime(2026, 5, 11, tzinfo=BEIJING), "2")
    add("roll.publish", "li", "110102001001", datetime(2026, 5, 11, tzinfo=BEIJING), "3")  # another district
    db.session.commit()
    login(client, "observer")
    page = client.get("/audit/").get_data(as_text=True)
    assert 'id="export"' not in page
    assert client.get("/audit/export.xlsx").status_code == 403
    client.post("/logout")
    login(client, "district")
    page = client.get("/audit/?actor=wang").get_data(as_text=True)
    link = re.search(r'id="export" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert "actor=wang" in link
    response = client.get(link)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("时间", "操作人", "单位", "操作", "操作代码")
    assert [r[4] for r in rows[1:]] == ["roll.import", "roll.import"]  # one row per field, wang's only
    assert {r[6]: r[8] for r in rows[1:]} == {"姓名": "'=HYPERLINK(\"x\")", "选民": "3"}  # neutralised
    everything = list(load_workbook(io.BytesIO(client.get("/audit/export.xlsx").data)).active.iter_rows(
        values_only=True))
    # The jurisdiction only: 110102… is another district's; the first export is in it too.
    assert sorted({r[5] for r in everything[1:] if r[5].startswith("选民")}) == ["选民 1", "选民 2"]
    exported = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "audit.export")
                                  .order_by(AuditEntry.id)).all()
    assert [(e.actor, e.after.get("actor")) for e in exported] == [("district", "wang"), ("district", None)]
    assert exported[0].after["rows"] == 1 and exported[1].after["rows"] >= 3  # entries, not rows
