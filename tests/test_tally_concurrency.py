"""Two clerks saving the same sheet at the same moment, against the served app (CSRF on, each in
its own session): one save wins, the other is told (409) and shown the sheet as it stands; no entry
is lost or doubled (blind double entry, R-POLL-4). Run on SQLite and on PostgreSQL."""
import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

from sqlalchemy import select

from elections import create_app
from elections.clock import beijing_today
from elections.extensions import db
from elections.tallies.models import TallyEntry
from support.accounts import IN_COMMITTEE, PASSWORD
from support.apps import base_config, serving
from support.tally_data import clerk2, form, voted

CLEAR = {1: 31, 2: 15, 3: 30, 4: 16, 5: 40, 6: 38, 7: 36, 8: 30, 9: 20}


def _session(base: str, username: str):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(base + "/login", timeout=60).read().decode()
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    opener.open(base + "/login", data=urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrf_token": csrf}).encode(), timeout=60).read()
    return opener


def _read(opener, url):
    page = opener.open(url, timeout=60).read().decode()
    return (re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1),
            re.search(r'name="version" value="(\d+)"', page).group(1))


def _post(opener, url, data) -> tuple[int, str]:
    try:
        with opener.open(url, data=urllib.parse.urlencode(data).encode(), timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_two_clerks_save_one_sheet_at_once_one_wins_the_other_is_told(databases):
    url = databases.fresh()
    app = create_app(base_config(url))
    with app.app_context():
        election, ballot, (central,) = voted(beijing_today())
        clerk2()
        data = form(ballot, issued=50, found=50, votes=CLEAR)
        sheet_url = f"/rounds/{election.round_id}/count/{IN_COMMITTEE}/ballots/1/boxes/{central.id}"
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    with serving(databases, url) as (served, base):
        clerks = {name: _session(base, name) for name in ("clerk", "clerk2")}
        read = {name: _read(opener, base + sheet_url) for name, opener in clerks.items()}
        assert {version for _token, version in read.values()} == {"0"}  # both read the empty sheet
        barrier, answers = threading.Barrier(2), {}

        def save(name):
            token, version = read[name]
            barrier.wait()
            answers[name] = _post(clerks[name], base + sheet_url,
                                  {**data, "csrf_token": token, "version": version, "mode": "enter"})

        threads = [threading.Thread(target=save, args=(name,)) for name in clerks]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        statuses = sorted(status for status, _page in answers.values())
        assert statuses == [200, 409]  # 200: the redirect followed to the count page
        loser = next(name for name, (status, _page) in answers.items() if status == 409)
        told = answers[loser][1]
        assert "保存" in told and 'name="version" value="1"' in told  # told, and shown the sheet as it stands
        # The loser saves again on the version now shown: the second entry, equal, so final.
        token, version = _read(clerks[loser], base + sheet_url)
        status, _page = _post(clerks[loser], base + sheet_url,
                              {**data, "csrf_token": token, "version": version, "mode": "enter"})
        assert status == 200
        with served.app_context():
            entries = db.session.scalars(select(TallyEntry).order_by(TallyEntry.id)).all()
            assert sorted(e.username for e in entries) == ["clerk", "clerk2"]
            assert entries[0].sheet.status == "final"
            db.session.remove()
