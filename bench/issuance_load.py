"""Election day under load: the issue endpoint (POST /api/issuance/places/<id>/issue) served by
gunicorn, driven on loopback by wrk (C, so that the load generator takes little of the 2 cores),
beside a trivial one-row write route (bench/issuance_app.py) in the same run.

Set-up, through the services: 8 residents' committees voting today, each with a synthetic roll of
4,500 voters imported and published, candidates nominated, vetted and published, a central venue
and an issuer with an account. Each wrk thread is one issuer at one place, issuing down the list
of its electors; one request in ten sends the previous request's key again (a retry after a dropped
answer: must answer 200, issue nothing). After the run the register is checked against the answers:
every 201 is one row, no person twice, the maintained count equals the rows.

Needs wrk (`apt-get install wrk`).
Run: .venv/bin/python bench/issuance_load.py            (SQLite)
     bash scripts/with-postgres.sh .venv/bin/python bench/issuance_load.py
Options (environment): SECONDS=30, CONNECTIONS=32, WORKERS=2, THREADS=1 (gunicorn gthread; measured
best of 2–6 workers and 1–4 threads on this 2-core machine: more workers only contend for the cores).
"""
import http.cookiejar
import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import time as hour, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _setup import PASSWORD, bench_app  # noqa: E402

from sqlalchemy import func, select  # noqa: E402

from elections.accounts.models import User  # noqa: E402
from elections.accounts.services import hash_password  # noqa: E402
from elections.candidates import demo as candidates_demo  # noqa: E402
from elections.candidates import services as candidates  # noqa: E402
from elections.clock import beijing_today  # noqa: E402
from elections.extensions import db  # noqa: E402
from elections.geography.codes import CITY_CODE  # noqa: E402
from elections.polling import services as polling  # noqa: E402
from elections.polling.models import BallotIssue  # noqa: E402
from elections.rolls import importer, synthetic  # noqa: E402
from elections.rolls import services as rolls  # noqa: E402
from elections.rolls.models import Voter  # noqa: E402
from elections.rounds import services as rounds  # noqa: E402
from elections.rounds.demo import reached_on  # noqa: E402
from elections.rounds.models import CommitteeElection  # noqa: E402

SECONDS = int(os.environ.get("SECONDS", "30"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "32"))
WORKERS = int(os.environ.get("WORKERS", "2"))
THREADS = int(os.environ.get("THREADS", "1"))
COMMITTEES, VOTERS = 8, 4500
PORT = 8799
TODAY = beijing_today()

LUA = r"""
-- One wrk thread = one issuer at one place (set by setup from the Python side).
local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end
function init(args)
  local spec = PLACES[id]
  place, cookie, token = spec[1], spec[2], spec[3]
  cards = spec[4]
  next_card, sent, previous = (BACKWARDS and #cards or 1), 0, nil
  statuses = {}
  wrk.headers["Cookie"] = cookie
  wrk.headers["X-CSRFToken"] = token
  wrk.headers["Content-Type"] = "application/json"
end
function request()
  sent = sent + 1
  local body
  if MODE == "write" then
    return wrk.format("POST", "/bench/write", nil, "{}")
  end
  if previous ~= nil and sent % 10 == 0 then
    body = previous  -- a retry: the same card and key again
  else
    local card = cards[next_card] or cards[1]
    next_card = next_card + (BACKWARDS and -1 or 1)
    body = string.format('{"card": "%s", "key": "wrk-%d-%d-%d"}', card, RUN, id, sent)
    previous = body
  end
  return wrk.format("POST", "/api/issuance/places/" .. place .. "/issue", nil, body)
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for k, v in pairs(s) do total[k] = (total[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(total) do table.insert(parts, string.format('"%d": %d', k, v)) end
  io.write(string.format('RESULT {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p99_ms": %.2f, ' ..
    '"max_ms": %.2f, "errors": %d, "statuses": {%s}}\n', summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status,
    table.concat(parts, ", ")))
end
"""


def set_up(app) -> list[dict]:
    """The committees, their rolls, lists, central venues and issuers; returns each place's wrk spec."""
    with app.app_context():
        round_ = rounds.open_round("负载测试换届选举", TODAY - timedelta(days=40), TODAY + timedelta(days=40),
                                   village_term=12, residential_term=11, ruleset="national-2026", training=True)
        committees = [c for c in synthetic.committees(CITY_CODE) if c[2] == "residential"][:COMMITTEES]
        when = {stage: min(day, TODAY) for stage, day in reached_on(TODAY).items()}
        elections = []
        for code, *_ in committees:
            election = rounds.election_for(round_, code)
            rounds.update_plan(election, {"mode": "direct", "election_day": TODAY, "seats_director": 1,
                                          "seats_deputy_director": 1, "seats_member": 4, "ballot_method": "single",
                                          "venue": "社区居委会会议室"})
            rounds.move_stage(election, "registration", today=when["registration"])
            elections.append(election)
        people = synthetic.People(random.Random(15), TODAY)
        text = io.StringIO()
        synthetic.write_csv(text, (row for c in committees for row in synthetic.households(people, c, VOTERS)))
        checked = importer.check_import(round_, text.getvalue().encode("utf-8-sig"), "load.csv", CITY_CODE, None)
        assert checked.status == "checked", checked.problems
        importer.apply_import(checked, None, today=when["registration"])
        places = []
        for election in elections:
            rolls.publish(election, None, today=when["roll_published"])
            rounds.move_stage(election, "nomination", today=when["nomination"])
            candidates_demo.publish(election, when)
            central = polling.add_place(election, polling.PlaceInput("central", "中心会场", "会议室", hour(7), hour(20),
                                                                     [], [], []))
            electors = db.session.scalars(select(Voter).where(polling.elector_condition(election))
                                          .order_by(Voter.number)).all()
            issuer = next(v for v in electors if not candidates.staff_problems(election, v.name, v.id_number))
            assignment = polling.assign_staff(central, str(issuer.number), "issuer")
            user, _password = polling.create_issuer_account(assignment)
            user.password_hash = hash_password(PASSWORD)
            places.append({"place": central.id, "username": user.username,
                           "cards": [str(v.number).zfill(4) for v in electors]})
        db.session.commit()
        return places


