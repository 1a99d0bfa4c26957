"""The issuance API of docs/api.md, as the tablet uses it: session and CSRF token, the places of
this issuer only, search by name or card, 201 / 200 for the same key / 409 with where and when /
422 with the reason, the live turnout; and under parallel requests, never a double issue."""
import http.cookiejar
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from sqlalchemy import func, select

from elections import create_app
from elections.clock import beijing_today
from elections.extensions import db
from elections.polling.models import BallotIssue
from support.accounts import IN_COMMITTEE, login
from support.apps import base_config, serving
from support.polling_data import issuer, place, published_election, scrutineers

TODAY = beijing_today()


@pytest.fixture
def ready(app):
    """多福巷 on its election day: a central venue and a station, each with its issuer."""
    election = published_election(IN_COMMITTEE, TODAY)
    central = place(election, "central")
    station = place(election, "station", voters=[41, 42], staff=scrutineers(31))
    user, password = issuer(central, 30)
    other, other_password = issuer(station, 35)
    return {"election": election, "central": central.id, "station": station.id, "user": user.username,
            "password": password, "other": other.username, "other_password": other_password}


def token_of(client) -> str:
    page = client.get("/issue").get_data(as_text=True)
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)


def post(client, place_id, body, token):
    return client.post(f"/api/issuance/places/{place_id}/issue", json=body, headers={"X-CSRFToken": token})


def test_r_poll_3_the_api_issues_once_answers_a_retry_with_the_same_issue_and_refuses_a_second(app, ready):
    client = app.test_client()
    login(client, ready["user"], ready["password"])
    app.config["WTF_CSRF_ENABLED"] = True  # as in production, for the API's requests
    assert client.get("/").headers["Location"].endswith("/issue")
    token = token_of(client)
    assert client.get("/api/issuance/places").get_json() == [
        {"id": ready["central"], "name": "中心会场", "kind": "central", "election": IN_COMMITTEE,
         "kind_label": "中心会场", "issued": 0}]
    found = client.get(f"/api/issuance/places/{ready['central']}/voters?q=居民0043").get_json()
    assert found == [{"card": "0043", "name": "居民0043", "household": "H0043", "elector": True, "proxies": [],
                      "issued": None}]
    assert [p["card"] for p in client.get(f"/api/issuance/places/{ready['central']}/voters?q=43").get_json()] == [
        "0043"]
    assert client.get(f"/api/issuance/places/{ready['central']}/voters?q=0041").get_json() == []  # the station's
    key = str(uuid.uuid4())
    missing = client.post(f"/api/issuance/places/{ready['central']}/issue", json={"card": "0043", "key": key})
    assert missing.status_code == 400 and "error" in missing.get_json()  # no CSRF token: nothing issued
    first = post(client, ready["central"], {"card": "0043", "key": key}, token)
    assert first.status_code == 201 and first.get_json()["name"] == "居民0043"
    again = post(client, ready["central"], {"card": "0043", "key": key}, token)
    assert again.status_code == 200 and again.get_json() == first.get_json()
    assert first.get_json()["card"] == 43 and first.get_json()["place_id"] == ready["central"]
    second = post(client, ready["central"], {"card": "43", "key": str(uuid.uuid4())}, token)
    assert second.status_code == 409
    assert second.get_json()["place"] == "中心会场" and second.get_json()["at"] == first.get_json()["at"]
    assert "R-POLL-3" in second.get_json()["error"]
    stranger = post(client, ready["central"], {"card": "0041", "key": str(uuid.uuid4())}, token)
    assert stranger.status_code == 422 and stranger.get_json()["rule"] == "R-POLL-3"
    unknown = post(client, ready["central"], {"card": "9999", "key": str(uuid.uuid4())}, token)
    assert unknown.status_code == 422
    assert post(client, ready["station"], {"card": "0041", "key": str(uuid.uuid4())}, token).status_code == 404
    bad = client.post(f"/api/issuance/places/{ready['central']}/issue", data="card=1",
                      headers={"X-CSRFToken": token, "Content-Type": "application/x-www-form-urlencoded"})
    assert bad.status_code == 400 and "error" in bad.get_json()
    turnout = client.get(f"/api/issuance/elections/{IN_COMMITTEE}/turnout").get_json()
    assert (turnout["electorate"], turnout["issued"]) == (60, 1)
    assert {p["name"]: p["issued"] for p in turnout["places"]} == {"中心会场": 1, "第一投票站": 0}
    assert db.session.scalar(select(func.count()).select_from(BallotIssue)) == 1
    assert db.session.scalar(select(BallotIssue.issued_by)) == ready["user"]  # the register says who issued


