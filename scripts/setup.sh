#!/usr/bin/env bash
# Idempotent developer/CI setup: system packages, virtualenv, translations.
# Safe to run repeatedly; a second run does no network work.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DEBIAN_FRONTEND=noninteractive

log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- (a) apt --
pkg_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

if command -v dpkg-query >/dev/null 2>&1; then
    wanted=(fonts-noto-cjk libharfbuzz-subset0 poppler-utils zbar-tools chromium postgresql
            libpango-1.0-0 libpangoft2-1.0-0)
    if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
        wanted+=(python3-venv)
    fi
    missing=()
    for p in "${wanted[@]}"; do
        pkg_installed "$p" || missing+=("$p")
    done
    if ((${#missing[@]})); then
        SUDO=()
        if [ "$(id -u)" -ne 0 ]; then
            command -v sudo >/dev/null 2>&1 || die "need root or sudo to install: ${missing[*]}"
            SUDO=(sudo DEBIAN_FRONTEND=noninteractive)
        fi
        log "installing Debian packages: ${missing[*]}"
        "${SUDO[@]}" apt-get update
        "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
    fi
else
    log "dpkg-query not found; skipping system packages (not a Debian system?)"
fi

# ------------------------------------------------------------- (b) venv ---
py_ok() {  # is $1 a Python >= 3.11?
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}

if [ -x .venv/bin/python ] && ! py_ok .venv/bin/python; then
    die ".venv uses $(.venv/bin/python -V 2>&1); Python >= 3.11 is required. Remove .venv and rerun."
fi

if [ ! -x .venv/bin/python ]; then
    PY=""
    for cand in python3 python3.13 python3.12 python3.11; do
        if command -v "$cand" >/dev/null 2>&1 && py_ok "$cand"; then
            PY="$cand"; break
        fi
    done
    [ -n "$PY" ] || die "Python >= 3.11 is required (found: $(python3 -V 2>&1 || echo none))"
    log "creating .venv with $("$PY" -V 2>&1)"
    rm -rf .venv
    "$PY" -m venv .venv
fi

stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -e "$stamp" ]; then
    log "installing Python dependencies into .venv"
    .venv/bin/pip install -q --upgrade pip
    .venv/bin/pip install -q -e '.[dev]'
    rm -f .venv/.installed-*
    touch "$stamp"
else
    log "Python dependencies up to date ($stamp)"
fi

# ------------------------------------------------------ (c) translations --
if [ -d translations ] && [ -n "$(find translations -name '*.po' -print -quit)" ]; then
    .venv/bin/pybabel -q compile -d translations -f
    log "translations compiled"
fi

log "done"
