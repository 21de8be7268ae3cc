#!/usr/bin/env bash
# Install the project's Python environment into .venv from uv.lock.
# Finds a Python >= 3.12 (Django 6.1 needs it), brings uv into .tools/ from PyPI,
# then runs `uv sync --frozen` so every machine gets exactly the locked versions.
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION="0.13.9"
TOOLS_DIR=".tools"

python_ok() {  # $1: interpreter; true when it runs and is >= 3.12
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

find_python() {
    local candidate
    if [ -n "${RPL_PYTHON:-}" ] && python_ok "$RPL_PYTHON"; then echo "$RPL_PYTHON"; return; fi
    for candidate in python3.14 python3.13 python3.12 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
            command -v "$candidate"; return
        fi
    done
    # pyenv installs are not always on PATH as working shims.
    for candidate in "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9]; do
        if [ -x "$candidate" ] && python_ok "$candidate"; then echo "$candidate"; return; fi
    done
    echo ""
}

bootstrap_python=""
for candidate in python3 "$(find_python)"; do
    if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1; then bootstrap_python="$candidate"; break; fi
done
if [ -z "$bootstrap_python" ]; then
    echo "bootstrap: no python3 found; install Python 3.12 or newer" >&2
    exit 1
fi

if [ ! -x "$TOOLS_DIR/bin/uv" ] || ! "$TOOLS_DIR/bin/uv" --version 2>/dev/null | grep -q "$UV_VERSION"; then
    echo "bootstrap: installing uv $UV_VERSION into $TOOLS_DIR/"
    "$bootstrap_python" -m venv "$TOOLS_DIR"
    "$TOOLS_DIR/bin/pip" install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi
UV="$TOOLS_DIR/bin/uv"

python_for_venv="$(find_python)"
if [ -z "$python_for_venv" ]; then
    echo "bootstrap: no Python >= 3.12 on this machine; asking uv to install one"
    "$UV" python install 3.12
    python_for_venv="3.12"
fi

export UV_PROJECT_ENVIRONMENT=.venv
"$UV" sync --frozen --python "$python_for_venv" --quiet
# FHIR.js, the FHIR R4 validator the test suite runs over every export (tools/fhir-validator).
if command -v npm >/dev/null 2>&1; then
    npm ci --prefix tools/fhir-validator --no-audit --no-fund --silent \
        || echo "bootstrap: FHIR.js not installed; the FHIR validation tests will say so" >&2
else
    echo "bootstrap: no npm; the FHIR validation tests need node and npm" >&2
fi
# Compiled translations (.mo) are built here, not committed; without gettext the site is English.
scripts/messages.sh compile || echo "bootstrap: translations not compiled" >&2
echo "bootstrap: .venv ready ($(.venv/bin/python --version))"
