"""GET requests that write (the audit entry of every export and print) do not fail under concurrent
load: the finding was "database is locked" and then PendingRollbackError (500) on SQLite as soon as
two exports met. Eight users export and print at once, twenty times each, against a real threaded
server."""
import http.cookiejar
import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

from sqlalchemy import func, select

from elections import create_app
from elections.accounts.services import create_user
from elections.audit.models import AuditEntry
from elections.clock import beijing_today
from elections.extensions import db
from elections.rolls import services as rolls
from elections.rounds import services as rounds
from support.accounts import IN_COMMITTEE, IN_TOWNSHIP
from support.apps import base_config, serving
from support.rolls_data import person, planned

USERS, EXPORTS = 8, 20
PASSWORD = "export-horse-2026"


def _set_up(url: str) -> int:
    app = create_app(base_config(url))
    with app.app_context():
        today = beijing_today()
        round_ = rounds.open_round("2026年换届选举", today - timedelta(days=5), today + timedelta(days=80),
                                   village_term=12, residential_term=11, ruleset="national-2026")
        election = planned(round_, IN_COMMITTEE, election_day=today + timedelta(days=30))
        for n in range(1, 41):
            rolls.add_voter(election, person(n), today=today)
        rolls.publish(election, today=today)
        for i in range(USERS):
            create_user(f"exporter{i}", PASSWORD, "township_official", IN_TOWNSHIP)
        db.session.commit()
        round_id = round_.id
        db.session.remove()
        db.engine.dispose()
    return round_id


def _user_session(base: str, username: str):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    form = urllib.parse.urlencode({"username": username, "password": PASSWORD}).encode()
    opener.open(base + "/login", data=form, timeout=60).read()
    return opener


def test_eight_users_export_at_once_without_an_error(databases):
    url = databases.fresh()
    round_id = _set_up(url)
    with serving(databases, url, WTF_CSRF_ENABLED=False) as (app, base):
        failures, done = [], []
        # Mostly exports, and one request in nine a print of the published list: each writes its audit entry.
        paths = [f"/rounds/{round_id}/rolls/{IN_COMMITTEE}/export.xlsx",
                 f"/rounds/{round_id}/rolls/{IN_TOWNSHIP}/export.xlsx"] * 4 + [
                 f"/rounds/{round_id}/rolls/{IN_COMMITTEE}/versions/1/list.pdf"]

        def user(i: int):
            opener = _user_session(base, f"exporter{i}")
            for k in range(EXPORTS):
                try:
                    with opener.open(base + paths[k % len(paths)], timeout=120) as response:
                        body = response.read()
                        assert response.status == 200 and body[:4] in (b"PK\x03\x04", b"%PDF")
                    done.append(1)
                except (urllib.error.HTTPError, AssertionError) as error:
                    failures.append(f"exporter{i} #{k}: {error}")

        threads = [threading.Thread(target=user, args=(i,)) for i in range(USERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == [] and len(done) == USERS * EXPORTS
        with app.app_context():
            audited = db.session.scalar(select(func.count()).where(
                AuditEntry.action.in_(("roll.export", "roll.print"))))
            db.session.remove()
        assert audited == USERS * EXPORTS  # every export and print is in the audit log
