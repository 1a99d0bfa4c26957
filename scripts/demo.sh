#!/usr/bin/env bash
# Set up, migrate, import the administrative divisions, load demo data and
# serve the app with gunicorn on ${HOST:-127.0.0.1}:${PORT:-5000}.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh

export FLASK_APP=elections
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-5000}"

.venv/bin/flask db upgrade
.venv/bin/flask demo load   # loads the divisions and accounts, prints the logins

# The job queue's consumer prints batches in the background (documents.jobs: SqliteHuey in
# instance/huey.db; RedisHuey when REDIS_URL is set); it stops with the server.
.venv/bin/huey_consumer elections.documents.jobs.huey -k process -w 2 -q &
CONSUMER=$!
trap 'kill "$CONSUMER" 2>/dev/null' EXIT INT TERM

echo "Open http://$HOST:$PORT/ in a browser"
.venv/bin/gunicorn -w 2 --timeout 120 -b "$HOST:$PORT" 'elections:create_app()'