def test_an_issuer_reaches_the_issuance_screen_and_nothing_else(app, ready):
    client = app.test_client()
    assert client.get("/api/issuance/places").status_code == 401
    assert client.get("/api/issuance/places").get_json()["error"]
    login(client, ready["user"], ready["password"])
    round_id = ready["election"].round_id
    for path in (f"/rounds/{round_id}/polling/{IN_COMMITTEE}", f"/rounds/{round_id}/rolls/{IN_COMMITTEE}",
                 f"/geo/{IN_COMMITTEE}", "/rounds/"):
        assert client.get(path).status_code == 403, path
    assert client.get("/api/issuance/elections/110102001001/turnout").status_code == 403


def _session(base: str, username: str, password: str):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    form = opener.open(base + "/login", timeout=60).read().decode()
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    opener.open(base + "/login", data=urllib.parse.urlencode(
        {"username": username, "password": password, "csrf_token": csrf}).encode(), timeout=60).read()
    page = opener.open(base + "/issue", timeout=60).read().decode()
    return opener, re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)


def _send(opener, token, url, body) -> int:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "X-CSRFToken": token})
    try:
        with opener.open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_r_poll_3_parallel_requests_never_issue_twice(databases):
    """Eighteen requests at once: two people at six tablets each under different keys, and one
    request sent six times with the same key."""
    url = databases.fresh()
    app = create_app(base_config(url))
    with app.app_context():
        setup = {}
        election = published_election(IN_COMMITTEE, TODAY)
        central = place(election, "central")
        station = place(election, "station", voters=[41, 42], staff=scrutineers(31))
        for target, number in ((central, 30), (station, 35)):
            user, password = issuer(target, number)
            setup[target.id] = (user.username, password)
        central_id = central.id
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    with serving(databases, url) as (served, base):
        sessions = {place_id: [_session(base, *login_) for _ in range(6)] for place_id, login_ in setup.items()}
        statuses, same_key = [], str(uuid.uuid4())
        barrier = threading.Barrier(18)

        def tablet(place_id, opener, token, card, key):
            barrier.wait()
            statuses.append((card, key == same_key, _send(opener, token, f"{base}/api/issuance/places/{place_id}/issue",
                                                            {"card": card, "key": key})))

        threads = []
        for place_id, openers in sessions.items():
            for opener, token in openers:
                if place_id == central_id:  # the same request sent six times: one issue
                    threads.append(threading.Thread(target=tablet, args=(place_id, opener, token, "0050", same_key)))
                else:  # two people at six tablets of the station at once, each under its own key
                    for card in ("0041", "0042"):
                        threads.append(threading.Thread(target=tablet, args=(place_id, opener, token, card,
                                                                             str(uuid.uuid4()))))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with served.app_context():
            issued = db.session.execute(select(BallotIssue.voter_id, func.count()).group_by(BallotIssue.voter_id)).all()
            db.session.remove()
    assert sorted(count for _, count in issued) == [1, 1, 1]  # 0041, 0042 and 0050, once each
    by_card = {}
    for card, _same, status in statuses:
        by_card.setdefault(card, []).append(status)
    assert sorted(by_card["0050"]) == [200] * 5 + [201]  # one key: one issue, five answers with it
    assert sorted(by_card["0041"]) == sorted(by_card["0042"]) == [201] + [409] * 5