def log_in(base: str, username: str) -> tuple[str, str]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base + "/login", timeout=30).read().decode()
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    opener.open(base + "/login", data=urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrf_token": csrf}).encode(), timeout=30).read()
    page = opener.open(base + "/issue", timeout=30).read().decode()
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    return "; ".join(f"{c.name}={c.value}" for c in jar), token


def lua_places(places: list[dict], sessions: list[tuple[str, str]]) -> str:
    rows = []
    for spec, (cookie, token) in zip(places, sessions):
        cards = ", ".join(f'"{c}"' for c in spec["cards"])
        rows.append(f'{{"{spec["place"]}", "{cookie}", "{token}", {{{cards}}}}}')
    return "PLACES = {" + ",\n".join(rows) + "}\n"


def run_wrk(base: str, script: Path, seconds: int) -> dict:
    output = subprocess.run(["wrk", f"-t{COMMITTEES}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s",
                             "-s", str(script), base], capture_output=True, text=True, check=True).stdout
    return json.loads(output.split("RESULT ", 1)[1].strip())


def main():
    app = bench_app()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    started = time.perf_counter()
    places = set_up(app)
    backend = "postgresql" if url.startswith("postgresql") else "sqlite"
    print(f"{backend}: set-up {time.perf_counter() - started:.0f} s, "
          f"{COMMITTEES} places, {sum(len(p['cards']) for p in places)} electors; gunicorn {WORKERS} workers "
          f"x {THREADS} threads, wrk {COMMITTEES} threads x {CONNECTIONS} connections, {SECONDS} s a run")
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-b", f"127.0.0.1:{PORT}", "-w", str(WORKERS),
                               "-k", "gthread", "--threads", str(THREADS), "--chdir", str(HERE), "--log-level",
                               "warning", "issuance_app:make()"], env=env)
    base = f"http://127.0.0.1:{PORT}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/login", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        sessions = [log_in(base, p["username"]) for p in places]
        work = Path(tempfile.mkdtemp())
        results = []
        # Twice each, alternating, so that a slower moment of a shared machine shows as a spread.
        # The second issue run goes up each list from its end, so that it meets people not yet issued.
        for run, (mode, backwards) in enumerate((("write", False), ("issue", False), ("write", False),
                                                 ("issue", True))):
            script = work / f"{mode}-{run}.lua"
            script.write_text(lua_places(places, sessions) + f'MODE = "{mode}"\nRUN = {run}\n'
                              f'BACKWARDS = {"true" if backwards else "false"}\n' + LUA)
            results.append((mode, run_wrk(base, script, SECONDS)))
    finally:
        server.terminate()
        server.wait()
    with app.app_context():
        rows = db.session.scalar(select(func.count()).select_from(BallotIssue))
        people = db.session.scalar(select(func.count(func.distinct(BallotIssue.voter_id))))
        elections = db.session.scalar(select(func.sum(CommitteeElection.issued)))
        assert db.session.scalar(select(func.count()).select_from(User).where(User.role == "issuer")) == COMMITTEES
    created = 0
    for mode, result in results:
        rate = result["requests"] / result["seconds"]
        statuses = result["statuses"]
        print(f"  {mode:<6} {rate:7.0f} req/s  p50 {result['p50_ms']:.1f} ms  p99 {result['p99_ms']:.1f} ms  "
              f"max {result['max_ms']:.1f} ms  non-2xx or socket errors {result['errors']}  statuses {statuses}")
        if mode == "issue":
            created += statuses.get("201", 0)
            print(f"         issues written {statuses.get('201', 0) / result['seconds']:.0f}/s; retries answered 200: "
                  f"{statuses.get('200', 0)}, refused 409: {statuses.get('409', 0)}, 422: {statuses.get('422', 0)}")
    print(f"  register: {rows} rows for {people} people; election counts {elections}")
    double = rows - people
    # Requests still in flight when wrk stops are written but not counted by wrk: at most one a connection.
    assert rows == elections and created <= rows <= created + 2 * CONNECTIONS and double == 0
    print(f"  double issues: {double}; written after wrk stopped counting (in flight): {rows - created}")


if __name__ == "__main__":
    main()
