"""The audit log page: filters by unit, actor, action and date, never wider than the jurisdiction."""
from datetime import datetime, timedelta, timezone

from support.accounts import login
from elections.audit.models import AuditEntry
from elections.extensions import db

BEIJING = timezone(timedelta(hours=8))


def add(action, actor, unit, at):
    db.session.add(AuditEntry(at=at, actor=actor, actor_id=None, unit_code=unit, action=action,
                              object_type="thing", object_id="1", before={"名称": "旧"}, after={"名称": "新"}))


def test_filters(client):
    day = datetime(2026, 5, 10, 23, 30, tzinfo=BEIJING)  # 15:30 UTC: still 10 May in Beijing
    add("roll.import", "wang", "110101001001", day)
    add("roll.publish", "li", "110101001002", day + timedelta(days=2))
    add("candidate.vet", "wang", "110101002001", day + timedelta(days=5))
    db.session.commit()
    login(client, "district")

    def actions(**query):
        page = client.get("/audit/", query_string=query).get_data(as_text=True)
        return {a for a in ("roll.import", "roll.publish", "candidate.vet") if a in page}

    assert actions() == {"roll.import", "roll.publish", "candidate.vet"}
    assert actions(actor="wang") == {"roll.import", "candidate.vet"}
    assert actions(action="roll.") == {"roll.import", "roll.publish"}
    assert actions(unit="110101001000") == {"roll.import", "roll.publish"}
    assert actions(unit="110101001001") == {"roll.import"}
    assert actions(**{"from": "2026-05-10", "to": "2026-05-10"}) == {"roll.import"}
    assert actions(**{"from": "2026-05-11"}) == {"roll.publish", "candidate.vet"}
    assert actions(**{"from": "not a date"}) == {"roll.import", "roll.publish", "candidate.vet"}
    # A unit filter outside the jurisdiction falls back to the user's own unit, never wider.
    assert actions(unit="110000000000") == {"roll.import", "roll.publish", "candidate.vet"}


def test_times_are_shown_in_beijing_time_and_chinese_is_readable(client):
    add("roll.import", "wang", "110101001001", datetime(2026, 5, 10, 15, 30, tzinfo=timezone.utc))
    db.session.commit()
    login(client, "township")
    page = client.get("/audit/?action=roll.import").get_data(as_text=True)
    assert "2026-05-10 23:30:00" in page
    assert "{&#34;名称&#34;: &#34;新&#34;}" in page or '{"名称": "新"}' in page


def test_paging(client):
    base = datetime(2026, 5, 1, tzinfo=BEIJING)
    for i in range(105):
        add(f"bulk.{i:03d}", "wang", "110101001001", base + timedelta(minutes=i))
    db.session.commit()
    login(client, "township")
    first = client.get("/audit/?action=bulk.").get_data(as_text=True)
    assert "bulk.104" in first and "bulk.004" not in first and "page=2" in first
    second = client.get("/audit/?action=bulk.&page=2").get_data(as_text=True)
    assert "bulk.004" in second and "bulk.104" not in second
