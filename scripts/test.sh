#!/usr/bin/env bash
# Full test run: setup, then the whole pytest suite on SQLite and on
# PostgreSQL. Extra arguments are passed to pytest. Stops at the first
# failing pass.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh

# Two workers (pytest-xdist; the machine has two cores; PYTEST_WORKERS=0 runs in one process),
# tests in random order (pytest-randomly prints its seed at the top; `--randomly-seed=N` repeats
# an order, `-p no:randomly` keeps the file order). Each worker builds its own template database.
PYTEST=(.venv/bin/python -m pytest -p no:cacheprovider -n "${PYTEST_WORKERS:-2}" "$@")
sqlite=skipped
postgresql=skipped

summary() { echo "sqlite: $sqlite, postgresql: $postgresql"; }

# run_pass NAME CMD... : runs CMD, returns 0 on success, 1 otherwise.
run_pass() {
    local name="$1"; shift
    local rc=0
    "$@" || rc=$?
    if [ "$rc" -eq 5 ]; then
        echo "error: pytest collected no tests on $name" >&2
        return 1
    elif [ "$rc" -ne 0 ]; then
        echo "error: tests on $name failed (pytest exit status $rc)" >&2
        return 1
    fi
}

echo "== tests on SQLite"
if run_pass SQLite env -u DATABASE_URL "${PYTEST[@]}"; then
    sqlite=passed
else
    sqlite=failed; summary; exit 1
fi

echo "== tests on PostgreSQL"
if run_pass PostgreSQL bash scripts/with-postgres.sh "${PYTEST[@]}"; then
    postgresql=passed
else
    postgresql=failed; summary; exit 1
fi

summary
