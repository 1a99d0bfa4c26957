#!/usr/bin/env bash
# Usage: scripts/with-postgres.sh CMD [ARGS...]
# Starts a throwaway PostgreSQL server on 127.0.0.1:${PGTEST_PORT:-54329},
# runs CMD with DATABASE_URL pointing at an empty database "elections_test",
# then stops the server, deletes its files and exits with CMD's status.
set -euo pipefail

die() { printf '[with-postgres] error: %s\n' "$*" >&2; exit 1; }
[ $# -gt 0 ] || die "usage: $0 CMD [ARGS...]"

PORT="${PGTEST_PORT:-54329}"
BINDIR="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
[ -n "$BINDIR" ] && [ -x "$BINDIR/initdb" ] || die "PostgreSQL server binaries not found (run scripts/setup.sh)"

AS_ROOT=0
if [ "$(id -u)" -eq 0 ]; then
    AS_ROOT=1
    id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' user"
    command -v runuser >/dev/null 2>&1 || die "running as root but runuser is missing"
fi

# Base directory (holds data dir, log and the Unix socket). As root the
# server runs as 'postgres', which must be able to reach it.
TMPBASE="${TMPDIR:-/tmp}"
if [ "$AS_ROOT" -eq 1 ] && ! runuser -u postgres -- test -w "$TMPBASE" -a -x "$TMPBASE" 2>/dev/null; then
    TMPBASE=/tmp
fi
BASE="$(mktemp -d "$TMPBASE/pgtest.XXXXXX")"
DATADIR="$BASE/data"
STARTED=0
PGPID=

pg() {  # run a server binary as the right user
    if [ "$AS_ROOT" -eq 1 ]; then
        (cd "$BASE" && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ "$STARTED" -eq 1 ]; then
        pg "$BINDIR/pg_ctl" stop -D "$DATADIR" -m fast -w >/dev/null 2>&1 \
            || pg "$BINDIR/pg_ctl" stop -D "$DATADIR" -m immediate -w >/dev/null 2>&1 \
            || kill -QUIT "$(head -1 "$DATADIR/postmaster.pid" 2>/dev/null)" 2>/dev/null || true
        wait "$PGPID" 2>/dev/null || true
    fi
    rm -rf "$BASE"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

chmod 755 "$BASE"
if [ "$AS_ROOT" -eq 1 ]; then chown postgres: "$BASE"; fi

if ! pg "$BINDIR/initdb" -D "$DATADIR" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$BASE/initdb.log" 2>&1; then
    rm -rf "$DATADIR"
    if ! pg "$BINDIR/initdb" -D "$DATADIR" -A trust -U postgres -E UTF8 --locale=C >"$BASE/initdb.log" 2>&1; then
        cat "$BASE/initdb.log" >&2
        die "initdb failed"
    fi
fi

# The postmaster runs as a direct child of this script (rather than being
# daemonised by "pg_ctl start") so that we reap it ourselves: under a PID 1
# that does not reap orphans, a pg_ctl-started server lingers as a zombie.
# As root it is started through setpriv, which execs (no intermediate
# process that a signal could kill, orphaning the server).
if [ "$AS_ROOT" -eq 1 ]; then
    RUNAS=(setpriv --reuid=postgres --regid=postgres --init-groups --)
    command -v setpriv >/dev/null 2>&1 || RUNAS=(runuser -u postgres --)
else
    RUNAS=()
fi
cd "$BASE"
"${RUNAS[@]}" "$BINDIR/postgres" -D "$DATADIR" \
    -c listen_addresses=127.0.0.1 -p "$PORT" -k "$DATADIR" \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
    >"$DATADIR/log" 2>&1 </dev/null &
cd "$OLDPWD"
PGPID=$!
STARTED=1
for _ in $(seq 1 300); do  # up to 60 s, like pg_ctl -w
    if ! kill -0 "$PGPID" 2>/dev/null; then
        cat "$DATADIR/log" >&2 || true
        die "could not start PostgreSQL on 127.0.0.1:$PORT (port in use? set PGTEST_PORT)"
    fi
    "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PORT" -U postgres && break
    sleep 0.2
done
"$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PORT" -U postgres \
    || { cat "$DATADIR/log" >&2 || true; die "PostgreSQL did not become ready on 127.0.0.1:$PORT"; }

"$BINDIR/createdb" -h 127.0.0.1 -p "$PORT" -U postgres elections_test
export DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/elections_test"
printf '[with-postgres] PostgreSQL %s ready at %s\n' \
    "$("$BINDIR/postgres" -V | awk '{print $3}')" "$DATABASE_URL" >&2

set +e
"$@"
status=$?
set -e
exit "$status"
